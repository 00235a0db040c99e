package org.countersight.nlp.tagging;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link TermSet#anyIn} (the reader's cheap "could an event start here" test) agrees with {@link TermSet#find}. */
class TermSetTest {

    private static final RuleSet RULES = RuleSet.load();

    @ParameterizedTest(name = "{0} in: {1}")
    @CsvSource(delimiter = '|', value = {
            "TECH | the council put up new cctv near the market | true",
            "TECH | the council put up new Cameras near the market | true",
            "TECH | they bought facial recognition software | true",
            "TECH | they read the face of the clock | false",
            "DEPLOY | the ministry rolled out the system | true",
            "DEPLOY | the ministry rolled the dice | false",
            "STATE | riot police arrived | true",
            "STATE | the bakery opened late | false",
    })
    void anyInAgreesWithFind(String set, String sentence, boolean expected) {
        TermSet terms = RULES.set(set);
        assertEquals(expected, !terms.find(OwnSentences.toks(sentence)).isEmpty());
        assertEquals(expected, terms.anyIn(OwnSentences.toks(sentence)));
    }
}
