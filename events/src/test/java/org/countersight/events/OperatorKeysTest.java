package org.countersight.events;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperatorKeysTest {

    private final OperatorKeys keys = new OperatorKeys(" alpha-key , ,beta-key");

    @Test
    void aConfiguredBearerKeyPassesInAnyCaseOfTheScheme() {
        assertTrue(keys.check("Bearer alpha-key").isEmpty());
        assertTrue(keys.check("bearer beta-key ").isEmpty());
    }

    @Test
    void aRefusalIsA401ProblemThatSaysWhatToSend() {
        OperatorKeys.Refusal missing = keys.check(null).orElseThrow();
        assertEquals(401, missing.status());
        assertEquals("application/problem+json", missing.contentType());
        assertEquals("Bearer realm=\"countersight\"", missing.wwwAuthenticate());
        assertEquals(401, missing.problem().get("status"));
        assertEquals("API key required", missing.problem().get("title"));
        assertTrue(missing.problem().get("detail").toString().contains("Authorization: Bearer <key>"));

        assertTrue(keys.check("Basic YWxwaGEta2V5").orElseThrow().problem().get("detail").toString()
                .contains("Bearer scheme"));
        assertTrue(keys.check("Bearer gamma-key").orElseThrow().problem().get("detail").toString()
                .contains("not valid"));
        assertTrue(keys.check("Bearer ").isPresent());
    }

    @Test
    void withoutKeysEveryOperatorActionIsRefusedWithHowToEnableIt() {
        OperatorKeys none = new OperatorKeys("  , ");
        assertFalse(none.configured());
        assertTrue(none.check("Bearer anything").orElseThrow().problem().get("detail").toString()
                .contains("COUNTERSIGHT_API_KEYS="));
    }

    @Test
    void keysFromASupplierAreReadOnceOnFirstUse() {
        AtomicInteger reads = new AtomicInteger();
        OperatorKeys lazy = new OperatorKeys(() -> {
            reads.incrementAndGet();
            return "late-key";
        });
        assertEquals(0, reads.get());
        assertTrue(lazy.check("Bearer late-key").isEmpty());
        assertTrue(lazy.check("Bearer other").isPresent());
        assertEquals(1, reads.get());
    }

    @Test
    void fromConfigLooksUpTheKeysPropertyOnFirstUse() {
        AtomicInteger reads = new AtomicInteger();
        OperatorKeys configured = OperatorKeys.fromConfig(name -> {
            reads.incrementAndGet();
            return OperatorKeys.CONFIG_PROPERTY.equals(name) ? Optional.of("k1,k2") : Optional.empty();
        });
        assertEquals(0, reads.get());
        assertTrue(configured.check("Bearer k2").isEmpty());
        assertTrue(configured.check("Bearer k3").isPresent());
        assertEquals(1, reads.get());
        assertFalse(OperatorKeys.fromConfig(name -> Optional.empty()).configured());
    }

    @Test
    void theSharedDecisionNamesWhatIsDisabledWithoutKeys() {
        assertTrue(OperatorKeys.refusal(KeyDigests.parse(""), "Bearer x", "changes")
                .startsWith("this service has no API keys configured, so changes are disabled; "));
        assertNull(OperatorKeys.refusal(KeyDigests.parse("x"), "Bearer x", "changes"));
    }

    @Test
    void keyDigestsMatchOnlyAConfiguredKeyExactly() {
        KeyDigests digests = new KeyDigests(List.of(" alpha ", "", "beta"));
        assertFalse(digests.isEmpty());
        assertTrue(digests.accepts("alpha"));
        assertTrue(digests.accepts("beta"));
        assertFalse(digests.accepts("alph"));
        assertFalse(digests.accepts("alpha "));
        assertFalse(digests.accepts(""));
        assertTrue(KeyDigests.parse(null).isEmpty());
        assertTrue(KeyDigests.parse(" , ").isEmpty());
    }
}
