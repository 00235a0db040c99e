package org.countersight.nlp.tagging.grammar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled grammar on sentences written for this test: voices, inflections, negation, speculation, readings.
 * Tokens are split on spaces and hyphens, as {@code text.Tok} splits CoreNLP tokens.
 */
class EventGrammarTest {

    private static final EventGrammar GRAMMAR = EventGrammar.load();

    private static List<String> norms(String sentence) {
        return Arrays.asList(sentence.toLowerCase(Locale.ROOT).replace("-", " ").replace(",", " ,").replace(".", " .")
                .split("\\s+"));
    }

    private static Set<String> categories(String sentence) {
        List<String> norms = norms(sentence);
        Set<String> out = new TreeSet<>();
        String[] lemmas = EventGrammar.lemmas(norms);
        GRAMMAR.match(lemmas, norms, GRAMMAR.articleClasses(List.<String[]>of(lemmas))).forEach(c -> out.add(c.category()));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "the authorities shut down mobile internet in three provinces | internet_shutdown",
            "mobile internet was shut down across the region for two days | internet_shutdown",
            "a shutdown of mobile data services began on monday | internet_shutdown",
            "broadband connections were severed in the capital | internet_shutdown",
            "connectivity was throttled during the opposition rally | internet_shutdown",
            "whatsapp and instagram were blocked nationwide | social_media_ban",
            "internet providers were ordered to block telegram | social_media_ban",
            "regulators banned tiktok over security fears | social_media_ban",
            "police installed facial recognition cameras at the station | facial_recognition",
            "the city council deployed hundreds of cctv cameras along the main streets | cctv",
            "border police fly drones to watch the crossing | drones",
            "investigators found pegasus spyware on the phones of two lawyers | spyware",
            "the ministry bought cell-site simulators for the police | data_monitoring",
    })
    void findsTheEvent(String sentence, String category) {
        assertEquals(Set.of(category), categories(sentence));
        // the reader runs NER only where mayMatch holds: it must hold wherever an event is found
        assertTrue(GRAMMAR.mayMatch(EventGrammar.lemmas(norms(sentence))), "mayMatch refused an event sentence");
    }

    /** Words that can be targets ("until", "month", "exam") without any action: no event, so no NER needed. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "the central library will stay open until nine during the exam period , the mayor said",
            "officials said inflation eased to five percent last month as fuel prices fell",
            "taxi drivers said the hospital extension would be delayed until the dry season",
    })
    void aTargetWithoutAnActionCannotMatch(String sentence) {
        assertEquals(Set.of(), categories(sentence));
        assertEquals(false, GRAMMAR.mayMatch(EventGrammar.lemmas(norms(sentence))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "the government did not block tiktok",
            "the ministry could ban tiktok next year",
            "lawmakers called for a ban on tiktok",
            "a storm cut mobile internet in the north",
            "operators will switch off their 3g networks to free spectrum",
            "the shop's own security cameras filmed the burglars",
            "a parcel delivery drone landed in the village",
            "the club said it would withdraw the app from stores",
    })
    void findsNoEvent(String sentence) {
        assertEquals(Set.of(), categories(sentence));
    }

    @Test
    void malformedGrammarFilesAreRefusedWithTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GrammarParser.parse(
                "grammar 1\nclass A = cut\nevent x\n  category: internet_shutdown\n  action: A\n  target: B\n", "t.rules"));
        assertTrue(e.getMessage().contains("unknown class B"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GrammarParser.parse("class A = cut\n", "t.rules"));
    }
}
