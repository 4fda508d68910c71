package org.actionalerts.platform;

import jakarta.validation.constraints.Min;

/** SMTP settings. A blank host means dry-run. */
public record EmailSettings(String host, int port, String username, String password, boolean startTls,
                            String from, @Min(1) int ratePerSecond) {
    public static final EmailSettings DRY_RUN = new EmailSettings("", 587, "", "", true, "", 10);

    public boolean dryRun() {
        return host == null || host.isBlank();
    }
}
