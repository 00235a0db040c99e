package org.countersight.events;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a URL from outside (a source, a webhook, a redirect hop) may be fetched: http/https only,
 * and every address its host resolves to must be public, unless the operator allows private networks.
 * Shared so that api-service (at registration) and ingest-service (at every fetch and redirect) agree.
 */
public final class UrlSafety {

    /** Thrown with a message a person can act on. */
    public static final class UnsafeUrlException extends Exception {
        public UnsafeUrlException(String message) {
            super(message);
        }
    }

    /** Resolves a host name; replaceable in tests that must not depend on DNS. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    public static final Resolver SYSTEM_RESOLVER = host -> List.of(InetAddress.getAllByName(host));

    private UrlSafety() {
    }

    /**
     * @return the parsed URI when it may be fetched
     * @throws UnsafeUrlException naming what is wrong with it
     */
    public static URI check(String url, boolean allowPrivateNetworks) throws UnsafeUrlException {
        return check(url, allowPrivateNetworks, SYSTEM_RESOLVER);
    }

    public static URI check(String url, boolean allowPrivateNetworks, Resolver resolver) throws UnsafeUrlException {
        if (url == null || url.isBlank()) {
            throw new UnsafeUrlException("URL is empty");
        }
        if (url.length() > 2048) {
            throw new UnsafeUrlException("URL is longer than 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new UnsafeUrlException("not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UnsafeUrlException("only http and https URLs are allowed, not '" + scheme + "'");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new UnsafeUrlException("URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UnsafeUrlException("URLs with a user name or password are not allowed");
        }
        if (allowPrivateNetworks) {
            return uri;
        }
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(bareHost);
        } catch (UnknownHostException e) {
            throw new UnsafeUrlException("host '" + host + "' does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new UnsafeUrlException("host '" + host + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            String why = whyNotPublic(address);
            if (why != null) {
                throw new UnsafeUrlException("host '" + host + "' resolves to " + why + " address "
                        + address.getHostAddress() + "; private networks are not allowed"
                        + " (an operator can allow them with COUNTERSIGHT_FETCH_ALLOW_PRIVATE_NETWORKS=true)");
            }
        }
        return uri;
    }

    /** @return a word for why the address is not public, or null when it is public */
    static String whyNotPublic(InetAddress address) {
        InetAddress a = unmapIpv4(address);
        if (a.isAnyLocalAddress()) {
            return "an unspecified";
        }
        if (a.isLoopbackAddress()) {
            return "a loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "a private";
        }
        if (a.isMulticastAddress()) {
            return "a multicast";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "an unspecified";
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return "a carrier-grade NAT";
            }
            if (first >= 240) {
                return "a reserved";
            }
        } else if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "a unique-local (private)";
            }
        }
        return null;
    }

    /** ::ffff:10.0.0.1 is 10.0.0.1; Java already unmaps most forms, this covers the rest. */
    private static InetAddress unmapIpv4(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }
}
