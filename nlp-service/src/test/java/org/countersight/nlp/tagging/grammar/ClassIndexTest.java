package org.countersight.nlp.tagging.grammar;

import org.countersight.nlp.tagging.OwnSentences;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grammar's one index over all its word classes finds, for every class, exactly what the class finds on its
 * own, on every sentence of the project's development texts.
 */
class ClassIndexTest {

    @Test
    void everyClassIsFoundTheSameWithAndWithoutTheIndex() throws IOException {
        EventGrammar grammar = EventGrammar.load();
        ClassIndex index = grammar.classIndex();
        int found = 0;
        for (String sentence : OwnSentences.all()) {
            String[] lemmas = EventGrammar.lemmas(OwnSentences.norms(sentence));
            Map<WordClass, List<int[]>> all = index.findAll(lemmas);
            assertEquals(index.classes().size(), all.size());
            for (WordClass w : index.classes()) {
                List<int[]> alone = w.find(lemmas);
                assertEquals(ranges(alone), ranges(all.get(w)), () -> w.name + " in: " + sentence);
                found += alone.size();
            }
        }
        assertTrue(found > 100, "classes were found in the texts");
    }

    private static List<String> ranges(List<int[]> l) {
        return l.stream().map(r -> r[0] + "-" + r[1]).toList();
    }

    @Test
    void prefixesAndLongestPhrasesAsEachClassFindsThem() {
        // a grammar written here, with prefix words (the bundled one has none today) and overlapping phrases
        EventGrammar grammar = GrammarParser.parse("""
                grammar 0.0.1
                class WATCH = watch | watch over | surveil* closely | s*
                class THING = street | street camera* | camera
                event e1
                  category: cctv
                  action: WATCH
                  target: THING
                """, "test.rules");
        ClassIndex index = grammar.classIndex();
        for (String sentence : List.of("they surveil closely the street cameras", "watch over the street camera system",
                "street street camera watch", "nothing here")) {
            String[] lemmas = EventGrammar.lemmas(OwnSentences.norms(sentence));
            Map<WordClass, List<int[]>> all = index.findAll(lemmas);
            for (WordClass w : index.classes()) {
                assertEquals(ranges(w.find(lemmas)), ranges(all.get(w)), () -> w.name + " in: " + sentence);
            }
        }
        // "surveil closely" by its prefix, "street" by the one-letter prefix s*
        WordClass watch = index.classes().get(0);
        assertEquals(List.of("1-3", "4-5"), ranges(index.findAll(EventGrammar.lemmas(
                OwnSentences.norms("they surveil closely the street cameras"))).get(watch)));
    }
}
