package org.countersight.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaxonomyTest {

    @Test
    void twelveCategoriesWithWireIdsAndEveryTextFilledIn() {
        assertEquals(List.of("cctv", "facial_recognition", "drones", "internet_shutdown", "censorship_firewall",
                "social_media_ban", "spyware", "biometric_id", "smart_city", "data_monitoring", "protest_crackdown",
                "vendor_export"), Taxonomy.ids());
        for (Taxonomy.Category c : Taxonomy.CATEGORIES) {
            assertTrue(c.id().matches("[a-z]+(_[a-z]+)*"), c.id());
            for (String text : List.of(c.label(), c.definition(), c.includes(), c.excludes())) {
                assertFalse(text.isBlank(), c.id());
            }
        }
        assertEquals(12, new HashSet<>(Taxonomy.CATEGORIES.stream().map(Taxonomy.Category::label).toList()).size());
    }

    @Test
    void lookUpIsExactAndRefusesOtherValues() {
        assertTrue(Taxonomy.isCategory("spyware"));
        assertEquals("Biometric ID", Taxonomy.category("biometric_id").orElseThrow().label());
        assertFalse(Taxonomy.isCategory("Spyware"));
        assertFalse(Taxonomy.isCategory("weather"));
        assertFalse(Taxonomy.isCategory(null));
        assertTrue(Taxonomy.category(null).isEmpty());
    }

    @Test
    void aCategoryIsJsonWithItsFieldNames() {
        String json = new String(Json.write(Taxonomy.category("drones").orElseThrow()), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"id\":\"drones\",\"label\":\"Drones\",\"definition\":"), json);
        assertTrue(json.contains("\"excludes\":\"Delivery drones"), json);
    }
}
