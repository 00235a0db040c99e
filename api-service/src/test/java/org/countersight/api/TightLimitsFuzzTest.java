package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import org.countersight.testsupport.KafkaBrokerResource;
import io.quarkus.test.junit.TestProfile;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzz run again with per-client rate limits a person could reach: many answers are 429, each a problem+json with
 * Retry-After, and still not one 5xx. (The caps that answer 503 by design, and the search time limit, keep their
 * generous test values here; LimitsTest covers them.)
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(TightLimitsFuzzTest.Rates.class)
class TightLimitsFuzzTest extends FuzzTest {

    public static class Rates implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>();
            m.put("countersight.limits.search-per-minute", "60");
            m.put("countersight.limits.search-burst", "20");
            m.put("countersight.limits.export-per-minute", "6");
            m.put("countersight.limits.export-burst", "3");
            m.put("countersight.limits.stream-per-minute", "30");
            m.put("countersight.limits.stream-burst", "5");
            m.put("countersight.limits.max-highlighted", "100");
            return m;
        }
    }

    @Override
    int requests() {
        return 1500;
    }

    @Override
    void checkStatuses(Map<String, Integer> statuses) {
        assertTrue(statuses.keySet().stream().anyMatch(k -> k.startsWith("GET /api/v1/articles ") && k.endsWith(" 429")),
                "searches were rate limited: " + statuses);
        assertTrue(statuses.keySet().stream().anyMatch(k -> k.startsWith("GET /api/v1/alerts/{x} ") && k.endsWith(" 429")),
                "stream opens were rate limited: " + statuses);
    }
}
