package org.countersight.nlp.tagging;

import org.countersight.nlp.text.Tok;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules' trigger index finds exactly what asking each rule's trigger on its own finds, on every sentence of
 * {@link OwnSentences}.
 */
class TermIndexTest {

    private static final RuleSet RULES = RuleSet.load();

    @Test
    void everyRulesTriggerMatchesTheSameWithAndWithoutTheIndex() throws IOException {
        List<String> sentences = OwnSentences.all();
        assertTrue(sentences.size() > 200, "the development texts are read");
        int withTrigger = 0;
        for (String sentence : sentences) {
            List<Tok> toks = OwnSentences.toks(sentence);
            TermIndex.Starts starts = RULES.triggerStarts(toks);
            boolean any = false;
            for (int i = 0; i < RULES.rules().size(); i++) {
                Rule rule = RULES.rules().get(i);
                TermSet trigger = rule.trigger();
                List<TermSet.Match> alone = trigger.find(toks);
                assertEquals(alone, trigger.find(toks, starts.of(i)), () -> rule.id() + " in: " + sentence);
                if (!alone.isEmpty()) {
                    assertTrue(starts.sets().get(i), () -> rule.id() + " matches but is no candidate in: " + sentence);
                    any = true;
                }
            }
            assertEquals(any, RULES.anyTrigger(toks), sentence);
            withTrigger += any ? 1 : 0;
        }
        assertTrue(withTrigger > 20 && withTrigger < sentences.size(), "both kinds of sentence were tried");
    }

    @Test
    void positionsAreTheTokensWhereATermMayStart() {
        TermSet tech = RULES.set("TECH");
        TermIndex index = new TermIndex(List.of(tech));
        List<Tok> toks = OwnSentences.toks("new cctv cameras and more cctv");
        int[] at = index.starts(toks).of(0);
        for (int i = 0; i < toks.size(); i++) {
            boolean starts = !tech.find(toks.subList(i, toks.size())).stream().filter(m -> m.from() == 0).toList().isEmpty();
            if (starts) {
                final int pos = i;
                assertTrue(java.util.Arrays.stream(at).anyMatch(p -> p == pos), "position " + i + " of " + toks);
            }
        }
        assertEquals(tech.find(toks), tech.find(toks, at));
        assertEquals(3, tech.find(toks).size(), toks.toString().toLowerCase(Locale.ROOT));
    }
}
