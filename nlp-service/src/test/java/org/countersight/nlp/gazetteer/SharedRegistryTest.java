package org.countersight.nlp.gazetteer;

import org.countersight.events.VendorRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * nlp-service matches vendors with the registry the events module ships, and reads it exactly as the api's
 * {@link VendorRegistry} does: same version, ids, names, home countries, kinds and parents.
 */
class SharedRegistryTest {

    @Test
    void dictionaryAndSharedRegistryAgreeOnEveryVendor() {
        VendorDictionary dictionary = VendorDictionary.load();
        VendorRegistry registry = VendorRegistry.bundled();
        assertEquals(registry.version(), dictionary.version());
        assertEquals(registry.kinds(), dictionary.kinds());
        assertEquals(registry.all().size(), dictionary.all().size());
        for (int i = 0; i < registry.all().size(); i++) {
            VendorRegistry.Vendor shared = registry.all().get(i);
            VendorDictionary.Vendor matched = dictionary.all().get(i);
            assertEquals(List.of(matched.id(), matched.name(), matched.countryCode(), matched.kinds(), matched.aliases(),
                            matched.products().stream().map(VendorDictionary.Product::name).toList(),
                            String.valueOf(matched.parentId())),
                    List.of(shared.id(), shared.name(), shared.homeCountry(), shared.kinds(), shared.aliases(),
                            shared.products(), String.valueOf(shared.parentId())), shared.id());
            assertEquals(shared.id(), registry.byName(matched.name()).orElseThrow().id());
        }
    }
}
