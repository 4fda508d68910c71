package org.actionalerts.delivery;

/**
 * The provider error codes the generic outbox reacts to, as {@link SendResult#errorCode()} and status callbacks
 * carry them; what every other code means is the SMS adapter's business (its error table).
 */
public final class ProviderCodes {
    /** The recipient opted out at the carrier (Twilio 21610): their consent decision, not a delivery problem. */
    public static final String CARRIER_OPT_OUT = "21610";
    /** Carriers filtered the text as spam (Twilio 30007): one message's failure, a campaign's problem in a burst. */
    public static final String CARRIER_FILTERED = "30007";

    private ProviderCodes() {}
}
