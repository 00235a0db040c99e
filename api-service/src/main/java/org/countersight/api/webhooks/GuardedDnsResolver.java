package org.countersight.api.webhooks;

import org.apache.hc.client5.http.DnsResolver;
import org.countersight.events.AddressGuard;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Apache HttpClient's resolver hook, answered by the shared {@link AddressGuard}: connect only to checked addresses. */
final class GuardedDnsResolver implements DnsResolver {

    private final AddressGuard guard;

    GuardedDnsResolver(AddressGuard guard) {
        this.guard = guard;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return guard.resolve(host);
    }

    /** Only used for Kerberos/SPNEGO, which is never on: the name as given, without another DNS question. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
