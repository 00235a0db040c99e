package org.countersight.nlp.tagging;

import org.countersight.nlp.gazetteer.Gazetteer;
import org.countersight.nlp.gazetteer.VendorDictionary;
import org.countersight.nlp.pipeline.CoreNlp;
import org.countersight.nlp.places.PlaceMention;
import org.countersight.nlp.places.PlaceResolver;
import org.countersight.nlp.text.Tok;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assembles an English article into a {@link Document}: CoreNLP sentences and tokens, the countries, demonyms and
 * capitals of the country gazetteer, places below country level (cities, districts, regions, agencies), the vendors
 * and products named in each sentence, the dateline and the article's country weights. Thread-safe.
 */
final class DocumentReader {

    private static final Pattern DATELINE = Pattern.compile(
            "^\\s*([A-Z][A-Za-z\\u00C0-\\u017F .'’]{1,40}?)(?:,\\s*([A-Z][A-Za-z\\u00C0-\\u017F .'’]{1,30}?))?\\s*(?:\\([^)]{1,30}\\))?\\s*(?:—|–|--|-|:)\\s");

    /** Tokens and sentences, with NER labels on the sentences a predicate selects. */
    private final BiFunction<String, Predicate<CoreNlp.Sentence>, List<CoreNlp.Sentence>> nlp;
    /** Whether a sentence's tokens could start an event; only such sentences (and the title) get NER. */
    private final Predicate<List<Tok>> mayHaveEvents;
    private final Gazetteer gazetteer;
    private final VendorDictionary vendors;
    /** Cities, districts, regions and agencies below country level (GeoNames); null leaves them out. */
    private final PlaceResolver places;

    DocumentReader(BiFunction<String, Predicate<CoreNlp.Sentence>, List<CoreNlp.Sentence>> nlp,
            Predicate<List<Tok>> mayHaveEvents, Gazetteer gazetteer, VendorDictionary vendors,
            PlaceResolver places) {
        this.nlp = nlp;
        this.mayHaveEvents = mayHaveEvents;
        this.gazetteer = gazetteer;
        this.vendors = vendors;
        this.places = places;
    }

    Document read(String text, String title) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<VendorDictionary.Mention> vendorMentions = vendors.find(text);
        List<Sentence> sentences = new ArrayList<>();
        int idx = 0;
        // The CRF only on sentences that could start an event: NER is most of the cost, most sentences (and most
        // news) are not about surveillance, and elsewhere places and organisations come from the gazetteers.
        boolean[] candidate = {false};
        List<CoreNlp.Sentence> annotated = text.isBlank() ? List.of() : nlp.apply(text, cs -> {
            boolean may = mayHaveEvents.test(Tok.from(cs.tokens()));
            candidate[0] |= may;
            return may;
        });
        for (CoreNlp.Sentence cs : annotated) {
            List<Tok> toks = Tok.from(cs.tokens());
            List<Gazetteer.Hit> places = gazetteer.find(toks, lower);
            List<VendorDictionary.Mention> sv = new ArrayList<>();
            for (VendorDictionary.Mention m : vendorMentions) {
                if (m.start() >= cs.start() && m.end() <= cs.end()) {
                    sv.add(m);
                }
            }
            sentences.add(new Sentence(idx++, cs.start(), cs.end(), toks, places, sv));
        }
        List<Tok> titleToks = new ArrayList<>();
        List<Gazetteer.Hit> titlePlaces = List.of();
        if (!title.isBlank()) {
            for (CoreNlp.Sentence cs : nlp.apply(title, cs -> candidate[0])) {
                titleToks.addAll(Tok.from(cs.tokens()));
            }
            titlePlaces = gazetteer.find(titleToks, lower + " " + title.toLowerCase(Locale.ROOT));
        }

        sentences = withPlacesBelowCountry(text, sentences, countryCodes(sentences, titlePlaces));
        if (!title.isBlank()) {
            titlePlaces = merged(titlePlaces, belowCountry(title, 0, title.length(), titleToks,
                    countryCodes(sentences, titlePlaces)));
        }

