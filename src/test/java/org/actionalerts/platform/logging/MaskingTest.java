package org.actionalerts.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Numbers and addresses never reach a log file whole; the last four digits stay so staff can tell people apart. */
class MaskingTest {

    @Test
    void anE164NumberKeepsItsCountryCodeAndLastFourDigits() {
        assertThat(Masking.phone("+13015654807")).isEqualTo("+1******4807");
        assertThat(Masking.text("Sending to +13015654807 now")).isEqualTo("Sending to +1******4807 now");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(301) 565-4807", "301.565.4807", "+1 301 565 4807", "13015654807", "301-565-4807", "3015654807"})
    void numbersInAnyCommonFormAreMasked(String phone) {
        String masked = Masking.text("inbound from " + phone + " body=STOP");
        assertThat(masked).startsWith("inbound from ").endsWith(" body=STOP").contains("4807");
        // Nothing of the number but its last four digits (and the country code of a +1 number) survives.
        String shown = masked.replace("inbound from ", "").replace(" body=STOP", "").replaceFirst("^\\+1", "");
        assertThat(shown.replaceAll("\\D", "")).isEqualTo("4807");
    }

    @Test
    void emailsKeepOnlyTheirFirstLetterAndDomain() {
        assertThat(Masking.text("mail to maria.lopez@example.org failed"))
                .isEqualTo("mail to m***@example.org failed");
        assertThat(Masking.text("a@b.co and Jose+alerts@mail.example.com"))
                .isEqualTo("a***@b.co and J***@mail.example.com");
    }

    @Test
    void severalNumbersAndAddressesInOneLineAreAllMasked() {
        String masked = Masking.text("merge +13015654807 into +12405550101 (ana@example.org)");
        assertThat(masked).isEqualTo("merge +1******4807 into +1******0101 (a***@example.org)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Imported 250 rows for campaign 42 in 1375 ms",
            "Embedded PostgreSQL started on port 54321 with data in /var/lib/action-alerts/postgres",
            "Campaign 'Tell the sheriff: end 287(g)' launched at 2026-11-29T04:49:15Z",
            "Unexpected error 3fa85f6457174562",
            "Twilio accepted SM5af2e3c1d9e84012345678901234abcd",
            "Reminder sent 2026-11-29 04:49:15 UTC",
            "",
    })
    void ordinaryTextIsUntouched(String text) {
        assertThat(Masking.text(text)).isEqualTo(text);
    }

    @Test
    void aNumberRightAfterADateIsStillMasked() {
        assertThat(Masking.text("2026-11-29 04:49:15 STOP from 3015654807"))
                .isEqualTo("2026-11-29 04:49:15 STOP from ******4807");
    }

    @Test
    void nullStaysNull() {
        assertThat(Masking.text(null)).isNull();
        assertThat(Masking.phone(null)).isNull();
    }
}
