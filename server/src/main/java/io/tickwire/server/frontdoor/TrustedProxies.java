package io.tickwire.server.frontdoor;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The proxies whose word on a client's address is taken ({@code trusted_proxies}): addresses or
 * CIDR blocks, IPv4 or IPv6. A request from one of them is attributed to the address in its
 * {@code Forwarded} ({@code for=}, RFC 7239) or, failing that, {@code X-Forwarded-For} header:
 * the nearest address in the chain that is not itself a trusted proxy, read from the right, since
 * a client writes what it likes on the left. A request from anyone else is its peer's address,
 * whatever its headers say, so a client cannot pick its own rate-limit bucket.
 *
 * <p>Immutable; used from every event loop.
 */
public final class TrustedProxies {
    /** No proxy trusted: every request is its peer's. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private static final Pattern IP_CHARS = Pattern.compile("[0-9A-Fa-f.:]+");

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Parses addresses and CIDR blocks such as {@code 10.0.0.0/8}, {@code 192.0.2.7} or
     * {@code 2001:db8::/32}. Names are refused: resolving them would make the trust depend on DNS.
     *
     * @throws IllegalArgumentException naming the entry that is not an address or a block
     */
    public static TrustedProxies parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : entries) {
            String text = entry.trim();
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            InetAddress base = literal(address);
            if (base == null) {
                throw new IllegalArgumentException("a trusted proxy is an IP address or a CIDR block such as "
                        + "10.0.0.0/8, was \"" + entry + "\"");
            }
            int bits = base.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("the prefix of \"" + entry + "\" must be 0 to " + bits);
                }
            }
            blocks.add(new Block(base.getAddress(), prefix));
        }
        return new TrustedProxies(blocks);
    }

    /** Whether {@code address} is a trusted proxy. */
    public boolean trusts(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Block block : blocks) {
            if (block.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** The client's address: the forwarded one when {@code peer} is trusted and says so, else {@code peer}. */
    public InetAddress clientOf(InetAddress peer, HttpHeaders headers) {
        if (blocks.isEmpty() || !trusts(peer)) {
            return peer;
        }
        List<InetAddress> chain = forwarded(headers);
        InetAddress client = peer;
        for (int i = chain.size() - 1; i >= 0; i--) {
            client = chain.get(i);
            if (!trusts(client)) {
                return client;
            }
        }
        return client; // every hop a trusted proxy: the farthest one named
    }

    /** The addresses the headers name, nearest last; a hop that is not an address ends the chain there. */
    private static List<InetAddress> forwarded(HttpHeaders headers) {
        List<InetAddress> chain = new ArrayList<>();
        List<String> forwarded = headers.getAll("Forwarded");
        if (!forwarded.isEmpty()) {
            for (String header : forwarded) {
                for (String element : header.split(",")) {
                    for (String pair : element.split(";")) {
                        String p = pair.trim();
                        if (p.regionMatches(true, 0, "for=", 0, 4)) {
                            add(chain, forNode(p.substring(4)));
                        }
                    }
                }
            }
            return chain;
        }
        for (String header : headers.getAll("X-Forwarded-For")) {
            for (String hop : header.split(",")) {
                add(chain, hop.trim());
            }
        }
        return chain;
    }

    private static void add(List<InetAddress> chain, String hop) {
        InetAddress address = hop == null ? null : literal(hop);
        if (address == null) {
            chain.clear(); // an obfuscated or garbled hop: what is left of it cannot be checked
            return;
        }
        chain.add(address);
    }

    /** RFC 7239's node: {@code 192.0.2.60}, {@code "[2001:db8::1]:4711"}, {@code "192.0.2.60:80"}. */
    private static String forNode(String value) {
        String v = value.trim();
        if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
            v = v.substring(1, v.length() - 1);
        }
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            return end < 0 ? null : v.substring(1, end);
        }
        int colon = v.indexOf(':');
        return colon >= 0 && v.indexOf(':', colon + 1) < 0 ? v.substring(0, colon) : v;
    }

    /** An IP literal, never a lookup; null when {@code text} is not one. */
    private static InetAddress literal(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty() || !IP_CHARS.matcher(t).matches() || (t.indexOf(':') < 0 && !isDottedQuad(t))) {
            return null;
        }
        try {
            return InetAddress.getByName(t); // a literal: no name service is asked
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isDottedQuad(String t) {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Equal when they trust the same blocks, in the same order (configurations compare by value). */
    @Override
    public boolean equals(Object other) {
        return other instanceof TrustedProxies that && toString().equals(that.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        for (Block b : blocks) {
            shown.add(b.toString());
        }
        return String.join(", ", shown).toLowerCase(Locale.ROOT);
    }

    /** A CIDR block: the first {@code prefix} bits of {@code base}. */
    private record Block(byte[] base, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != base.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != base[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (base[full] & mask);
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(base).getHostAddress() + "/" + prefix;
            } catch (UnknownHostException e) {
                return "?/" + prefix;
            }
        }
    }
}
