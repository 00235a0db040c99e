package org.countersight.nlp.tagging;

import org.countersight.events.RawArticle;
import org.countersight.events.TaggedArticle;
import org.countersight.nlp.gazetteer.Gazetteer;
import org.countersight.nlp.gazetteer.VendorDictionary;
import org.countersight.nlp.pipeline.CoreNlp;
import org.countersight.nlp.text.Tok;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * Turns a RawArticle into a TaggedArticle, the thin front of the tagging steps: prepare the text (cap, clean),
 * read it into a {@link Document} ({@link DocumentReader}), find the events ({@link EventFinder}, which places them
 * with {@link EventCountryResolver}), aggregate the entities ({@link EntityAggregator}), score the article
 * ({@link Scoring}) and let the relevance gate decide. Non-English text goes to the {@link LexiconTagger}.
 * Thread-safe (no mutable state); the CoreNLP function is shared.
 */
public final class Tagger {

    public static final String VERSION = "nlp-tagger-2.0.0";

    private final DocumentReader reader;
    private final Gazetteer gazetteer;
    private final VendorDictionary vendors;
    private final RuleSet rules;
    private final LexiconTagger lexicon;
    private final org.countersight.nlp.tagging.grammar.EventGrammar grammar;
    /** The trained relevance gate; null only when training it (the candidates it learns from come ungated). */
    private final org.countersight.nlp.relevance.RelevanceGate gate;
    /** Cities, districts, regions and agencies below country level (GeoNames). */
    private final org.countersight.nlp.places.PlaceResolver places;
    private final int maxChars;

    /** The service's tagger: CoreNLP plus the bundled gazetteer, vendor dictionary, rule file and lexicons. */
    public static Tagger withBundledResources(CoreNlp nlp, int maxChars) {
        return withBundledResources(nlp, RuleSet.load(), maxChars);
    }

    /** As {@link #withBundledResources(CoreNlp, int)} with another rule set (e.g. an older version, to compare). */
    public static Tagger withBundledResources(CoreNlp nlp, RuleSet rules, int maxChars) {
        return withBundledResources(nlp, rules, org.countersight.nlp.relevance.RelevanceGate.load(), maxChars);
    }

    /** As above with another relevance gate, or none (null) to see the ungated candidates a gate is trained on. */
    public static Tagger withBundledResources(CoreNlp nlp, RuleSet rules,
            org.countersight.nlp.relevance.RelevanceGate gate, int maxChars) {
        return new Tagger(nlp::annotate, Gazetteer.load(), VendorDictionary.load(), rules, LexiconTagger.load(),
                org.countersight.nlp.tagging.grammar.EventGrammar.load(), gate,
                new org.countersight.nlp.places.PlaceResolver(org.countersight.nlp.places.PlaceIndex.load()), maxChars);
    }

    /**
     * @param nlp tokens and sentences of a text, with NER labels on the sentences the predicate selects
     *            ({@link CoreNlp#annotate(String, java.util.function.Predicate)})
     */
    public Tagger(BiFunction<String, Predicate<CoreNlp.Sentence>, List<CoreNlp.Sentence>> nlp,
            Gazetteer gazetteer, VendorDictionary vendors,
            RuleSet rules, LexiconTagger lexicon, org.countersight.nlp.tagging.grammar.EventGrammar grammar,
            org.countersight.nlp.relevance.RelevanceGate gate, org.countersight.nlp.places.PlaceResolver places,
            int maxChars) {
        this.places = places;
        this.reader = new DocumentReader(nlp, this::mayHaveEvents, gazetteer, vendors, places);
        this.grammar = grammar;
        this.gate = gate;
        this.gazetteer = gazetteer;
        this.vendors = vendors;
        this.rules = rules;
        this.lexicon = lexicon;
        this.maxChars = maxChars;
    }

    public TaggedArticle.Versions versions() {
        return new TaggedArticle.Versions(VERSION + "+rules-" + rules.rulesVersion() + "+grammar-" + grammar.version()
                + "+vendors-" + vendors.version()
                + (gate == null ? "+ungated" : "+gate-" + gate.version()),
                rules.taxonomyVersion(),
                CoreNlp.VERSION);
    }

    public RuleSet rules() {
        return rules;
    }

    public TaggedArticle tag(RawArticle a, Instant now) {
        String source = firstNonBlank(a.text(), a.summary(), a.title());
        boolean truncated = source.length() > maxChars;
        String text = clean(truncated ? cutAtBoundary(source, maxChars) : source);
        String title = clean(a.title() == null ? "" : a.title());
        String language = a.language();
        Analysis an;
        if (language != null && !language.isBlank() && !language.toLowerCase(Locale.ROOT).startsWith("en")) {
            an = lexicon.analyse(language.toLowerCase(Locale.ROOT), text, title);
        } else {
            an = analyseEnglish(text, title);
        }
        List<TaggedArticle.Event> events = an.events;
        boolean surveillance = !events.isEmpty();
        double relevance = Scoring.relevance(events, an.nearMisses);
        TaggedArticle tagged = new TaggedArticle(TaggedArticle.SCHEMA_VERSION, a.id(), a.url(), a.sourceId(),
                a.sourceName(), a.storyId(), a.title(), a.summary(), text, language, a.publishedAt(), a.fetchedAt(), now,
                surveillance, relevance, truncated, an.entities, an.countries, an.vendors(surveillance), events,
                versions());
        return gate == null || events.isEmpty() || an.gated ? tagged : gated(tagged, an);
    }

