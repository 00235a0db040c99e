package org.countersight.events;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The resolver every outbound connection uses: resolves a host once, checks every address with
 * {@link UrlSafety#checkedAddresses} and returns only those, so the HTTP client connects to exactly the addresses
 * that were checked (a second, different DNS answer is never asked for). Each service plugs {@link #resolve} into its
 * HTTP client's resolver hook where it builds the client (Apache HttpClient's {@code DnsResolver}, an override of
 * {@code SystemDefaultDnsResolver.resolve}); TLS and the Host header keep the name.
 */
public final class AddressGuard {

    /** An address the policy refuses; an {@link UnknownHostException} so it passes through resolver hooks as is. */
    public static final class AddressRefusedException extends UnknownHostException {
        public AddressRefusedException(String message) {
            super(message);
        }
    }

    private final UrlSafety.AddressPolicy policy;
    private final UrlSafety.Resolver resolver;

    public AddressGuard(UrlSafety.AddressPolicy policy, UrlSafety.Resolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    public AddressGuard(UrlSafety.AddressPolicy policy) {
        this(policy, UrlSafety.SYSTEM_RESOLVER);
    }

    public UrlSafety.AddressPolicy policy() {
        return policy;
    }

    /**
     * @return the host's addresses, every one allowed
     * @throws AddressRefusedException when any is not allowed (the message never shows the address)
     * @throws UnknownHostException    when the host does not resolve
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        try {
            return UrlSafety.checkedAddresses(host, policy, resolver).toArray(new InetAddress[0]);
        } catch (UrlSafety.HostNotFoundException e) {
            throw new UnknownHostException(host);
        } catch (UrlSafety.UnsafeUrlException e) {
            throw new AddressRefusedException(e.getMessage());
        }
    }
}
