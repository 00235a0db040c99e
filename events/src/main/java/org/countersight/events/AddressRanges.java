package org.countersight.events;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The table of address ranges that are not on the public internet (loopback, private, link-local, documentation,
 * multicast, reserved...; IPv6 forms that carry an IPv4 address are judged by it), and CIDR blocks an operator
 * opens. {@link UrlSafety} applies them to every address a host resolves to.
 */
final class AddressRanges {

    private AddressRanges() {
    }

    /** @return the kind of network the address belongs to when it is not public ("loopback", "private network"), or null */
    static String whyNotPublic(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return whyNotPublicIpv4(b);
        }
        if (address instanceof Inet6Address) {
            return whyNotPublicIpv6(b);
        }
        return "unknown address family";
    }

    private static String whyNotPublicIpv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0) {
            return "unspecified, 0.0.0.0/8";
        }
        if (a0 == 127) {
            return "loopback";
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return "private network";
        }
        if (a0 == 169 && a1 == 254) {
            return "link-local network";
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return "carrier-grade NAT network";
        }
        if (a0 == 192 && a1 == 0 && a2 == 0) {
            return "IETF protocol assignments, 192.0.0.0/24";
        }
        if ((a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return "documentation network (TEST-NET)";
        }
        if (a0 == 192 && a1 == 88 && a2 == 99) {
            return "6to4 relay anycast, 192.88.99.0/24";
        }
        if (a0 == 198 && (a1 == 18 || a1 == 19)) {
            return "benchmarking network, 198.18.0.0/15";
        }
        if (a0 >= 224 && a0 <= 239) {
            return "multicast";
        }
        if (a0 == 255 && a1 == 255 && a2 == 255 && (b[3] & 0xff) == 255) {
            return "broadcast";
        }
        if (a0 >= 240) {
            return "reserved, 240.0.0.0/4";
        }
        return null;
    }

    private static String whyNotPublicIpv6(byte[] b) {
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded(slice(b, 12), "IPv4-mapped IPv6");
        }
        if (allZero(b, 0, 15)) {
            return (b[15] & 0xff) == 1 ? "loopback" : (b[15] == 0 ? "unspecified" : embedded(slice(b, 12), "IPv4-compatible IPv6"));
        }
        if (allZero(b, 0, 12)) {
            return embedded(slice(b, 12), "IPv4-compatible IPv6");
        }
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        int w2 = ((b[4] & 0xff) << 8) | (b[5] & 0xff);
        if (w0 == 0x0064 && w1 == 0xff9b && w2 == 0 && allZero(b, 6, 12)) {
            return embedded(slice(b, 12), "NAT64 64:ff9b::/96");
        }
        if (w0 == 0x0064 && w1 == 0xff9b && w2 == 0x0001) {
            // RFC 6052 layout of a /48 prefix: IPv4 bits in bytes 6-7 and 9-10 (byte 8 is the reserved "u" octet)
            return embedded(new byte[] {b[6], b[7], b[9], b[10]}, "NAT64 64:ff9b:1::/48");
        }
        if (w0 == 0x2002) {
            return embedded(new byte[] {b[2], b[3], b[4], b[5]}, "6to4 2002::/16");
        }
        if (w0 == 0x2001 && w1 == 0x0000) {
            // Teredo: the server's IPv4 in bytes 4-7, the client's (the far end) inverted in bytes 12-15
            String server = embedded(new byte[] {b[4], b[5], b[6], b[7]}, "Teredo 2001::/32 server");
            byte[] client = new byte[4];
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~b[12 + i];
            }
            return server != null ? server : embedded(client, "Teredo 2001::/32");
        }
        if (w0 == 0x2001 && w1 == 0x0db8) {
            return "documentation network, 2001:db8::/32";
        }
        if (w0 == 0x0100 && w1 == 0 && w2 == 0 && b[6] == 0 && b[7] == 0) {
            return "discard-only, 100::/64";
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return "unique-local (private) network, fc00::/7";
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return "link-local network";
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return "site-local network";
        }
        if ((b[0] & 0xff) == 0xff) {
            return "multicast";
        }
        return null;
    }

    /** IPv6 that carries an IPv4 address is judged by that IPv4 address. */
    private static String embedded(byte[] ipv4, String form) {
        String why = whyNotPublicIpv4(ipv4);
        return why == null ? null : why + ", in an " + form + " address";
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        byte[] out = new byte[b.length - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }

    /** An address block in CIDR notation. */
    record Network(byte[] prefix, int bits) {

        static Network parse(String cidr) {
            String s = cidr == null ? "" : cidr.strip();
            int slash = s.indexOf('/');
            String host = slash < 0 ? s : s.substring(0, slash);
            if (host.isEmpty() || !(host.contains(":") || host.matches("[0-9.]+"))) {
                throw new IllegalArgumentException("allowed network '" + cidr + "' is not an IP address or CIDR block");
            }
            byte[] prefix;
            try {
                prefix = InetAddress.getByName(host).getAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("allowed network '" + cidr + "' is not an IP address or CIDR block");
            }
            int bits = prefix.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > prefix.length * 8) {
                    throw new IllegalArgumentException("allowed network '" + cidr + "' has an invalid prefix length");
                }
            }
            return new Network(prefix, bits);
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != prefix.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((a[i / 8] & mask) != (prefix[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
