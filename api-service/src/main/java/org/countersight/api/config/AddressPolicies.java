package org.countersight.api.config;

import org.countersight.events.UrlSafety;

import java.util.List;

/** The one address policy of this service (source registration and webhook calls), from {@code countersight.fetch.*}. */
public final class AddressPolicies {

    private AddressPolicies() {
    }

    public static UrlSafety.AddressPolicy of(CountersightConfig config) {
        return new UrlSafety.AddressPolicy(config.fetch().allowPrivateNetworks(),
                config.fetch().allowedNetworks().orElse(List.of()));
    }
}
