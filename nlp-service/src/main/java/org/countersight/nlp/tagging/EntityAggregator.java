package org.countersight.nlp.tagging;

import org.countersight.events.TaggedArticle;
import org.countersight.nlp.gazetteer.Gazetteer;
import org.countersight.nlp.text.Tok;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The article's named entities: CoreNLP's PERSON, ORGANIZATION and LOCATION mentions counted, locations given the
 * country our gazetteers resolve, and places CoreNLP missed (all-caps datelines, districts) added as LOCATION.
 */
final class EntityAggregator {

    private EntityAggregator() {
    }

    /** The 200 most mentioned entities of the article's sentences. */
static List<TaggedArticle.Entity> entities(String text, List<Sentence> sentences, Gazetteer gazetteer) {
    record Key(String text, String type) {
    }
    Map<Key, int[]> counts = new LinkedHashMap<>();
    Map<Key, String> codes = new HashMap<>();
    for (Sentence s : sentences) {
        List<Tok> toks = s.toks();
        Set<Integer> covered = new java.util.HashSet<>();
        for (int i = 0; i < toks.size(); ) {
            String ner = toks.get(i).ner();
            if (!"PERSON".equals(ner) && !"ORGANIZATION".equals(ner) && !"LOCATION".equals(ner)) {
                i++;
                continue;
            }
            int j = i;
            while (j < toks.size() && ner.equals(toks.get(j).ner())) {
                covered.add(j);
                j++;
            }
            String mention = text.substring(toks.get(i).start(), toks.get(j - 1).end());
            Key k = new Key(mention, ner);
            counts.computeIfAbsent(k, x -> new int[1])[0]++;
            if ("LOCATION".equals(ner)) {
                String code = gazetteer.lookup(mention);
                if (code != null) {
                    codes.put(k, code);
                }
            }
            i = j;
        }
        // Places CoreNLP missed (all-caps datelines, lower-confidence names) still become LOCATION entities.
        for (Gazetteer.Hit h : s.places()) {
            if (h.demonym() || covered.contains(h.from())) {
                continue;
            }
            Key k = new Key(text.substring(h.start(), h.end()), "LOCATION");
            counts.computeIfAbsent(k, x -> new int[1])[0]++;
            codes.put(k, h.code());
        }
        // A NER location that the gazetteer resolves inside a longer mention keeps its code.
        for (Gazetteer.Hit h : s.places()) {
            if (!h.demonym() && covered.contains(h.from())) {
                for (Map.Entry<Key, int[]> e : counts.entrySet()) {
                    if (e.getKey().type().equals("LOCATION") && e.getKey().text().contains(text.substring(h.start(), h.end()))) {
                        codes.putIfAbsent(e.getKey(), h.code());
                    }
                }
            }
        }
    }
    List<TaggedArticle.Entity> out = new ArrayList<>();
    counts.entrySet().stream()
            .sorted((a, b) -> b.getValue()[0] - a.getValue()[0])
            .limit(200)
            .forEach(e -> out.add(new TaggedArticle.Entity(e.getKey().text(), e.getKey().type(),
                    codes.get(e.getKey()), e.getValue()[0])));
    return out;
}

}
