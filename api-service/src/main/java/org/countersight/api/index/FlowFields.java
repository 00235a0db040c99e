package org.countersight.api.index;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;
import org.countersight.events.TaggedArticle;
import org.countersight.events.VendorRegistry;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per-event fields of an article for the map, vendor pages and flows: one doc value per (event country, category)
 * and one per (vendor, home country, event country, category) of events that name a vendor of the shared
 * {@link VendorRegistry}, each with the highest confidence of the article's events behind it. Aggregations read these doc values only; the stored JSON is read just for
 * the evidence shown.
 */
public final class FlowFields {

    /** Doc values "country␟category" per event with a country. */
    public static final String EVENTS = "f_ev";
    /** Highest confidence per {@link #EVENTS} value, aligned with it (see {@link #keysWithConfidence}). */
    public static final String EVENTS_CONFIDENCE = "f_ev_conf";
    /** Doc values "vendorId␟homeCountry␟eventCountry␟category" per (event, registry vendor). */
    public static final String FLOWS = "f_flow";
    /** Highest confidence per {@link #FLOWS} value, aligned with it. */
    public static final String FLOWS_CONFIDENCE = "f_flow_conf";
    /** Keyword: vendor ids of the flows, to select a vendor's articles. */
    public static final String VENDOR_ID = "vendor_id";
    /** Keyword marking articles with {@link #EVENT_MARK} and/or {@link #FLOW_MARK}, so aggregations skip the rest. */
    public static final String HAS = "has";
    public static final String EVENT_MARK = "country_event";
    public static final String FLOW_MARK = "vendor_flow";

    public static final char SEP = '\u001F';

    private static final java.util.regex.Pattern COUNTRY = java.util.regex.Pattern.compile("[A-Z]{2}");
    private static final java.util.regex.Pattern CATEGORY = java.util.regex.Pattern.compile("[a-z][a-z_]{0,40}");
    /** The order of sorted-set doc values: unsigned UTF-8 bytes. */
    private static final java.util.Comparator<String> BYTE_ORDER = java.util.Comparator.comparing(BytesRef::new);

    private FlowFields() {
    }

    static void add(Document doc, TaggedArticle a, VendorRegistry registry) {
        if (a.events() == null) {
            return;
        }
        // key → highest confidence of the article's events with that key
        Map<String, Integer> events = new TreeMap<>(BYTE_ORDER);
        Map<String, Integer> flows = new TreeMap<>(BYTE_ORDER);
        Set<String> vendorIds = new LinkedHashSet<>();
        for (TaggedArticle.Event e : a.events()) {
            if (e == null || e.category() == null || e.country() == null || e.country().isBlank()) {
                continue;
            }
            String country = e.country().strip().toUpperCase(Locale.ROOT);
            String category = e.category().strip().toLowerCase(Locale.ROOT);
            if (!COUNTRY.matcher(country).matches() || !CATEGORY.matcher(category).matches()) {
                continue; // not a code this api filters by; never part of a key (keys are split on SEP)
            }
            int confidence = percent(e.confidence());
            events.merge(country + SEP + category, confidence, Math::max);
            if (e.vendors() == null) {
                continue;
            }
            for (String name : e.vendors()) {
                Optional<VendorRegistry.Vendor> v = registry.byName(name);
                if (v.isPresent()) {
                    flows.merge(v.get().id() + SEP + v.get().homeCountry() + SEP + country + SEP + category, confidence,
                            Math::max);
                    vendorIds.add(v.get().id());
                }
            }
        }
        keysWithConfidence(doc, EVENTS, EVENTS_CONFIDENCE, events);
        keysWithConfidence(doc, FLOWS, FLOWS_CONFIDENCE, flows);
        vendorIds.forEach(v -> doc.add(new StringField(VENDOR_ID, v, Field.Store.NO)));
        if (!events.isEmpty()) {
            doc.add(new StringField(HAS, EVENT_MARK, Field.Store.NO));
        }
        if (!flows.isEmpty()) {
            doc.add(new StringField(HAS, FLOW_MARK, Field.Store.NO));
        }
    }

    /**
     * The keys as sorted-set values and, aligned with them, {@code position * 128 + confidence%} as sorted numbers: a
     * document's sorted-set values come back in byte order, the order of the TreeMap,
     * so the i-th value's confidence is the i-th number. Keeping the confidence out of the key keeps the number of
     * distinct values (and so per-segment parsing) to vendors × countries × categories.
     */
    private static void keysWithConfidence(Document doc, String field, String confidenceField, Map<String, Integer> keys) {
        int i = 0;
        for (Map.Entry<String, Integer> k : keys.entrySet()) {
            doc.add(new SortedSetDocValuesField(field, new BytesRef(k.getKey())));
            doc.add(new SortedNumericDocValuesField(confidenceField, (long) i * 128 + k.getValue()));
            i++;
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
