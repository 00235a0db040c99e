package org.countersight.nlp.places;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

class PlaceIndexTest {

    @Test
    void bundledGazetteerHasCitiesAndRegions() {
        PlaceIndex index = PlaceIndex.load();
        assertTrue(index.size() > 30_000, "places: " + index.size());
        assertNotNull(index.entries("harare"));
        assertNotNull(index.entries("khuzestan"));
        assertNotNull(index.entries("chelan county"));
        assertNull(index.entries("zimbabwe"), "country names are the country gazetteer's");
    }

    @Test
    void keysFoldAccentsCaseHyphensAndDots() {
        assertEquals("sant julia de loria", PlaceIndex.key("Sant Julià de Lòria"));
        assertEquals("baden baden", PlaceIndex.key("Baden-Baden"));
        assertEquals("st louis", PlaceIndex.key("St. Louis"));
        assertEquals("o'fallon", PlaceIndex.key("O’Fallon"));
        assertEquals("", PlaceIndex.key(" - . "));
    }

    @Test
    void aBrokenResourceSaysWhichLine() throws IOException {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PlaceIndex.read(gzip("# header\nZW\tcity\t5\tharare\nZW\tvillage\t5\tx\n")));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> PlaceIndex.read(gzip("ZW\tcity\n")));
    }

    private static ByteArrayInputStream gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return new ByteArrayInputStream(out.toByteArray());
    }
}
