package org.countersight.nlp.alerts;

import org.countersight.events.TaggedArticle;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertDeciderTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final String STORY = "Police in Harare have installed facial recognition cameras at bus stations and markets, "
            + "the home affairs ministry said on Monday, adding that the system would be extended to other cities next year.";

    static TaggedArticle article(String id, String storyId, String title, String text, Instant published) {
        TaggedArticle.Event e = new TaggedArticle.Event("facial_recognition", "facial recognition", text, 0,
                text.length(), 0.8, "ZW", List.of(), List.of("police"), false);
        return new TaggedArticle(1, id, "https://example.org/" + id, "src", "Src", storyId, title, null, text, "en",
                published, published, NOW, true, 0.8, false, List.of(), List.of(), List.of(), List.of(e),
                new TaggedArticle.Versions("t", "1", "4.5.10"));
    }

    AlertDecider decider() {
        return new AlertDecider(Duration.ofHours(72), 0.5, 1000);
    }

    @Test
    void sameStoryIdAlertsOnce() {
        AlertDecider d = decider();
        assertTrue(d.decide(article("a1", "s1", "Harare cameras", STORY, NOW), NOW).isPresent());
        assertTrue(d.decide(article("a2", "s1", "Another headline", "A different text entirely about the same story.", NOW), NOW).isEmpty());
    }

    @Test
    void nearIdenticalTextAlertsOnceWithoutStoryId() {
        AlertDecider d = decider();
        assertTrue(d.decide(article("a1", null, "Zimbabwe police install face cameras", STORY, NOW), NOW).isPresent());
        // syndicated copy: another URL, headline in capitals, punctuation and one word changed, a credit line added
        String copy = STORY.replace("on Monday", "on Monday,").replace("markets", "market") + " (Reporting by staff)";
        assertTrue(d.decide(article("a2", null, "ZIMBABWE POLICE INSTALL FACE CAMERAS",
                copy, NOW.plusSeconds(600)), NOW.plusSeconds(600)).isEmpty(), "near-identical copy must not alert");
        // a different story on the same subject still alerts
        String other = "Police in Bulawayo began a trial of drones with thermal cameras over the city centre at night, "
                + "a provincial commander said, as residents complained about noise and privacy.";
        assertTrue(d.decide(article("a3", null, "Bulawayo drones", other, NOW), NOW).isPresent());
    }

    @Test
    void copiesOutsideTheWindowAreNotMatched() {
        NearDuplicates n = new NearDuplicates(10, Duration.ofHours(1));
        assertNull(n.addIfNew("a", STORY, NOW));
        assertEquals("a", n.addIfNew("b", STORY, NOW.plusSeconds(60)));
        assertNull(n.addIfNew("c", STORY, NOW.plus(Duration.ofHours(5))), "a copy published much later is a new event");
    }

    @Test
    void windowIsBoundedInSize() {
        NearDuplicates n = new NearDuplicates(2, Duration.ofDays(1));
        assertNull(n.addIfNew("a", STORY, NOW));
        assertNull(n.addIfNew("b", "Completely unrelated text one about farming cooperatives and the price of maize in the east.", NOW));
        assertNull(n.addIfNew("c", "Completely unrelated text two about a football final and the crowd at the national stadium.", NOW));
        assertNull(n.addIfNew("d", STORY, NOW), "the oldest fingerprint was forgotten");
    }

    @Test
    void signaturesIgnoreCaseAndPunctuationButNotContent() {
        int[] a = NearDuplicates.signature(STORY);
        int[] b = NearDuplicates.signature(STORY.toUpperCase().replace(",", ""));
        assertNotNull(a);
        assertEquals(1.0, NearDuplicates.similarity(a, b));
        int[] c = NearDuplicates.signature("The ministry of health opened four new clinics in rural districts on Monday, "
                + "saying nurses would be hired from local training colleges next year.");
        assertTrue(NearDuplicates.similarity(a, c) < 0.2, "different texts: " + NearDuplicates.similarity(a, c));
        assertNull(NearDuplicates.signature("Too short to compare."));
    }

    @Test
    void reprocessModeNeverAlerts() {
        AlertDecider d = new AlertDecider(Duration.ofHours(72), 0.5, 1000, true);
        assertTrue(d.reprocessing());
        assertTrue(d.decide(article("a1", "s1", "Harare cameras", STORY, NOW), NOW).isEmpty());
    }

    @Test
    void oldArticlesDoNotAlert() {
        assertFalse(decider().decide(article("a1", null, "Old", STORY, NOW.minus(Duration.ofDays(10))), NOW).isPresent());
    }

    @Test
    void forgottenStoryCanAlertAgain() {
        AlertDecider d = decider();
        TaggedArticle a = article("a1", null, "Harare cameras", STORY, NOW);
        assertTrue(d.decide(a, NOW).isPresent());
        d.forget(a);
        assertTrue(d.decide(a, NOW).isPresent(), "after a failed alert write the redelivery alerts");
    }
}
