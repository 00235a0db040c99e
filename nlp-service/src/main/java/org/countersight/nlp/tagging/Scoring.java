package org.countersight.nlp.tagging;

import org.countersight.events.TaggedArticle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Article-level figures from the events found: relevance, the event and mentioned countries, rounding. */
final class Scoring {

    private Scoring() {
    }

    static double relevance(List<TaggedArticle.Event> events, int nearMisses) {
        if (events.isEmpty()) {
            return round(Math.min(0.3, 0.05 * nearMisses));
        }
        Map<String, Double> best = new HashMap<>();
        for (TaggedArticle.Event e : events) {
            best.merge(e.category(), e.confidence(), Math::max);
        }
        double miss = 1;
        for (double c : best.values()) {
            miss *= 1 - c;
        }
        return round(Math.min(0.99, 1 - miss));
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static List<TaggedArticle.CountryRef> countryRefs(List<TaggedArticle.Event> events, Set<String> mentioned,
            String dateline) {
        Set<String> eventCodes = new LinkedHashSet<>();
        for (TaggedArticle.Event e : events) {
            if (e.country() != null) {
                eventCodes.add(e.country());
            }
        }
        List<TaggedArticle.CountryRef> out = new ArrayList<>();
        eventCodes.forEach(c -> out.add(new TaggedArticle.CountryRef(c, TaggedArticle.CountryRef.EVENT)));
        Set<String> rest = new LinkedHashSet<>(mentioned);
        if (dateline != null) {
            rest.add(dateline);
        }
        rest.removeAll(eventCodes);
        rest.forEach(c -> out.add(new TaggedArticle.CountryRef(c, TaggedArticle.CountryRef.MENTIONED)));
        return out;
    }
}
