package org.countersight.api.index;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;
import org.countersight.events.TaggedArticle;
import org.countersight.events.VendorRegistry;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Per-event fields of an article for the map, vendor pages and flows: one doc value per event (country, category,
 * confidence) and one per (vendor, home country, event country, category, confidence) of events that name a vendor
 * of the shared {@link VendorRegistry}. Aggregations read these doc values only; the stored JSON is read just for
 * the evidence shown.
 */
public final class FlowFields {

    /** Doc values "country␟category␟confidence%" per event with a country. */
    public static final String EVENTS = "f_ev";
    /** Doc values "vendorId␟homeCountry␟eventCountry␟category␟confidence%" per (event, registry vendor). */
    public static final String FLOWS = "f_flow";
    /** Keyword: vendor ids of the flows, to select a vendor's articles. */
    public static final String VENDOR_ID = "vendor_id";
    /** Keyword marking articles with {@link #EVENT_MARK} and/or {@link #FLOW_MARK}, so aggregations skip the rest. */
    public static final String HAS = "has";
    public static final String EVENT_MARK = "country_event";
    public static final String FLOW_MARK = "vendor_flow";

    public static final char SEP = '\u001F';

    private FlowFields() {
    }

    static void add(Document doc, TaggedArticle a, VendorRegistry registry) {
        if (a.events() == null) {
            return;
        }
        Set<String> events = new LinkedHashSet<>();
        Set<String> flows = new LinkedHashSet<>();
        Set<String> vendorIds = new LinkedHashSet<>();
        for (TaggedArticle.Event e : a.events()) {
            if (e == null || e.category() == null || e.country() == null || e.country().isBlank()) {
                continue;
            }
            String country = e.country().strip().toUpperCase(Locale.ROOT);
            String category = e.category().strip().toLowerCase(Locale.ROOT);
            int confidence = percent(e.confidence());
            events.add(country + SEP + category + SEP + confidence);
            if (e.vendors() == null) {
                continue;
            }
            for (String name : e.vendors()) {
                Optional<VendorRegistry.Vendor> v = registry.byName(name);
                if (v.isPresent()) {
                    flows.add(v.get().id() + SEP + v.get().homeCountry() + SEP + country + SEP + category + SEP + confidence);
                    vendorIds.add(v.get().id());
                }
            }
        }
        events.forEach(v -> doc.add(new SortedSetDocValuesField(EVENTS, new BytesRef(v))));
        flows.forEach(v -> doc.add(new SortedSetDocValuesField(FLOWS, new BytesRef(v))));
        vendorIds.forEach(v -> doc.add(new StringField(VENDOR_ID, v, Field.Store.NO)));
        if (!events.isEmpty()) {
            doc.add(new StringField(HAS, EVENT_MARK, Field.Store.NO));
        }
        if (!flows.isEmpty()) {
            doc.add(new StringField(HAS, FLOW_MARK, Field.Store.NO));
        }
    }

    /** Confidence in whole percent (0..100), rounded down so a filter at 0.8 never admits 0.795. */
    static int percent(double confidence) {
        if (!(confidence > 0)) {
            return 0;
        }
        return (int) Math.min(100, Math.floor(confidence * 100 + 1e-9));
    }
}
