package org.actionalerts.platform;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.actionalerts.ActionAlertsConfiguration;

/**
 * Settings the service refuses to start with, because running with them would quietly lose messages or leave a
 * door open: a channel configured in part (a typo in one Twilio variable used to mean dry-run: texts recorded as
 * sent and nothing leaving), Twilio pointed at a service that calls itself localhost, a guessable ADMIN_TOKEN.
 *
 * <p>Problems name environment variables, never their values: a refusal is printed and logged.
 */
public final class StartupChecks {

    public static final int MIN_ADMIN_TOKEN_LENGTH = 32;

    private StartupChecks() {}

    /** Thrown from the application's start when {@link #problems} finds any: the service does not start. */
    public static final class MisconfigurationException extends IllegalStateException {
        private final List<String> problems;

        public MisconfigurationException(List<String> problems) {
            super("Action Alerts refuses to start:\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** @throws MisconfigurationException listing every problem at once, so one restart can fix them all */
    public static void check(ActionAlertsConfiguration config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new MisconfigurationException(problems);
        }
    }

    public static List<String> problems(ActionAlertsConfiguration config) {
        return problems(config.publicBaseUrl(), config.adminToken(), config.sms(), config.email());
    }

    public static List<String> problems(String publicBaseUrl, String adminToken, SmsSettings sms, EmailSettings email) {
        List<String> problems = new ArrayList<>();
        URI base = absoluteHttpUrl(publicBaseUrl);
        if (base == null) {
            problems.add("PUBLIC_BASE_URL must be an absolute http:// or https:// URL (the address the outside world"
                    + " uses to reach this service)");
        }
        if (!sms.missing().isEmpty()) {
            problems.add("SMS is only partly configured: " + String.join(", ", sms.missing()) + " not set."
                    + " Set every Twilio variable (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, and TWILIO_FROM_NUMBER or"
                    + " TWILIO_MESSAGING_SERVICE_SID), or none of them for dry-run mode");
        }
        if (!sms.dryRun() && base != null && isLoopback(base.getHost())) {
            problems.add("Twilio is configured but PUBLIC_BASE_URL points at this machine (" + base.getHost() + "):"
                    + " Twilio signs each webhook with the public URL it calls, so every signature check would fail"
                    + " and every STOP would be lost. Set PUBLIC_BASE_URL to the https URL Twilio reaches this"
                    + " service at");
        }
        if (!email.missing().isEmpty()) {
            problems.add("Email is only partly configured: " + String.join(", ", email.missing()) + " not set."
                    + " Set SMTP_HOST and MAIL_FROM (SMTP_USERNAME and SMTP_PASSWORD together, or neither), or none"
                    + " of SMTP_HOST, SMTP_USERNAME, SMTP_PASSWORD, MAIL_FROM for dry-run mode");
        }
        if (adminToken != null && !adminToken.isEmpty() && adminToken.length() < MIN_ADMIN_TOKEN_LENGTH) {
            problems.add("ADMIN_TOKEN has " + adminToken.length() + " characters; it must have at least "
                    + MIN_ADMIN_TOKEN_LENGTH + " so that it cannot be guessed (make one with: openssl rand -hex 32),"
                    + " or leave it unset");
        }
        return problems;
    }

    /** Whether PUBLIC_BASE_URL asks browsers to use TLS (HSTS, Secure cookies). */
    public static boolean isHttps(String publicBaseUrl) {
        URI base = absoluteHttpUrl(publicBaseUrl);
        return base != null && "https".equalsIgnoreCase(base.getScheme());
    }

    private static URI absoluteHttpUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** localhost names and loopback or wildcard address literals; never a DNS lookup. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name: looking it up could block start-up, and Twilio resolves it, not us
        }
        try {
            InetAddress address = InetAddress.getByName(h); // a literal: parsed, not looked up
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
