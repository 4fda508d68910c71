package org.actionalerts.assistance;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * Our own reverse proxies ({@code TRUSTED_PROXIES}: addresses and CIDR blocks, IPv4 and IPv6), and who the client
 * of a request is. {@code X-Forwarded-For} is believed only when the direct peer is one of them; then the client is
 * the right-most entry that is not itself one of our proxies (everything left of it is the client's own say-so).
 *
 * <p>Jetty's {@code ForwardedRequestCustomizer} believes every forwarder, so it is not used. Addresses are parsed
 * as literals only (Guava's {@link InetAddresses}): nothing here ever asks DNS.
 */
public final class TrustedProxies {
    /** Nobody is trusted: the client is always the direct peer. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /**
     * {@code 10.0.0.5, 10.1.0.0/16, ::1, 2001:db8::/32}; blank means none. A malformed entry is refused (with the
     * entry named) rather than skipped, so a typo cannot quietly leave the form without its limit.
     */
    public static TrustedProxies parse(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<Block> blocks = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            InetAddress address = literal(host).orElseThrow(() ->
                    new IllegalArgumentException("TRUSTED_PROXIES: \"" + entry + "\" is not an IP address or CIDR block"));
            int bits = address.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("TRUSTED_PROXIES: \"" + entry + "\" has a prefix length outside 0-" + bits);
                }
            }
            blocks.add(new Block(address.getAddress(), prefix));
        }
        return new TrustedProxies(blocks);
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether this address (a literal) is one of our proxies; anything that is not an address is not. */
    public boolean trusts(String address) {
        return literal(address).map(this::trusts).orElse(false);
    }

    private boolean trusts(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Block b : blocks) {
            if (b.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client of a request that came from {@code peer} with these {@code X-Forwarded-For} headers (in the order
     * received; each may list several hops). Normalised when it is an address: {@code ::ffff:192.0.2.1} is
     * {@code 192.0.2.1}, IPv6 in its compressed form.
     */
    public String clientOf(String peer, List<String> forwardedFor) {
        String direct = normalise(peer);
        if (forwardedFor == null || forwardedFor.isEmpty() || !trusts(direct)) {
            return direct;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            if (header == null) {
                continue;
            }
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.strip());
                }
            }
        }
        if (hops.isEmpty()) {
            return direct;
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = normalise(hops.get(i));
            if (!trusts(hop)) {
                return hop;
            }
        }
        // Every hop is one of ours: the left-most is as near to the client as we can tell.
        return normalise(hops.get(0));
    }

    /** {@link #clientOf(String, List)} with the headers of a servlet request. */
    public String clientOf(String peer, Enumeration<String> forwardedFor) {
        List<String> headers = new ArrayList<>();
        while (forwardedFor != null && forwardedFor.hasMoreElements()) {
            headers.add(forwardedFor.nextElement());
        }
        return clientOf(peer, headers);
    }

    /**
     * What one rate-limit budget is kept for: an IPv4 address, or an IPv6 address's /64 (one subscriber or LAN
     * usually has a whole /64, so counting single IPv6 addresses would hand out 2^64 budgets). Anything that is not
     * an address is its own key.
     */
    public static String clientKey(String client) {
        Optional<InetAddress> parsed = literal(client);
        if (parsed.isEmpty()) {
            return String.valueOf(client);
        }
        InetAddress address = parsed.get();
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            for (int i = 8; i < 16; i++) {
                bytes[i] = 0;
            }
            return InetAddresses.toAddrString(bytesToAddress(bytes)) + "/64";
        }
        return InetAddresses.toAddrString(address);
    }

    /** An address in canonical form ({@code [::1]:8080} → {@code ::1}, {@code 192.0.2.1:443} → 192.0.2.1). */
    static String normalise(String text) {
        return literal(text).map(TrustedProxies::canonical).orElse(text == null ? "" : text.strip());
    }

    private static String canonical(InetAddress address) {
        return InetAddresses.toAddrString(address);
    }

    /** A literal address, with brackets, a zone or a port as proxies and servlet containers sometimes write them. */
    static Optional<InetAddress> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            s = s.substring(1, close);
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':') && s.indexOf('.') > 0) {
            s = s.substring(0, s.indexOf(':')); // 192.0.2.1:443
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (!InetAddresses.isInetAddress(s)) {
            return Optional.empty();
        }
        // An IPv4-mapped IPv6 address (::ffff:192.0.2.1, as a dual-stack socket reports IPv4 peers) comes back as
        // that IPv4 address.
        return Optional.of(InetAddresses.forString(s));
    }

    private static InetAddress bytesToAddress(byte[] bytes) {
        try {
            return bytes.length == 4 ? Inet4Address.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // only for a wrong length, which cannot happen here
        }
    }
}
