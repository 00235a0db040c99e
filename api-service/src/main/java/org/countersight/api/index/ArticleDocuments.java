package org.countersight.api.index;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.util.BytesRef;
import org.countersight.events.TaggedArticle;
import org.countersight.events.VendorRegistry;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** How a TaggedArticle becomes a Lucene document: one field per filter, doc values for sorting and facets. */
public final class ArticleDocuments {

    public static final String ID = "id";
    public static final String JSON = "json";
    public static final String PUBLISHED = "published";
    public static final String TITLE = "title";
    public static final String SUMMARY = "summary";
    public static final String TEXT = "text";
    /**
     * Title, summary and text indexed together (not stored, no norms): what the published-order search matches the
     * words of {@code q} against, one postings list per word instead of a disjunction over three fields. Scoring
     * (sort=relevance) and highlighting still use the three fields. Values are {@link #FIELD_GAP} positions apart,
     * so a phrase never matches across two of them.
     */
    public static final String ALL_TEXT = "all_text";
    /** Position gap between the values of {@link #ALL_TEXT}; phrase slops at or beyond it use the three fields. */
    public static final int FIELD_GAP = 10_000;
    /** Event countries only: "where it happens" is what researchers filter by. */
    public static final String COUNTRY = "country";
    /** Any country, event or merely mentioned. */
    public static final String COUNTRY_ANY = "country_any";
    public static final String CATEGORY = "category";
    public static final String ENTITY = "entity";
    public static final String VENDOR = "vendor";
    public static final String SOURCE = "source";
    public static final String LANG = "lang";
    public static final String SURVEILLANCE = "surveillance";

    /** Doc-values twins of the keyword fields, for facet counts. */
    public static final String FACET_PREFIX = "f_";

    /**
     * Version of this schema and of the index sort, kept in the commit user data; an index with another version is
     * rebuilt from the topic (see {@link ArticleIndex#open}). 2: {@link #ALL_TEXT} and the index sorted by
     * {@link #INDEX_SORT}. 3: per-event fields of {@link FlowFields} (map, vendors, flows).
     */
    public static final String SCHEMA_VERSION = "3";

    /**
     * Newest first, like the default result order: documents of a date range are one contiguous doc-id range per
     * segment, so the range filter costs two binary searches and the other clauses only advance inside it.
     */
    public static final Sort INDEX_SORT = new Sort(
            new SortField(PUBLISHED, SortField.Type.LONG, true),
            new SortField(ID, SortField.Type.STRING));

    private static final FieldType ALL_TEXT_TYPE = new FieldType();

    static {
        ALL_TEXT_TYPE.setTokenized(true);
        ALL_TEXT_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS); // positions: phrase queries
        ALL_TEXT_TYPE.setOmitNorms(true); // never scored
        ALL_TEXT_TYPE.freeze();
    }

    private ArticleDocuments() {
    }

    public static Document toDocument(TaggedArticle a, byte[] json) {
        Document doc = new Document();
        doc.add(new StringField(ID, a.id(), Field.Store.NO));
        doc.add(new SortedDocValuesField(ID, new BytesRef(a.id())));
        doc.add(new StoredField(JSON, json));

        long published = publishedMillis(a);
        doc.add(new LongPoint(PUBLISHED, published));
        doc.add(new NumericDocValuesField(PUBLISHED, published));

        addText(doc, TITLE, a.title());
        addText(doc, SUMMARY, a.summary());
        addText(doc, TEXT, a.text());

        Set<String> eventCountries = new LinkedHashSet<>();
        Set<String> anyCountries = new LinkedHashSet<>();
        if (a.countries() != null) {
            for (TaggedArticle.CountryRef c : a.countries()) {
                if (c == null || c.code() == null) {
                    continue;
                }
                String code = c.code().toUpperCase(Locale.ROOT);
                anyCountries.add(code);
                if (TaggedArticle.CountryRef.EVENT.equals(c.role())) {
                    eventCountries.add(code);
                }
            }
        }
        Set<String> categories = new LinkedHashSet<>();
        Set<String> vendors = new LinkedHashSet<>();
        if (a.events() != null) {
            for (TaggedArticle.Event e : a.events()) {
                if (e == null) {
                    continue;
                }
                if (e.category() != null) {
                    categories.add(e.category().toLowerCase(Locale.ROOT));
                }
                if (e.country() != null) {
                    eventCountries.add(e.country().toUpperCase(Locale.ROOT));
                    anyCountries.add(e.country().toUpperCase(Locale.ROOT));
                }
                if (e.vendors() != null) {
                    e.vendors().stream().filter(v -> v != null && !v.isBlank()).forEach(v -> vendors.add(v.strip()));
                }
            }
        }
        if (a.vendors() != null) {
            for (TaggedArticle.Vendor v : a.vendors()) {
                if (v != null && v.name() != null && !v.name().isBlank()) {
                    vendors.add(v.name().strip());
                }
            }
        }
        Set<String> entities = new LinkedHashSet<>();
        if (a.entities() != null) {
            for (TaggedArticle.Entity e : a.entities()) {
                if (e != null && e.text() != null && !e.text().isBlank()) {
                    entities.add(normalise(e.text()));
                }
            }
        }
        keywords(doc, COUNTRY, eventCountries, true);
        keywords(doc, COUNTRY_ANY, anyCountries, false);
        keywords(doc, CATEGORY, categories, true);
        keywords(doc, ENTITY, entities, false);
        // Vendor filter is case-insensitive; the facet keeps the name as the tagger wrote it.
        for (String v : vendors) {
            doc.add(new StringField(VENDOR, normalise(v), Field.Store.NO));
            doc.add(new SortedSetDocValuesField(FACET_PREFIX + VENDOR, new BytesRef(v)));
        }
        if (a.sourceId() != null) {
            doc.add(new StringField(SOURCE, a.sourceId(), Field.Store.NO));
        }
        if (a.sourceName() != null && !a.sourceName().isBlank()) {
            doc.add(new StringField(SOURCE, normalise(a.sourceName()), Field.Store.NO));
            doc.add(new SortedSetDocValuesField(FACET_PREFIX + SOURCE, new BytesRef(a.sourceName().strip())));
        }
        if (a.language() != null && !a.language().isBlank()) {
            String lang = a.language().toLowerCase(Locale.ROOT);
            doc.add(new StringField(LANG, lang, Field.Store.NO));
            doc.add(new SortedSetDocValuesField(FACET_PREFIX + LANG, new BytesRef(lang)));
        }
        doc.add(new StringField(SURVEILLANCE, Boolean.toString(a.surveillance()), Field.Store.NO));
        FlowFields.add(doc, a, VendorRegistry.bundled());
        return doc;
    }

    public static long publishedMillis(TaggedArticle a) {
        Instant t = a.publishedAt() != null ? a.publishedAt() : a.fetchedAt() != null ? a.fetchedAt() : Instant.EPOCH;
        return t.toEpochMilli();
    }

    /** Case- and space-insensitive form of names used in exact-match filters. */
    public static String normalise(String s) {
        return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static void addText(Document doc, String field, String value) {
        if (value != null && !value.isBlank()) {
            doc.add(new TextField(field, value, Field.Store.NO));
            doc.add(new Field(ALL_TEXT, value, ALL_TEXT_TYPE));
        }
    }

    private static void keywords(Document doc, String field, Set<String> values, boolean facet) {
        for (String v : values) {
            doc.add(new StringField(field, v, Field.Store.NO));
            if (facet) {
                doc.add(new SortedSetDocValuesField(FACET_PREFIX + field, new BytesRef(v)));
            }
        }
    }
}
