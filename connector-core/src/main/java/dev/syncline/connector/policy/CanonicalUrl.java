package dev.syncline.connector.policy;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A URL reduced to what decides where its bytes go, so that two spellings of one place compare
 * equal and no spelling of another place slips through: the scheme and host in lower case, IDN
 * hosts in punycode, no trailing dot, numeric IPv4 forms ({@code 0x7f.1}, {@code 2130706433}) as
 * dotted quads, IPv6 in its compressed form, the default port made explicit, escapes of unreserved
 * characters decoded and {@code .}/{@code ..} segments resolved. Query and fragment do not decide
 * the destination and are dropped.
 *
 * @param scheme for example {@code https} or {@code r2dbc:postgresql}
 * @param host the canonical host
 * @param port the port, the scheme's default when the URL has none
 * @param path the canonical path, at least {@code /}
 * @param ipLiteral whether the host is an IP address rather than a name
 */
record CanonicalUrl(String scheme, String host, int port, String path, boolean ipLiteral) {
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of(
            "https", 443, "http", 80, "postgresql", 5432, "postgres", 5432);
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*(:[a-z][a-z0-9+.-]*)*");
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_*-]+(\\.[a-z0-9_*-]+)*");
    private static final Pattern IPV4_PART = Pattern.compile("0x[0-9a-f]*|[0-9]+");
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    /**
     * Parses and canonicalises {@code raw}.
     *
     * @param allowUserInfo whether {@code user:password@} may appear (database URLs carry
     *     credentials; in an HTTP URL user-info only serves to disguise the host)
     * @throws IllegalArgumentException with the reason the URL is refused
     */
    static CanonicalUrl parse(String raw, boolean allowUserInfo) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '\\') {
                throw new IllegalArgumentException("contains whitespace, a control character or a backslash");
            }
        }
        int separator = raw.indexOf("://");
        if (separator <= 0) {
            throw new IllegalArgumentException("is not an absolute URL with a host (scheme://host/path)");
        }
        String scheme = raw.substring(0, separator).toLowerCase(Locale.ROOT);
        if (!SCHEME.matcher(scheme).matches()) {
            throw new IllegalArgumentException("has an invalid scheme");
        }
        String rest = raw.substring(separator + 3);
        int end = firstOf(rest, "/?#");
        String authority = rest.substring(0, end);
        String afterAuthority = rest.substring(end);
        String path = afterAuthority.isEmpty() || afterAuthority.charAt(0) != '/' ? "/" : afterAuthority.substring(0, firstOf(afterAuthority, "?#"));

        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            if (!allowUserInfo) {
                throw new IllegalArgumentException("carries user-info (user@host), which can disguise the real host");
            }
            authority = authority.substring(at + 1);
        }
        String hostPart;
        String portPart = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("has an unterminated IPv6 literal");
            }
            hostPart = authority.substring(0, close + 1);
            if (close + 1 < authority.length()) {
                if (authority.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("has junk after its IPv6 literal");
                }
                portPart = authority.substring(close + 2);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            hostPart = colon < 0 ? authority : authority.substring(0, colon);
            portPart = colon < 0 ? null : authority.substring(colon + 1);
        }
        String leafScheme = scheme.substring(scheme.lastIndexOf(':') + 1);
        int port = port(portPart, leafScheme);
        Host host = host(hostPart);
        return new CanonicalUrl(scheme, host.name, port, normalisePath(path), host.ip);
    }

    private static int port(String portPart, String leafScheme) {
        if (portPart == null || portPart.isEmpty()) {
            Integer port = DEFAULT_PORTS.get(leafScheme);
            if (port == null) {
                throw new IllegalArgumentException("needs an explicit port: " + leafScheme + " has no default");
            }
            return port;
        }
        if (!portPart.chars().allMatch(Character::isDigit) || portPart.length() > 5) {
            throw new IllegalArgumentException("has an invalid port");
        }
        int port = Integer.parseInt(portPart);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("has a port outside 1-65535");
        }
        return port;
    }

    private record Host(String name, boolean ip) {}

    private static Host host(String raw) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("has no host");
        }
        if (raw.startsWith("[")) {
            String literal = raw.substring(1, raw.length() - 1);
            if (literal.contains("%") || !literal.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("has an invalid IPv6 literal");
            }
            return new Host(ipString(literal), true);
        }
        String decoded = percentDecodeAll(raw);
        String ascii;
        try {
            // IDN also maps full-width and ideographic dots to '.', as resolvers would.
            ascii = IDN.toASCII(decoded, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has an invalid host name");
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (!HOST_NAME.matcher(ascii).matches()) {
            throw new IllegalArgumentException("has an invalid host name");
        }
        String[] labels = ascii.split("\\.");
        boolean allNumeric = true;
        for (String label : labels) {
            allNumeric &= IPV4_PART.matcher(label).matches();
        }
        if (allNumeric) {
            return new Host(ipv4(labels), true);
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("has a host that is neither a name nor an IP address");
        }
        return new Host(ascii, false);
    }

    /** An IPv4 address in any form {@code inet_aton} accepts, as a dotted quad. */
    private static String ipv4(String[] parts) {
        if (parts.length > 4) {
            throw new IllegalArgumentException("has an invalid IPv4 address");
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            try {
                if (part.startsWith("0x")) {
                    values[i] = part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
                } else if (part.length() > 1 && part.startsWith("0")) {
                    values[i] = Long.parseLong(part.substring(1), 8);
                } else {
                    values[i] = Long.parseLong(part);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("has an invalid IPv4 address");
            }
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                throw new IllegalArgumentException("has an invalid IPv4 address");
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[values.length - 1];
        if (last >= 1L << (8 * (5 - values.length))) {
            throw new IllegalArgumentException("has an invalid IPv4 address");
        }
        address |= last;
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
    }

    private static String ipString(String literal) {
        try {
            // A literal never triggers a DNS lookup.
            InetAddress address = InetAddress.getByName(literal);
            if (address instanceof Inet4Address) {
                return address.getHostAddress();
            }
            // Java prints IPv6 in full (no "::" compression): one spelling per address.
            return "[" + ((Inet6Address) address).getHostAddress() + "]";
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("has an invalid IPv6 literal");
        }
    }

    private static String normalisePath(String raw) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("has an invalid percent-escape in its path");
                }
                char decoded = (char) Integer.parseInt(raw.substring(i + 1, i + 3), 16);
                if (decoded == '/' || decoded == '\\') {
                    // Some servers decode it into a separator after the check: "/v3/..%2Fadmin" would escape "/v3/".
                    throw new IllegalArgumentException("has an escaped slash or backslash in its path, which servers read differently");
                }
                if (UNRESERVED.indexOf(decoded) >= 0) {
                    out.append(decoded);
                } else {
                    out.append('%').append(raw.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return removeDotSegments(out.toString());
    }

    /** RFC 3986 §5.2.4, on segments: {@code /a/b/../c/./d} becomes {@code /a/c/d}. */
    private static String removeDotSegments(String path) {
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = path.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.equals(".")) {
                if (last) {
                    segments.addLast("");
                }
            } else if (part.equals("..")) {
                segments.pollLast();
                if (last) {
                    segments.addLast("");
                }
            } else {
                segments.addLast(part);
            }
        }
        return "/" + String.join("/", segments);
    }

    private static String percentDecodeAll(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()
                    && Character.digit(raw.charAt(i + 1), 16) >= 0 && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                out.append((char) Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '%') {
                throw new IllegalArgumentException("has an invalid percent-escape in its host");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int firstOf(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    /** {@code scheme://host:port/path}, for messages. */
    String render() {
        return scheme + "://" + host + ":" + port + path;
    }
}
