package org.actionalerts.support;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.util.ArrayList;
import java.util.List;

/** App settings that point the service at a test's fake Twilio and real SMTP server. */
public final class Providers {
    private Providers() {}

    /** A GreenMail SMTP server on a free port, without authentication. */
    public static GreenMail startMail() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        return mail;
    }

    /** Key, value pairs for {@link TestApp#create}: Twilio, and SMTP when {@code mail} is not null, then {@code extra}. */
    public static String[] settings(FakeTwilio twilio, GreenMail mail, String... extra) {
        List<String> settings = new ArrayList<>(List.of(
                "sms.accountSid", FakeTwilio.ACCOUNT_SID,
                "sms.authToken", FakeTwilio.AUTH_TOKEN,
                "sms.fromNumber", FakeTwilio.DEFAULT_FROM,
                "sms.apiBaseUrl", twilio.baseUrl(),
                "organisation.name", "Immigrant Rights Now"));
        if (mail != null) {
            settings.addAll(List.of(
                    "email.host", "127.0.0.1",
                    "email.port", String.valueOf(mail.getSmtp().getPort()),
                    "email.startTls", "false",
                    "email.from", "alerts@example.org"));
        }
        settings.addAll(List.of(extra));
        if (!settings.contains("publicBaseUrl")) {
            // The service refuses Twilio with a PUBLIC_BASE_URL on this machine (signatures could never match).
            settings.addAll(List.of("publicBaseUrl", "https://alerts.example.org"));
        }
        return settings.toArray(String[]::new);
    }
}
