package org.countersight.events;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a URL from outside (a source, a webhook, a redirect hop) may be fetched: http/https only,
 * and every address its host resolves to must be public, unless the operator allows private networks (or
 * named networks). The one place of this policy: api-service checks at registration, and every outbound
 * connection (feeds, article pages, robots.txt, webhooks) resolves through {@link AddressGuard}, which
 * applies {@link #checkedAddresses} and hands the HTTP client only the addresses it checked, so a name
 * that answers differently the second time (DNS rebinding) cannot reach an internal address.
 */
public final class UrlSafety {

    /** Thrown with a message a person can act on. */
    public static class UnsafeUrlException extends Exception {
        public UnsafeUrlException(String message) {
            super(message);
        }
    }

    /** The host has no address (a typo, an expired domain); not a question of policy. */
    public static final class HostNotFoundException extends UnsafeUrlException {
        public HostNotFoundException(String host) {
            super("host '" + host + "' does not resolve");
        }
    }

    /** Resolves a host name; replaceable in tests that must not depend on DNS. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    public static final Resolver SYSTEM_RESOLVER = host -> List.of(InetAddress.getAllByName(host));

    /**
     * Which addresses may be connected to.
     * @param allowPrivateNetworks every address is allowed (demo, tests, a trusted LAN)
     * @param allowedNetworks      CIDR blocks ({@code 127.0.0.1/32}, {@code 10.1.0.0/16}, {@code fd00::/8}) allowed
     *                             even though they are not public: an operator opens one internal host, not the LAN
     */
    public record AddressPolicy(boolean allowPrivateNetworks, List<String> allowedNetworks) {

        public static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(false, List.of());

        public AddressPolicy {
            allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
            for (String cidr : allowedNetworks) {
                AddressRanges.Network.parse(cidr); // fails at start-up, not at the first fetch
            }
        }

        public static AddressPolicy of(boolean allowPrivateNetworks) {
            return new AddressPolicy(allowPrivateNetworks, List.of());
        }

        boolean explicitlyAllows(InetAddress address) {
            for (String cidr : allowedNetworks) {
                if (AddressRanges.Network.parse(cidr).contains(address)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final String HOW_TO_ALLOW = "private networks are not allowed (an operator can allow them with "
            + "COUNTERSIGHT_FETCH_ALLOW_PRIVATE_NETWORKS=true, or one network with COUNTERSIGHT_FETCH_ALLOWED_NETWORKS)";

    private UrlSafety() {
    }

    /**
     * @return the parsed URI when it may be fetched
     * @throws UnsafeUrlException naming what is wrong with it
     */
    public static URI check(String url, boolean allowPrivateNetworks) throws UnsafeUrlException {
        return check(url, AddressPolicy.of(allowPrivateNetworks), SYSTEM_RESOLVER);
    }

    public static URI check(String url, boolean allowPrivateNetworks, Resolver resolver) throws UnsafeUrlException {
        return check(url, AddressPolicy.of(allowPrivateNetworks), resolver);
    }

    /** The URL's form ({@link #checkForm}) and every address its host resolves to now ({@link #checkedAddresses}). */
    public static URI check(String url, AddressPolicy policy, Resolver resolver) throws UnsafeUrlException {
        URI uri = checkForm(url);
        checkedAddresses(uri.getHost(), policy, resolver);
        return uri;
    }

    /**
     * What can be said about a URL without resolving it: http or https, a host, no credentials, at most 2048
     * characters. The addresses are checked when connecting ({@link AddressGuard}).
     */
    public static URI checkForm(String url) throws UnsafeUrlException {
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
        return uri;
    }

    /**
     * Resolves the host once and checks every address it gives.
     * @return the addresses, all allowed by the policy; connect to these and to nothing else
     * @throws UnsafeUrlException when the host does not resolve or any address is not allowed; the message names
     *                            the kind of network but never the address (internal DNS answers stay internal)
     */
    public static List<InetAddress> checkedAddresses(String host, AddressPolicy policy, Resolver resolver)
            throws UnsafeUrlException {
        if (host == null || host.isEmpty()) {
            throw new UnsafeUrlException("URL has no host");
        }
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(bareHost);
        } catch (UnknownHostException e) {
            throw new HostNotFoundException(host);
        }
        if (addresses == null || addresses.isEmpty()) {
            throw new HostNotFoundException(host);
        }
        addresses = List.copyOf(addresses);
        if (policy.allowPrivateNetworks()) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            String why = AddressRanges.whyNotPublic(address);
            if (why != null && !policy.explicitlyAllows(address)) {
                throw new UnsafeUrlException("address not allowed (" + why + "): host '" + host
                        + "' resolves to an address that is not on the public internet; " + HOW_TO_ALLOW);
            }
        }
        return addresses;
    }

    private static final Pattern IPV4 = Pattern.compile("(?<![\\w.])(?:\\d{1,3}\\.){3}\\d{1,3}(?!\\w|\\.\\w)");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]{0,15}(?![\\w:])");

    /**
     * An error text from a network library with every IP address taken out, except the host the user gave:
     * "Connect to http://feed.example:80 [feed.example/10.0.0.5] failed" must not show 10.0.0.5 to the caller.
     */
    public static String withoutAddresses(String message, String keepHost) {
        if (message == null) {
            return null;
        }
        String keep = keepHost == null ? "" : keepHost.replace("[", "").replace("]", "");
        return replaceAddresses(IPV6.matcher(replaceAddresses(IPV4.matcher(message), keep)), keep);
    }

    private static String replaceAddresses(Matcher m, String keep) {
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, m.group().equalsIgnoreCase(keep) ? Matcher.quoteReplacement(m.group()) : "<address>");
        }
        m.appendTail(out);
        return out.toString();
    }
}
