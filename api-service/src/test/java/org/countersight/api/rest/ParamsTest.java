package org.countersight.api.rest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The words of enum-like query parameters (by, format, sort, interval) and the 400 a client gets for others. */
class ParamsTest {

    @Test
    void blankGivesTheDefaultAndWordsMatchWhateverTheCase() {
        assertEquals("json", Params.oneOf("format", null, "json", "json", "csv", "gexf"));
        assertEquals("json", Params.oneOf("format", "  ", "json", "json", "csv", "gexf"));
        assertEquals("gexf", Params.oneOf("format", " GeXF ", "json", "json", "csv", "gexf"));
    }

    @Test
    void anotherWordIsA400ThatListsTheAllowedOnes() {
        assertEquals("by must be country or vendor, got 'continent'",
                refusal("by", "continent", "country", "country", "vendor"));
        assertEquals("format must be json, csv or gexf, got 'xml'",
                refusal("format", "xml", "json", "json", "csv", "gexf"));
        assertEquals("sort must be events, countries or name, got 'size'",
                refusal("sort", "size", "events", "events", "countries", "name"));
        assertEquals("interval must be day, week or month, got 'hour'",
                refusal("interval", "hour", "day", "day", "week", "month"));
    }

    @Test
    void theRefusalNamesTheParameterAndEchoesTheValueShortened() {
        ApiException e = assertThrows(ApiException.class,
                () -> Params.oneOf("format", "x".repeat(100) + "\u0001", "jsonl", "csv", "jsonl"));
        assertEquals(400, e.problem().status);
        assertEquals("format", e.problem().extra().get("parameter"));
        assertEquals("format must be csv or jsonl, got '" + "x".repeat(60) + "…'", e.problem().detail);
    }

    private static String refusal(String name, String value, String dflt, String... allowed) {
        return assertThrows(ApiException.class, () -> Params.oneOf(name, value, dflt, allowed)).problem().detail;
    }

    @Test
    void minConfidenceIsANumberFromZeroToOneForAlertsAndVendorsAlike() {
        assertEquals(null, Params.minConfidence(" "));
        assertEquals(0.6, Params.minConfidence(" 0.6 "));
        assertEquals(60, VendorFilterParams.minConfidencePercent("0.6"));
        assertEquals(0, VendorFilterParams.minConfidencePercent(null));
        for (String bad : new String[] {"2", "-0.1", "high", "NaN"}) {
            assertEquals("minConfidence must be a number from 0 to 1, got '" + bad + "'",
                    assertThrows(ApiException.class, () -> Params.minConfidence(bad)).problem().detail);
            assertEquals("minConfidence must be a number from 0 to 1, got '" + bad + "'",
                    assertThrows(ApiException.class, () -> VendorFilterParams.minConfidencePercent(bad)).problem().detail);
        }
    }
}
