package org.countersight.api.alerts;

import org.countersight.events.Alert;
import org.countersight.events.TaggedArticle;

import java.util.Locale;
import java.util.Set;

/** Which alerts a client wants: any of the countries, any of the categories, at least this confidence. */
public record AlertFilter(Set<String> countries, Set<String> categories, Double minConfidence) {

    public AlertFilter {
        countries = countries == null ? Set.of() : Set.copyOf(countries);
        categories = categories == null ? Set.of() : Set.copyOf(categories);
    }

    public static AlertFilter any() {
        return new AlertFilter(Set.of(), Set.of(), null);
    }

    public boolean matches(Alert a) {
        if (minConfidence != null && a.confidence() < minConfidence) {
            return false;
        }
        if (!countries.isEmpty() && !hasCountry(a)) {
            return false;
        }
        return categories.isEmpty() || hasCategory(a);
    }

    private boolean hasCountry(Alert a) {
        if (a.countries() != null && a.countries().stream().anyMatch(c -> c != null && countries.contains(c.toUpperCase(Locale.ROOT)))) {
            return true;
        }
        return a.events() != null && a.events().stream()
                .map(TaggedArticle.Event::country)
                .anyMatch(c -> c != null && countries.contains(c.toUpperCase(Locale.ROOT)));
    }

    private boolean hasCategory(Alert a) {
        if (a.categories() != null && a.categories().stream().anyMatch(c -> c != null && categories.contains(c.toLowerCase(Locale.ROOT)))) {
            return true;
        }
        return a.events() != null && a.events().stream()
                .map(TaggedArticle.Event::category)
                .anyMatch(c -> c != null && categories.contains(c.toLowerCase(Locale.ROOT)));
    }
}
