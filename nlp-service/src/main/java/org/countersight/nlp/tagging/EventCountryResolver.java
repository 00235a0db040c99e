package org.countersight.nlp.tagging;

import org.countersight.nlp.gazetteer.Gazetteer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where an event happens, from the evidence sentence and the article around it. Pure: it reads a {@link Document}
 * and needs no CoreNLP, so it is unit-tested with hand-made sentences.
 */
final class EventCountryResolver {

    /** STATE words too general to mark the acting state after a demonym ("Chinese officials" visiting elsewhere). */
    private static final Set<String> GENERIC_ACTOR_WORDS = Set.of("official", "officials", "state", "court", "courts",
            "commission", "council", "department", "agency", "agencies", "bureau", "president", "premier", "minister",
            "ministers", "judge", "judges", "lawmakers", "parliament", "senator", "senators", "congress", "senate", "mp",
            "regulator", "regulators", "company", "companies");

    private final List<Sentence> sentences;
    private final Sentence title;
    private final String dateline;
    private final int datelineEnd;
    private final String dominant;
    private final Map<String, Double> weight;
    private final TermSet actors;

    EventCountryResolver(Document doc, TermSet actors) {
        this.sentences = doc.sentences();
        this.title = doc.title();
        this.dateline = doc.dateline();
        this.datelineEnd = doc.datelineEnd();
        this.dominant = doc.dominant();
        this.weight = doc.weight();
        this.actors = actors;
    }

    /**
     * Where the event happens: the dateline unless the evidence sentence names other places only; then places in
     * the sentence (not the home country of a vendor it names), its demonyms, the title, the sentence before,
     * and last the article's dominant country.
     */
    String eventCountry(Sentence s) {
        Set<String> vendorHomes = new java.util.HashSet<>();
        s.vendors().forEach(m -> vendorHomes.add(m.vendor().countryCode()));
        // "Greek police", "Iranian authorities": a demonym naming the acting state decides
        String actingState = actingDemonym(s, vendorHomes);
        if (actingState != null) {
            return actingState;
        }
        // the dateline itself ("BEIRUT —") is not a place the first sentence names
        List<Gazetteer.Hit> named = s.places();
        if (s.index() == 0 && datelineEnd > 0) {
            named = named.stream().filter(h -> h.start() >= datelineEnd).toList();
        }
        List<String> places = codes(named, false);
        if (dateline != null && (places.isEmpty() || places.contains(dateline))) {
            return dateline;
        }
        String best = best(places, vendorHomes);
        if (best != null) {
            return best;
        }
        best = best(codes(s.places(), true), vendorHomes);
        if (best != null) {
            return best;
        }
        best = best(codes(title.places(), false), vendorHomes);
        if (best == null) {
            best = best(codes(title.places(), true), vendorHomes);
        }
        if (best == null && s.index() > 0) {
            best = best(codes(sentences.get(s.index() - 1).places(), false), vendorHomes);
        }
        if (best == null && dominant != null && !vendorHomes.contains(dominant)) {
            best = dominant;
        }
        if (best == null && !places.isEmpty()) {
            best = places.get(0); // only a vendor's home is named: it is where the event happens after all
        }
        return best != null ? best : dominant;
    }

    /** A demonym right before a state actor ("Belarusian police", "the Iranian interior ministry"). */
    String actingDemonym(Sentence s, Set<String> vendorHomes) {
        List<TermSet.Match> actorMatches = actors.find(s.toks());
        for (Gazetteer.Hit h : s.places()) {
            if (!h.demonym() || vendorHomes.contains(h.code())) {
                continue;
            }
            for (TermSet.Match m : actorMatches) {
                if (m.from() == h.to() && !GENERIC_ACTOR_WORDS.contains(s.toks().get(m.from()).norm())) {
                    return h.code();
                }
            }
        }
        return null;
    }

    List<String> codes(List<Gazetteer.Hit> hits, boolean demonyms) {
        List<String> out = new ArrayList<>();
        for (Gazetteer.Hit h : hits) {
            if (h.demonym() == demonyms && !out.contains(h.code())) {
                out.add(h.code());
            }
        }
        return out;
    }

    String best(List<String> codes, Set<String> vendorHomes) {
        String best = null;
        double bestScore = -1;
        for (int i = 0; i < codes.size(); i++) {
            String c = codes.get(i);
            if (vendorHomes.contains(c)) {
                continue; // a named vendor's home country is where the technology comes from
            }
            // article weight, then first mention
            double score = weight.getOrDefault(c, 0.0) - i * 0.001;
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }
}
