package org.countersight.nlp.tagging;

import org.countersight.nlp.gazetteer.Gazetteer;
import org.countersight.nlp.gazetteer.VendorDictionary;
import org.countersight.nlp.text.Tok;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Where an event happens, decided on hand-made sentences (no CoreNLP): the resolver reads only tokens, the places
 * and vendors found in them, the dateline and the article's country weights.
 */
class EventCountryResolverTest {

    private static final TermSet STATE = RuleSet.load().set("STATE");

    /** A sentence of whitespace-separated words; places as {word index, country code, demonym?}. */
    private static Sentence sentence(int index, String words, List<VendorDictionary.Mention> vendors, Object[]... places) {
        List<Tok> toks = new ArrayList<>();
        int pos = index * 1000;
        for (String w : words.split(" ")) {
            toks.add(new Tok(w, Tok.normalise(w), pos, pos + w.length(), "O"));
            pos += w.length() + 1;
        }
        List<Gazetteer.Hit> hits = new ArrayList<>();
        for (Object[] p : places) {
            int i = (Integer) p[0];
            Tok t = toks.get(i);
            hits.add(new Gazetteer.Hit((String) p[1], t.text(), i, i + 1, t.start(), t.end(), (Boolean) p[2]));
        }
        return new Sentence(index, index * 1000, pos, toks, hits, vendors);
    }

    private static Object[] place(int word, String code) {
        return new Object[] {word, code, false};
    }

    private static Object[] demonym(int word, String code) {
        return new Object[] {word, code, true};
    }

    private static EventCountryResolver resolver(List<Sentence> sentences, String dateline, int datelineEnd) {
        Map<String, Double> weight = new LinkedHashMap<>();
        for (Sentence s : sentences) {
            s.places().forEach(h -> weight.merge(h.code(), h.demonym() ? 0.5 : 1.0, Double::sum));
        }
        String dominant = weight.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        Sentence title = new Sentence(-1, 0, 0, List.of(), List.of(), List.of());
        return new EventCountryResolver(new Document("", sentences, title, List.of(), dateline, datelineEnd, weight,
                dominant), STATE);
    }

    private static VendorDictionary.Mention vendor(String name, String home) {
        return new VendorDictionary.Mention(new VendorDictionary.Vendor(name.toLowerCase(), name, home, List.of(),
                List.of(), List.of(), null), 0, name.length(), false, null);
    }

    @Test
    void aPlaceInTheEvidenceSentenceBeatsTheArticlesDominantCountry() {
        Sentence s0 = sentence(0, "Kenya and Kenya and Kenya talks", List.of(), place(0, "KE"), place(2, "KE"), place(4, "KE"));
        Sentence s1 = sentence(1, "Police in Kampala installed cameras", List.of(), place(2, "UG"));
        assertEquals("UG", resolver(List.of(s0, s1), null, -1).eventCountry(s1));
    }

    @Test
    void theDatelineDecidesWhenTheSentenceNamesNoOtherPlace() {
        Sentence s0 = sentence(0, "Police installed cameras on main roads", List.of());
        assertEquals("PK", resolver(List.of(s0), "PK", 10).eventCountry(s0));
    }

    @Test
    void aVendorsHomeCountryIsWhereTheTechnologyComesFromNotWhereItIsUsed() {
        Sentence s0 = sentence(0, "Zambian police bought Chinese cameras for Lusaka", List.of(vendor("Hikvision", "CN")), demonym(0, "ZM"), demonym(3, "CN"), place(6, "ZM"));
        assertEquals("ZM", resolver(List.of(s0), null, -1).eventCountry(s0));
    }

    @Test
    void aDemonymBeforeAStateActorNamesTheActingState() {
        Sentence s0 = sentence(0, "Iranian police used cameras near Dubai", List.of(), demonym(0, "IR"), place(5, "AE"));
        assertEquals("IR", resolver(List.of(s0), null, -1).eventCountry(s0));
    }

    @Test
    void withoutAPlaceTheSentenceBeforeThenTheDominantCountryDecide() {
        Sentence s0 = sentence(0, "Protests spread across Tunisia", List.of(), place(3, "TN"));
        Sentence s1 = sentence(1, "Mobile internet was cut for two days", List.of());
        assertEquals("TN", resolver(List.of(s0, s1), null, -1).eventCountry(s1));
        Sentence lone = sentence(0, "Mobile internet was cut for two days", List.of());
        assertNull(resolver(List.of(lone), null, -1).eventCountry(lone));
    }
}
