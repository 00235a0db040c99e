package org.countersight.events;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled registry as data: versioned, every vendor with a home country and declared kinds. */
class VendorRegistryTest {

    @Test
    void bundledRegistryHasItsVersionAndWellFormedVendors() {
        VendorRegistry r = VendorRegistry.bundled();
        assertTrue(r.version().matches("\\d+\\.\\d+\\.\\d+"), r.version());
        assertTrue(r.all().size() > 100, "vendors: " + r.all().size());
        assertEquals(r.all().size(), new HashSet<>(r.ids()).size());
        for (VendorRegistry.Vendor v : r.all()) {
            assertTrue(r.kinds().containsAll(v.kinds()), v.id());
            assertEquals(2, v.homeCountry().length(), v.id());
            if (v.parentId() != null) {
                assertTrue(r.byId(v.parentId()).isPresent(), v.id() + " parent " + v.parentId());
            }
        }
        VendorRegistry.Vendor huawei = r.byId("huawei").orElseThrow();
        assertEquals("CN", huawei.homeCountry());
        assertTrue(huawei.kinds().contains("platforms"));
    }

    @Test
    void resolvesTheNamesTaggedEventsCarry() {
        VendorRegistry r = VendorRegistry.bundled();
        assertEquals("hikvision", r.byName("Hikvision").orElseThrow().id());
        assertEquals("hikvision", r.byName(" hangzhou hikvision ").orElseThrow().id());
        assertEquals("nso-group", r.byName("NSO").orElseThrow().id());
        assertTrue(r.byName("Acme Weather Balloons").isEmpty());
        assertTrue(r.byName(null).isEmpty());
    }

    @Test
    void markersAndSpellingsAreStrippedFromNames() {
        VendorRegistry r = VendorRegistry.parse("inline", String.join("\n",
                "@version\t1.2.3",
                "@kind\tdrones\tdrone|uav",
                "@not\tSkyfall Airways",
                "skyco\tSkyCo\tFR\tdrones\t~Sky Company|SkyCo SA\t~Hawk=Hawk-1,Hawk One"));
        VendorRegistry.Vendor v = r.all().get(0);
        assertEquals("1.2.3", r.version());
        assertEquals(List.of("Sky Company", "SkyCo SA"), v.aliases());
        assertEquals(List.of("Hawk"), v.products());
        assertEquals(List.of("drones"), v.kinds());
    }

    @Test
    void malformedLinesNameSourceAndLine() {
        String bad = "@version\t1.0.0\n@kind\tdrones\tdrone\nx\tX\tXX\tdrones\t-\t-\n";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VendorRegistry.parse("bad.tsv", bad));
        assertTrue(e.getMessage().startsWith("bad.tsv line 3: country \"XX\""), e.getMessage());
        assertTrue(assertThrows(IllegalStateException.class, () -> VendorRegistry.load("vendors/none.tsv"))
                .getMessage().contains("missing vendor registry resource vendors/none.tsv"));
    }
}
