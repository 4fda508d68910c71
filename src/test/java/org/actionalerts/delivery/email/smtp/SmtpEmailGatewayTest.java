package org.actionalerts.delivery.email.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.actionalerts.delivery.SendResult;
import org.actionalerts.delivery.SendResult.Outcome;
import org.actionalerts.delivery.email.EmailMessage;
import org.actionalerts.platform.EmailSettings;
import org.actionalerts.platform.Organisation;
import org.actionalerts.support.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpEmailGatewayTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    private static final Organisation ORG = new Organisation("Frederick Immigrant Rights & Co", "help@example.org");
    private static final String UNSUBSCRIBE = "https://alerts.example.org/unsubscribe/tok123?a=1&b=2";

    private static EmailSettings settings(int port) {
        return new EmailSettings("127.0.0.1", port, "", "", false, "Action Alerts <alerts@example.org>", 50);
    }

    private static EmailMessage campaignMail(String to, String id) {
        return new EmailMessage(to, "¡Actúa hoy!", "Call the sheriff now.", "<html><body><p>Call the <b>sheriff</b> now.</p></body></html>",
                id, UNSUBSCRIBE);
    }

    @Test
    void sendsMultipartAlternativeWithUnsubscribeHeadersFooterAndOurMessageId() throws Exception {
        try (SmtpEmailGateway gateway = new SmtpEmailGateway(settings(greenMail.getSmtp().getPort()), ORG)) {
            SendResult result = gateway.send(campaignMail("ana@example.com", "campaign-7.supporter-42@actionalerts"));

            assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
            assertThat(result.providerId()).isEqualTo("<campaign-7.supporter-42@actionalerts>");
        }
        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertThat(received.getMessageID()).isEqualTo("<campaign-7.supporter-42@actionalerts>");
        assertThat(received.getSubject()).isEqualTo("¡Actúa hoy!");
        assertThat(received.getFrom()[0].toString()).isEqualTo("Action Alerts <alerts@example.org>");
        assertThat(received.getHeader("List-Unsubscribe", null)).isEqualTo("<" + UNSUBSCRIBE + ">");
        assertThat(received.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(received.getContentType()).startsWith("multipart/alternative");

        Multipart parts = (Multipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        Part text = parts.getBodyPart(0);
        Part html = parts.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain");
        assertThat(html.getContentType()).startsWith("text/html");
        assertThat((String) text.getContent())
                .startsWith("Call the sheriff now.")
                .contains("Frederick Immigrant Rights & Co")
                .contains("Unsubscribe: " + UNSUBSCRIBE);
        assertThat((String) html.getContent())
                .contains("Call the <b>sheriff</b> now.")
                .contains("Frederick Immigrant Rights &amp; Co")
                .contains("href=\"https://alerts.example.org/unsubscribe/tok123?a=1&amp;b=2\"")
                .containsSubsequence("Unsubscribe</a>", "</body>");
    }

    @Test
    void mailThatIsNotACampaignHasNoUnsubscribeHeadersOrFooter() throws Exception {
        try (SmtpEmailGateway gateway = new SmtpEmailGateway(settings(greenMail.getSmtp().getPort()), ORG)) {
            assertThat(gateway.send(new EmailMessage("ana@example.com", "Re: your case", "We called you back.", null, null, null))
                    .outcome()).isEqualTo(Outcome.ACCEPTED);
        }
        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertThat(received.getHeader("List-Unsubscribe")).isNull();
        assertThat(received.getMessageID()).isNotBlank(); // Jakarta Mail's own when we give none
        assertThat(((String) received.getContent()).trim()).isEqualTo("We called you back.");
    }

    @Test
    void fiftyMessagesFromManyThreadsReuseAFewConnections() throws Exception {
        try (SmtpEmailGateway gateway = new SmtpEmailGateway(settings(greenMail.getSmtp().getPort()), ORG, 4, 90)) {
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<SendResult>> results = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String to = "person" + i + "@example.com";
                    String id = "c1.s" + i + "@actionalerts";
                    results.add(threads.submit(() -> gateway.send(campaignMail(to, id))));
                }
                for (Future<SendResult> r : results) {
                    assertThat(r.get().outcome()).isEqualTo(Outcome.ACCEPTED);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(greenMail.getReceivedMessages()).hasSize(50);
            assertThat(gateway.connectionsOpened()).isBetween(1, 4);
        }
    }

    @Test
    void poolingSeenFromTheServerSide() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer();
             SmtpEmailGateway gateway = new SmtpEmailGateway(settings(server.port()), ORG, 2, 20)) {
            for (int i = 0; i < 50; i++) {
                assertThat(gateway.send(campaignMail("p" + i + "@example.com", "id" + i + "@x")).outcome()).isEqualTo(Outcome.ACCEPTED);
            }
            assertThat(server.delivered()).hasSize(50);
            // One connection at a time, retired every 20 messages: 3 connections for 50 messages.
            assertThat(server.connections()).isEqualTo(3);
            assertThat(gateway.connectionsOpened()).isEqualTo(3);
        }
    }

    @Test
    void rejectedRecipientIsPermanentAndTheConnectionIsKept() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .refuse("gone@example.com", "550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown")
                .refuse("busy@example.com", "450 4.2.1 Mailbox busy, try later");
             SmtpEmailGateway gateway = new SmtpEmailGateway(settings(server.port()), ORG)) {
            SendResult gone = gateway.send(campaignMail("gone@example.com", "a@x"));
            assertThat(gone.outcome()).isEqualTo(Outcome.PERMANENT);
            assertThat(gone.errorCode()).isEqualTo("smtp-550");

            SendResult busy = gateway.send(campaignMail("busy@example.com", "b@x"));
            assertThat(busy.outcome()).isEqualTo(Outcome.TRANSIENT);
            assertThat(busy.errorCode()).isEqualTo("smtp-450");

            assertThat(gateway.send(campaignMail("fine@example.com", "c@x")).outcome()).isEqualTo(Outcome.ACCEPTED);
            assertThat(server.delivered()).containsExactly("fine@example.com");
            assertThat(server.connections()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void malformedAddressIsPermanent() {
        try (SmtpEmailGateway gateway = new SmtpEmailGateway(settings(greenMail.getSmtp().getPort()), ORG)) {
            SendResult result = gateway.send(campaignMail("not an address", "x@y"));
            assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        }
    }

    @Test
    void serverDownIsTransientAndReportedByTheHealthCheck() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (SmtpEmailGateway gateway = new SmtpEmailGateway(settings(closedPort), ORG)) {
            SendResult result = gateway.send(campaignMail("ana@example.com", "x@y"));
            assertThat(result.outcome()).isEqualTo(Outcome.TRANSIENT);
            assertThat(result.errorCode()).isEqualTo("smtp-connect");
            assertThat(gateway.problem()).contains("smtp-connect");
        }
    }

    @Test
    void healthyServerHasNoProblem() {
        try (SmtpEmailGateway gateway = new SmtpEmailGateway(settings(greenMail.getSmtp().getPort()), ORG)) {
            assertThat(gateway.problem()).isNull();
            assertThat(gateway.kind()).isEqualTo("smtp");
        }
    }

    @Test
    void refusedLoginIsSystemic() {
        GreenMail withAuth = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.org", "alerts", "right-password"));
        withAuth.start();
        try {
            EmailSettings wrongPassword = new EmailSettings("127.0.0.1", withAuth.getSmtp().getPort(), "alerts", "wrong-password",
                    false, "alerts@example.org", 50);
            try (SmtpEmailGateway gateway = new SmtpEmailGateway(wrongPassword, ORG)) {
                SendResult result = gateway.send(campaignMail("ana@example.com", "x@y"));
                assertThat(result.outcome()).isEqualTo(Outcome.SYSTEMIC);
                assertThat(result.errorCode()).isEqualTo("smtp-auth");
                assertThat(gateway.problem()).contains("smtp-auth");
            }
            EmailSettings rightPassword = new EmailSettings("127.0.0.1", withAuth.getSmtp().getPort(), "alerts", "right-password",
                    false, "alerts@example.org", 50);
            try (SmtpEmailGateway gateway = new SmtpEmailGateway(rightPassword, ORG)) {
                assertThat(gateway.send(campaignMail("ana@example.com", "x@y")).outcome()).isEqualTo(Outcome.ACCEPTED);
            }
        } finally {
            withAuth.stop();
        }
    }
}
