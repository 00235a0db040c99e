package org.countersight.api.vendors;

import org.countersight.api.index.FlowScan;
import org.countersight.events.TaggedArticle;
import org.countersight.events.VendorRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The evidence of an edge or a vendor in one stored article: its events that make it, with their sentences. */
final class EvidenceSentences {

    private final VendorRegistry registry;

    EvidenceSentences(VendorRegistry registry) {
        this.registry = registry;
    }

    /**
     * The article's events that make the edge: in {@code country} (any if null), of {@code category} (any if null),
     * naming {@code vendorId} (if not null) or a vendor based in {@code homeCountry} (if not null), and passing the
     * filter. One evidence per event, with the first matching vendor's name.
     */
    List<VendorFlowService.Evidence> of(TaggedArticle a, String country, String category, String vendorId,
            String homeCountry, FlowScan.EventFilter filter) {
        List<VendorFlowService.Evidence> out = new ArrayList<>();
        if (a.events() == null) {
            return out;
        }
        for (TaggedArticle.Event e : a.events()) {
            if (e == null || e.country() == null || e.category() == null || e.vendors() == null) {
                continue;
            }
            String cc = e.country().strip().toUpperCase(Locale.ROOT);
            String cat = e.category().strip().toLowerCase(Locale.ROOT);
            if (country != null && !country.equals(cc) || category != null && !category.equals(cat)
                    || !filter.countries().isEmpty() && !filter.countries().contains(cc)
                    || !filter.categories().isEmpty() && !filter.categories().contains(cat)
                    || Math.floor(e.confidence() * 100 + 1e-9) < filter.minConfidencePercent()) {
                continue;
            }
            for (String name : e.vendors()) {
                Optional<VendorRegistry.Vendor> v = registry.byName(name);
                if (v.isPresent() && (vendorId == null || vendorId.equals(v.get().id()))
                        && (homeCountry == null || homeCountry.equals(v.get().homeCountry()))
                        && (filter.vendorCountries().isEmpty() || filter.vendorCountries().contains(v.get().homeCountry()))) {
                    out.add(new VendorFlowService.Evidence(a.id(), a.title(), a.url(), a.publishedAt(), v.get().name(),
                            cc, cat, e.confidence(), e.sentence()));
                    break;
                }
            }
        }
        return out;
    }
}
