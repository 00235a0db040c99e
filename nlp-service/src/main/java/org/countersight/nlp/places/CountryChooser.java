package org.countersight.nlp.places;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.countersight.nlp.places.PlaceWords.GENERIC_AGENCY_WORDS;
import static org.countersight.nlp.places.PlaceWords.KIND_WORDS;

/**
 * Chooses the country of each found name (see {@link PlaceResolver}): population, the countries the article
 * names, the countries the text's other places point to without doubt, a fitting kind word, and the US agency
 * convention; names that are ordinary words count only with support.
 */
final class CountryChooser {

    private static final long MIN_UNSUPPORTED_POPULATION = 15_000;
    private static final long MIN_UNSUPPORTED_ALT_POPULATION = 100_000;

    private final PlaceIndex index;

    CountryChooser(PlaceIndex index) {
        this.index = index;
    }

    /** The best place of one country for a candidate, and its score. */
    private record Choice(String country, int place, boolean alt, double score) {
    }

    List<PlaceMention> resolve(List<PlaceCandidate> found, Set<String> context) {
        // countries that places in this text point to without doubt (one country, or a clear population leader)
        Map<String, Integer> textVotes = new HashMap<>();
        String[] sure = new String[found.size()];
        for (int k = 0; k < found.size(); k++) {
            PlaceCandidate c = found.get(k);
            if ((c.common || c.calendar) && !c.preposition && c.kindWord == null) {
                continue;
            }
            List<Choice> choices = choices(c, Set.of(), Map.of());
            if (choices.isEmpty()) {
                continue;
            }
            if (choices.size() == 1 || choices.get(0).score - choices.get(1).score >= 1.0) {
                sure[k] = choices.get(0).country;
                textVotes.merge(sure[k], 1, Integer::sum);
            }
        }
        List<PlaceMention> out = new ArrayList<>();
        for (int k = 0; k < found.size(); k++) {
            PlaceCandidate c = found.get(k);
            Map<String, Integer> others = new HashMap<>(textVotes);
            if (sure[k] != null) {
                others.merge(sure[k], -1, Integer::sum);
            }
            PlaceMention m = decide(c, context, others);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    private PlaceMention decide(PlaceCandidate c, Set<String> context, Map<String, Integer> others) {
        if (c.entries.length == 0) {
            // an agency name the gazetteer does not know: the US convention rule
            if (allCommonWords(c.name)) {
                return null;
            }
            return new PlaceMention(c.start, c.end, c.name, "US", "agency", 0, c.sheriff ? 0.85 : 0.75);
        }
        List<Choice> choices = choices(c, context, others);
        if (choices.isEmpty()) {
            return null;
        }
        Choice best = choices.get(0);
        if (c.usAgency) {
            Choice us = null;
            for (Choice ch : choices) {
                if (ch.country.equals("US")) {
                    us = ch;
                    break;
                }
            }
            if (us != null || c.sheriff) {
                long pop = us == null ? 0 : index.population(us.place);
                String kind = us == null ? "agency" : index.kind(us.place);
                return new PlaceMention(c.start, c.end, c.name, "US", kind, pop, 0.85);
            }
        }
        boolean inContext = context.contains(best.country) || others.getOrDefault(best.country, 0) > 0;
        boolean supported = c.calendar ? c.kindWord != null || c.agency
                : c.preposition || c.kindWord != null || c.agency || inContext;
        if (c.common && !supported) {
            return null;
        }
        long pop = index.population(best.place);
        if (pop < MIN_UNSUPPORTED_POPULATION && !supported) {
            return null;
        }
        // an alternate name of a smaller place ("Belka") is as often a word or a name in another sense
        if (best.alt && pop < MIN_UNSUPPORTED_ALT_POPULATION && !supported) {
            return null;
        }
        double margin = choices.size() == 1 ? 3.0 : best.score - choices.get(1).score;
        double confidence = 1.0 / (1.0 + Math.exp(-(margin * 1.5)));      // 0.5 at a tie, ~0.99 when alone
        if (c.common) {
            confidence *= 0.8;
        }
        if (best.alt) {
            confidence *= 0.9;
        }
        confidence = Math.round(Math.max(0.05, Math.min(0.99, confidence)) * 100) / 100.0;
        return new PlaceMention(c.start, c.end, c.name, best.country, index.kind(best.place), pop, confidence);
    }

    /** One choice per country, best score first. */
    private List<Choice> choices(PlaceCandidate c, Set<String> context, Map<String, Integer> others) {
        Map<String, Choice> byCountry = new HashMap<>();
        for (int e : c.entries) {
            int place = PlaceIndex.place(e);
            String country = index.country(place);
            boolean alt = (e & PlaceIndex.ALT) != 0;
            double score = Math.log10(index.population(place) + 10.0);
            if (alt) {
                score -= 2.0;
            }
            if (context.contains(country)) {
                score += 3.0;
            }
            if (others.getOrDefault(country, 0) > 0) {
                score += 2.0;
            }
            if (c.kindWord != null && kindFits(c.kindWord, index.kind(place))) {
                score += 1.5;
            }
            Choice prev = byCountry.get(country);
            if (prev == null || prev.score < score) {
                byCountry.put(country, new Choice(country, place, alt, score));
            }
        }
        List<Choice> list = new ArrayList<>(byCountry.values());
        list.sort((a, b) -> Double.compare(b.score, a.score));
        return list;
    }

    private static boolean kindFits(String kindWord, String kind) {
        String fits = KIND_WORDS.get(kindWord);
        return switch (kind) {
            case PlaceIndex.CAPITAL, PlaceIndex.CITY -> fits.contains("c");
            case PlaceIndex.ADMIN1 -> fits.contains("1");
            case PlaceIndex.ADMIN2 -> fits.contains("2");
            default -> false;
        };
    }

    /** "Transit Police Department", "State Police Department": words, not a town. */
    private static boolean allCommonWords(String name) {
        for (String w : name.toLowerCase(Locale.ROOT).split("[\\s\\-.]+")) {
            if (!GENERIC_AGENCY_WORDS.contains(w)) {
                return false;
            }
        }
        return true;
    }
}
