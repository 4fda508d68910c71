package org.actionalerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Instant;
import org.actionalerts.delivery.SendResult.Outcome;
import org.actionalerts.delivery.email.DryRunEmailGateway;
import org.actionalerts.delivery.email.EmailGateway;
import org.actionalerts.delivery.email.EmailGateways;
import org.actionalerts.delivery.email.EmailMessage;
import org.actionalerts.delivery.sms.DryRunSmsGateway;
import org.actionalerts.delivery.sms.SmsGateway;
import org.actionalerts.delivery.sms.SmsGateways;
import org.actionalerts.delivery.sms.SmsMessage;
import org.actionalerts.platform.EmailSettings;
import org.actionalerts.platform.Organisation;
import org.actionalerts.platform.SmsSettings;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DryRunGatewaysTest {

    @Test
    void settingsWithoutAccountOrHostGiveDryRunGateways() {
        assertThat(SmsGateways.fromSettings(SmsSettings.DRY_RUN, "https://x.example")).isInstanceOf(DryRunSmsGateway.class);
        assertThat(EmailGateways.fromSettings(EmailSettings.DRY_RUN, new Organisation("Org", "help"))).isInstanceOf(DryRunEmailGateway.class);
    }

    @Test
    void dryRunIsSaidAtWarnWhenTheGatewaysAreChosen() {
        ListAppender<ILoggingEvent> sms = new ListAppender<>();
        ListAppender<ILoggingEvent> email = new ListAppender<>();
        Logger smsLogger = (Logger) LoggerFactory.getLogger(SmsGateways.class);
        Logger emailLogger = (Logger) LoggerFactory.getLogger(EmailGateways.class);
        sms.start();
        email.start();
        smsLogger.addAppender(sms);
        emailLogger.addAppender(email);
        try {
            SmsGateways.fromSettings(SmsSettings.DRY_RUN, "https://x.example");
            EmailGateways.fromSettings(EmailSettings.DRY_RUN, new Organisation("Org", "help"));
            assertThat(sms.list).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage()).contains("dry-run", "TWILIO_ACCOUNT_SID", "nothing leaves the machine");
            });
            assertThat(email.list).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage()).contains("dry-run", "SMTP_HOST", "nothing leaves the machine");
            });
        } finally {
            smsLogger.detachAppender(sms);
            emailLogger.detachAppender(email);
        }
    }

    @Test
    void dryRunSmsAcceptsEverythingAndLogsNeitherNumberNorBody() {
        Logger logger = (Logger) LoggerFactory.getLogger(DryRunSmsGateway.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        Level before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try {
            SmsGateway sms = new DryRunSmsGateway();
            SendResult result = sms.send(new SmsMessage("+14105550123", "secret body text"));

            assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
            assertThat(result.providerId()).startsWith("dry-run-");
            assertThat(sms.findSent("+14105550123", "secret body text", Instant.EPOCH)).isEmpty();
            assertThat(sms.kind()).isEqualTo("dry-run");
            assertThat(sms.problem()).isNull();
            assertThat(logs.list).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
                assertThat(e.getFormattedMessage()).contains("+1******0123").doesNotContain("4105550123").doesNotContain("secret");
            });
        } finally {
            logger.setLevel(before);
            logger.detachAppender(logs);
        }
    }

    @Test
    void dryRunEmailAcceptsWithTheMessageId() {
        EmailGateway email = new DryRunEmailGateway();
        SendResult result = email.send(new EmailMessage("ana@example.com", "s", "t", null, "<c1.s2@x>", null));
        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.providerId()).isEqualTo("<c1.s2@x>");
        assertThat(email.kind()).isEqualTo("dry-run");
    }

    @Test
    void healthChecksReportDryRunAndProblems() {
        assertThat(TransportHealthCheck.of(new DryRunSmsGateway()).execute().isHealthy()).isTrue();
        assertThat(TransportHealthCheck.of(new DryRunEmailGateway()).execute().getMessage()).contains("dry-run");
        TransportHealthCheck broken = new TransportHealthCheck("smtp", () -> "SMTP server down");
        assertThat(broken.execute().isHealthy()).isFalse();
        assertThat(broken.execute().getMessage()).isEqualTo("SMTP server down");
    }
}