        // Article-level country counts: places weigh 1, demonyms 0.5, the title counts double.
        Map<String, Double> weight = new LinkedHashMap<>();
        for (Sentence s : sentences) {
            for (Gazetteer.Hit h : s.places()) {
                weight.merge(h.code(), h.demonym() ? 0.5 : 1.0, Double::sum);
            }
        }
        for (Gazetteer.Hit h : titlePlaces) {
            weight.merge(h.code(), h.demonym() ? 1.0 : 2.0, Double::sum);
        }
        String dateline = dateline(text);
        int datelineEnd = dateline == null ? -1 : datelineEnd(text);
        String dominant = weight.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);

        Sentence titleSentence = new Sentence(-1, 0, 0, titleToks, titlePlaces, vendors.find(title));
        return new Document(text, List.copyOf(sentences), titleSentence, vendorMentions, dateline, datelineEnd, weight,
                dominant);
    }

    private static Set<String> countryCodes(List<Sentence> sentences, List<Gazetteer.Hit> titlePlaces) {
        Set<String> out = new LinkedHashSet<>();
        sentences.forEach(s -> s.places().forEach(h -> out.add(h.code())));
        titlePlaces.forEach(h -> out.add(h.code()));
        return out;
    }

    /**
     * Adds the cities, districts, regions and agencies of the place resolver to each sentence's places, as
     * country hits of their country (so "in Shopian" counts as India where the events are placed).
     */
    private List<Sentence> withPlacesBelowCountry(String text, List<Sentence> sentences, Set<String> context) {
        if (places == null || sentences.isEmpty()) {
            return sentences;
        }
        List<int[]> persons = new ArrayList<>();
        for (Sentence s : sentences) {
            persons.addAll(personSpans(s.toks()));
        }
        List<PlaceMention> found = places.find(text, persons, context);
        if (found.isEmpty()) {
            return sentences;
        }
        List<Sentence> out = new ArrayList<>(sentences.size());
        for (Sentence s : sentences) {
            List<Gazetteer.Hit> extra = hits(found, s.start(), s.end(), s.toks());
            out.add(extra.isEmpty() ? s : new Sentence(s.index(), s.start(), s.end(), s.toks(), merged(s.places(), extra),
                    s.vendors()));
        }
        return out;
    }

    private List<Gazetteer.Hit> belowCountry(String text, int start, int end, List<Tok> toks, Set<String> context) {
        return places == null ? List.of() : hits(places.find(text, personSpans(toks), context), start, end, toks);
    }

    private static List<int[]> personSpans(List<Tok> toks) {
        List<int[]> out = new ArrayList<>();
        for (Tok t : toks) {
            if ("PERSON".equals(t.ner())) {
                out.add(new int[] {t.start(), t.end()});
            }
        }
        return out;
    }

    /** Place mentions inside [start, end) as hits over the sentence's tokens. */
    private static List<Gazetteer.Hit> hits(List<PlaceMention> found, int start, int end,
            List<Tok> toks) {
        List<Gazetteer.Hit> out = new ArrayList<>();
        for (PlaceMention m : found) {
            if (m.start() < start || m.end() > end) {
                continue;
            }
            int from = -1;
            int to = -1;
            for (int i = 0; i < toks.size(); i++) {
                if (from < 0 && toks.get(i).end() > m.start()) {
                    from = i;
                }
                if (toks.get(i).start() < m.end()) {
                    to = i + 1;
                }
            }
            if (from >= 0 && to > from) {
                out.add(new Gazetteer.Hit(m.countryCode(), m.name(), from, to, toks.get(from).start(),
                        toks.get(to - 1).end(), false));
            }
        }
        return out;
    }

    /** Country hits first; a place below country level only where no country name already covers its tokens. */
    private static List<Gazetteer.Hit> merged(List<Gazetteer.Hit> countries, List<Gazetteer.Hit> below) {
        if (below.isEmpty()) {
            return countries;
        }
        List<Gazetteer.Hit> out = new ArrayList<>(countries);
        for (Gazetteer.Hit b : below) {
            if (countries.stream().noneMatch(c -> c.from() < b.to() && b.from() < c.to())) {
                out.add(b);
            }
        }
        out.sort(Comparator.comparingInt(Gazetteer.Hit::from));
        return out;
    }
    static int datelineEnd(String text) {
        Matcher m = DATELINE.matcher(text.length() > 120 ? text.substring(0, 120) : text);
        return m.find() ? m.end() : -1;
    }

    String dateline(String text) {
        Matcher m = DATELINE.matcher(text.length() > 120 ? text.substring(0, 120) : text);
        if (!m.find()) {
            return null;
        }
        String code = gazetteer.lookup(m.group(1).strip());
        if (code == null && m.group(2) != null) {
            code = gazetteer.lookup(m.group(2).strip());
        }
        if (code != null && m.group(2) != null) {
            String second = gazetteer.lookup(m.group(2).strip());
            if (second != null) {
                code = second; // "Kampala, Uganda" or "Atlanta, Georgia": the wider place decides
            }
        }
        return code;
    }
}
