package org.actionalerts.platform;

import jakarta.validation.constraints.Min;
import java.util.ArrayList;
import java.util.List;

/**
 * SMTP settings. None of SMTP_HOST, SMTP_USERNAME, SMTP_PASSWORD and MAIL_FROM set means dry-run (SMTP_PORT and
 * SMTP_STARTTLS have defaults, so they say nothing). Some set and others missing is a mistake the service
 * refuses to start with ({@link #missing()}).
 */
public record EmailSettings(String host, int port, String username, String password, boolean startTls,
                            String from, @Min(1) int ratePerSecond) {
    public static final EmailSettings DRY_RUN = new EmailSettings("", 587, "", "", true, "", 10);

    /** The variables whose presence means "send email over SMTP". */
    public static final List<String> VARIABLES = List.of("SMTP_HOST", "SMTP_USERNAME", "SMTP_PASSWORD", "MAIL_FROM");

    /** True only when none of {@link #VARIABLES} is set. */
    public boolean dryRun() {
        return blank(host) && blank(username) && blank(password) && blank(from);
    }

    /**
     * The environment variables an SMTP set-up still lacks, by name (never their values): a host and a sender
     * always, and the user name and password together or not at all. Empty when complete or in dry-run.
     */
    public List<String> missing() {
        if (dryRun()) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        if (blank(host)) {
            missing.add("SMTP_HOST");
        }
        if (blank(from)) {
            missing.add("MAIL_FROM");
        }
        if (blank(username) && !blank(password)) {
            missing.add("SMTP_USERNAME");
        }
        if (!blank(username) && blank(password)) {
            missing.add("SMTP_PASSWORD");
        }
        return missing;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