    /**
     * Lets the relevance gate decide: below its threshold the candidates are dropped (the article is not an
     * event); above it each event's confidence is the mean of the rule's own and the gate's probability, and the
     * article's relevance is that probability.
     */
    private TaggedArticle gated(TaggedArticle t, Analysis an) {
        double p = gate.probability(t);
        boolean pass = p >= gate.threshold();
        List<TaggedArticle.Event> events = pass ? t.events().stream().map(e -> new TaggedArticle.Event(e.category(),
                e.trigger(), e.sentence(), e.start(), e.end(), Scoring.round((e.confidence() + p) / 2), e.country(), e.vendors(),
                e.actors(), e.denied())).toList() : List.of();
        List<TaggedArticle.CountryRef> countries = pass ? t.countries()
                : t.countries().stream().map(c -> new TaggedArticle.CountryRef(c.code(),
                        TaggedArticle.CountryRef.MENTIONED)).distinct().toList();
        return new TaggedArticle(t.schemaVersion(), t.id(), t.url(), t.sourceId(), t.sourceName(), t.storyId(),
                t.title(), t.summary(), t.text(), t.language(), t.publishedAt(), t.fetchedAt(), t.taggedAt(), pass,
                Scoring.round(pass ? p : Math.min(p, 0.3)), t.truncated(), t.entities(), countries, an.vendors(pass), events,
                t.versions());
    }

    /** What one language path found; shared by the English and lexicon taggers. */
    static final class Analysis {
        List<TaggedArticle.Entity> entities = List.of();
        List<TaggedArticle.CountryRef> countries = List.of();
        List<VendorDictionary.Mention> vendorMentions = List.of();
        List<TaggedArticle.Event> events = List.of();
        int nearMisses;
        /** True for paths the gate was not trained on (the non-English lexicons): their events stand as found. */
        boolean gated;

        List<TaggedArticle.Vendor> vendors(boolean surveillance) {
            Map<String, TaggedArticle.Vendor> out = new LinkedHashMap<>();
            for (VendorDictionary.Mention m : vendorMentions) {
                if (!m.weak() || surveillance) {
                    out.putIfAbsent(m.vendor().name(), new TaggedArticle.Vendor(m.vendor().name(), m.vendor().countryCode()));
                }
            }
            return List.copyOf(out.values());
        }
    }

    /**
     * Whether a sentence holds anything an event can start from: a rule's trigger or a grammar composition's action
     * and target together ({@link org.countersight.nlp.tagging.grammar.EventGrammar#mayMatch}). Both match on tokens
     * alone (no NER), so a sentence with neither gets no event whatever NER would say, and the reader runs the CRF only
     * on the sentences that have one.
     */
    private boolean mayHaveEvents(List<Tok> toks) {
        return rules.anyTrigger(toks) || grammar.mayMatch(org.countersight.nlp.tagging.grammar.EventGrammar.lemmas(
                toks.stream().map(Tok::norm).toList()));
    }

    private Analysis analyseEnglish(String text, String title) {
        Document doc = reader.read(text, title);
        EventFinder finder = new EventFinder(rules, grammar, doc);
        Analysis an = new Analysis();
        an.vendorMentions = doc.vendorMentions();
        an.events = finder.events();
        an.nearMisses = finder.nearMisses;
        an.entities = EntityAggregator.entities(text, doc.sentences(), gazetteer);
        an.countries = Scoring.countryRefs(an.events, doc.weight().keySet(), doc.dateline());
        return an;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }

    /** Cuts at the last whitespace before the cap (and never inside a surrogate pair). */
    static String cutAtBoundary(String s, int max) {
        int cut = max;
        for (int i = max; i > max - 200 && i > 0; i--) {
            if (Character.isWhitespace(s.charAt(i))) {
                cut = i;
                break;
            }
        }
        if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(0, cut);
    }

    /**
     * Replaces control characters and broken surrogates with spaces, one for one, so offsets into the emitted
     * text stay true and hostile bytes cannot upset the tokenizer or JSON consumers.
     */
    static String clean(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad;
            if (Character.isHighSurrogate(c)) {
                bad = i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
                if (!bad) {
                    i++;
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                bad = true;
            } else {
                bad = (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || (c >= 0x7f && c < 0xa0) || c == '\uFFFE'
                        || c == '\uFFFF';
            }
            if (bad) {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, ' ');
            }
        }
        return b == null ? s : b.toString();
    }
}
