package org.countersight.nlp.places;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds names of places below country level in a text (cities, districts, provinces, police and local agencies)
 * and resolves each to one country. Precision first: a wrong country is worse than none for a news monitor.
 *
 * <p>How a name is found: a run of capitalised (or ALL-CAPS) words, longest gazetteer match first, allowing
 * lower-case joiners inside ("Sant Julià de Lòria"), hyphens ("Baden-Baden"), dots ("St. Louis") and a possessive
 * at the end ("Shopian's"). Chinese names are matched in runs of Han characters. Country names are not in the
 * gazetteer (the country gazetteer handles them).
 *
 * <p>How a country is chosen among places sharing a name: GeoNames population (log scale), the countries already
 * named in the article ({@code contextCountries}), the countries of the other places in the same text, a kind word
 * after the name ("Khuzestan province" prefers a province), and alternate names counting less than main names.
 *
 * <p>Names that are also ordinary English words or first names (flagged at build time: "Mobile", "Reading",
 * "Victoria", "Florence", "Hope"...) count only with support: a place preposition before ("in", "near", "from"...),
 * a kind word or an agency after, or their country already in context.
 *
 * <p>US convention rule: "&lt;Name&gt; Police Department" and "&lt;Name&gt; County Sheriff's Office" resolve to US
 * even when the town is small or not in the gazetteer. Naming a municipal police force "Police Department" and a
 * county's law enforcement "Sheriff's Office" is the United States' convention; elsewhere forces are "Police",
 * "Police Service", "Constabulary" or a state or national police. So a name that the gazetteer places only
 * outside the US (e.g. a large Indian city) keeps its own country; any other name goes to US.
 *
 * <p>Stateless and thread-safe: one instance over one {@link PlaceIndex} serves all threads.
 */
public final class PlaceResolver {

    private static final int MAX_TEXT = 2_000_000;

    private final PlaceFinder finder;
    private final CountryChooser chooser;

    public PlaceResolver(PlaceIndex index) {
        this.finder = new PlaceFinder(index);
        this.chooser = new CountryChooser(index);
    }

    /** Place mentions in {@code text}, with no excluded spans and no context countries. */
    public List<PlaceMention> find(String text) {
        return find(text, List.of(), Set.of());
    }

    /**
     * Place mentions in {@code text}, in text order.
     *
     * @param excludedSpans    char spans [start, end) to skip (e.g. PERSON mentions); null or empty for none
     * @param contextCountries ISO alpha-2 codes of countries the article names; null or empty for none
     */
    public List<PlaceMention> find(String text, List<int[]> excludedSpans, Set<String> contextCountries) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT);
        }
        Set<String> context = contextCountries == null ? Set.of() : contextCountries;
        List<int[]> excluded = excludedSpans == null ? List.of() : excludedSpans;
        List<NameToken> tokens = NameToken.tokenize(text);
        List<PlaceCandidate> found = new ArrayList<>();
        finder.findLatin(text, tokens, excluded, found);
        finder.findHan(text, excluded, found);
        found.sort((a, b) -> Integer.compare(a.start, b.start));
        return chooser.resolve(found, context);
    }
}
