package org.actionalerts.assistance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.util.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who the client of a help-form request is, behind our own proxies or not, and what its rate-limit budget is. */
class TrustedProxiesTest {
    static final TrustedProxies OURS = TrustedProxies.parse("127.0.0.1, 10.0.0.0/8, 192.168.4.0/22, ::1, fd00:aa::/32");

    @Test
    void addressesAndBlocksOfBothFamiliesMatch() {
        assertThat(OURS.trusts("127.0.0.1")).isTrue();
        assertThat(OURS.trusts("127.0.0.2")).isFalse();
        assertThat(OURS.trusts("10.255.1.2")).isTrue();
        assertThat(OURS.trusts("11.0.0.1")).isFalse();
        assertThat(OURS.trusts("192.168.7.255")).as("a /22 that does not end on a byte").isTrue();
        assertThat(OURS.trusts("192.168.8.0")).isFalse();
        assertThat(OURS.trusts("192.168.3.255")).isFalse();
        assertThat(OURS.trusts("::1")).isTrue();
        assertThat(OURS.trusts("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(OURS.trusts("fd00:aa:ffff::9")).isTrue();
        assertThat(OURS.trusts("fd00:ab::9")).isFalse();
        assertThat(OURS.trusts("::ffff:10.1.2.3")).as("an IPv4-mapped IPv6 address is the IPv4 address").isTrue();
        assertThat(OURS.trusts("[::1]")).isTrue();
        assertThat(OURS.trusts("unknown")).isFalse();
        assertThat(OURS.trusts("localhost")).as("names are never looked up").isFalse();
        assertThat(TrustedProxies.parse("0.0.0.0/0").trusts("203.0.113.9")).isTrue();
        assertThat(TrustedProxies.parse("0.0.0.0/0").trusts("2001:db8::1")).as("an IPv4 block holds no IPv6 address").isFalse();
    }

    @Test
    void aMalformedEntryIsRefusedAndBlankIsNone() {
        assertThat(TrustedProxies.parse("").isEmpty()).isTrue();
        assertThat(TrustedProxies.parse(" , ").isEmpty()).isTrue();
        assertThat(TrustedProxies.parse(null).isEmpty()).isTrue();
        for (String bad : List.of("10.0.0.0/33", "::1/129", "10.0.0.0/-1", "10.0.0.0/x", "proxy.internal", "10.0.0",
                "300.1.1.1", "10.0.0.1/")) {
            assertThatThrownBy(() -> TrustedProxies.parse("127.0.0.1, " + bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.strip());
        }
    }

    @Test
    void forwardedForIsIgnoredFromAPeerWeDoNotTrust() {
        assertThat(OURS.clientOf("203.0.113.50", List.of("198.51.100.1"))).isEqualTo("203.0.113.50");
        assertThat(TrustedProxies.NONE.clientOf("127.0.0.1", List.of("198.51.100.1"))).isEqualTo("127.0.0.1");
    }

    @Test
    void fromOurProxyTheClientIsTheRightMostEntryThatIsNotOneOfOurs() {
        // The left-most entry is the client's say-so; our proxy appended what it saw.
        assertThat(OURS.clientOf("127.0.0.1", List.of("1.2.3.4, 198.51.100.1"))).isEqualTo("198.51.100.1");
        // Two of our proxies in a row (edge, then internal): both skipped.
        assertThat(OURS.clientOf("127.0.0.1", List.of("1.2.3.4, 198.51.100.1, 10.1.1.1"))).isEqualTo("198.51.100.1");
        // Several headers are one list, in order.
        assertThat(OURS.clientOf("10.0.0.5", List.of("1.2.3.4", "198.51.100.2", "10.0.0.6"))).isEqualTo("198.51.100.2");
        // Only our proxies: the left-most is the nearest to the client we know.
        assertThat(OURS.clientOf("127.0.0.1", List.of("10.9.9.9, 10.0.0.1"))).isEqualTo("10.9.9.9");
        // No header, or an empty one: the peer.
        assertThat(OURS.clientOf("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
        assertThat(OURS.clientOf("127.0.0.1", List.of(" , "))).isEqualTo("127.0.0.1");
        // IPv6 peers and entries, with the forms proxies write.
        assertThat(OURS.clientOf("[::1]", List.of("[2001:DB8::7]:443"))).isEqualTo("2001:db8::7");
        assertThat(OURS.clientOf("::1", List.of("2001:db8:0:0:0:0:0:7"))).isEqualTo("2001:db8::7");
        assertThat(OURS.clientOf("::ffff:127.0.0.1", List.of("198.51.100.3:5000"))).isEqualTo("198.51.100.3");
        // A garbage entry where a client should be is its own (single) client, not the proxy's budget.
        assertThat(OURS.clientOf("127.0.0.1", List.of("unknown"))).isEqualTo("unknown");
    }

    @Test
    void ipv6ClientsShareABudgetPerSlash64AndIpv4ClientsPerAddress() {
        assertThat(TrustedProxies.clientKey("2001:db8:1:2::10")).isEqualTo("2001:db8:1:2::/64")
                .isEqualTo(TrustedProxies.clientKey("2001:db8:1:2:ffff:ffff:ffff:ffff"))
                .isEqualTo(TrustedProxies.clientKey("2001:0DB8:0001:0002:0000:0000:0000:0001"));
        assertThat(TrustedProxies.clientKey("2001:db8:1:3::10")).isEqualTo("2001:db8:1:3::/64");
        assertThat(TrustedProxies.clientKey("198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(TrustedProxies.clientKey("198.51.100.8")).isNotEqualTo(TrustedProxies.clientKey("198.51.100.7"));
        assertThat(TrustedProxies.clientKey("::ffff:198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @Test
    void theOldAllOrNothingSettingStopsTheServiceUnlessProxiesAreNamed() {
        var old = new AssistanceSettings.HelpRequestSettings(5, Duration.hours(1), "", true, 16_384, 5000);
        assertThatThrownBy(old::proxies).isInstanceOf(IllegalStateException.class).hasMessageContaining("TRUSTED_PROXIES");
        var both = new AssistanceSettings.HelpRequestSettings(5, Duration.hours(1), "10.0.0.1", true, 16_384, 5000);
        assertThat(both.proxies().trusts("10.0.0.1")).isTrue();
        assertThat(AssistanceSettings.HelpRequestSettings.DEFAULTS.proxies().isEmpty()).isTrue();
    }
}
