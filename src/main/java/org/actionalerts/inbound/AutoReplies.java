package org.actionalerts.inbound;

import org.actionalerts.platform.Organisation;

/**
 * The texts we send back to keywords, in English and Spanish. They name the program and how to stop,
 * as carriers require (CTIA): an opt-out confirmation says how to resume, an opt-in names frequency and costs.
 */
final class AutoReplies {
    private final String org;
    private final String helpContact;
    private final String frequency;

    AutoReplies(Organisation organisation, String frequency) {
        this.org = organisation.name() == null || organisation.name().isBlank() ? "Action Alerts" : organisation.name();
        this.helpContact = organisation.helpContact() == null || organisation.helpContact().isBlank()
                ? null : organisation.helpContact();
        this.frequency = frequency;
    }

    String optedOut(String language) {
        return spanish(language)
                ? org + ": Ha cancelado su suscripción y no recibirá más mensajes. Responda START para volver a suscribirse."
                : org + ": You are unsubscribed and will receive no more messages. Reply START to resubscribe.";
    }

    String optedIn(String language) {
        return spanish(language)
                ? org + " Alertas de Acción: está suscrito. " + frequencyEs() + ". Pueden aplicarse tarifas de mensajes y datos."
                  + " Responda AYUDA para ayuda, PARAR para cancelar."
                : org + " Action Alerts: you are subscribed. " + frequency + ". Msg & data rates may apply."
                  + " Reply HELP for help, STOP to cancel.";
    }

    String help(String language) {
        return spanish(language)
                ? org + " Alertas de Acción. " + (helpContact == null ? "" : "Ayuda: " + helpContact + ". ")
                  + "Para hablar con un abogado, envíe LEGAL. Responda PARAR para cancelar."
                : org + " Action Alerts. " + (helpContact == null ? "" : "Help: " + helpContact + ". ")
                  + "To reach an attorney, text LEGAL. Reply STOP to cancel.";
    }

    private String frequencyEs() {
        return frequency.replace("Up to", "Hasta").replace("msgs/month", "mensajes al mes");
    }

    private static boolean spanish(String language) {
        return "es".equals(language);
    }
}
