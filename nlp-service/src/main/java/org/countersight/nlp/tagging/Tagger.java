package org.countersight.nlp.tagging;

import org.countersight.events.RawArticle;
import org.countersight.events.TaggedArticle;
import org.countersight.nlp.gazetteer.Gazetteer;
import org.countersight.nlp.gazetteer.VendorDictionary;
import org.countersight.nlp.pipeline.CoreNlp;

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
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a RawArticle into a TaggedArticle: entities from CoreNLP, places and vendors from our dictionaries,
 * events from the rule file. Thread-safe (no mutable state); the CoreNLP function is shared.
 */
public final class Tagger {

    public static final String VERSION = "nlp-tagger-2.0.0";
    /** Events kept per category: the evidence that best supports it, not every repetition. */
    static final int EVENTS_PER_CATEGORY = 3;

    private static final Pattern DATELINE = Pattern.compile(
            "^\\s*([A-Z][A-Za-z\\u00C0-\\u017F .'’]{1,40}?)(?:,\\s*([A-Z][A-Za-z\\u00C0-\\u017F .'’]{1,30}?))?\\s*(?:\\([^)]{1,30}\\))?\\s*(?:—|–|--|-|:)\\s");
    private static final Pattern DENIAL = Pattern.compile(
            "\\b(den(y|ies|ied|ying|ial|ials)|rejected (the )?(claims?|allegations?|reports?|accusations?)|"
                    + "dismissed (the )?(claims?|allegations?|reports?|accusations?)|refut(e|es|ed|ing)|"
                    + "(has|had|have) never used|(was|were) not used|did not use|does not use|never used)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> AGENCY_WORDS = Set.of("ministry", "police", "agency", "service", "department",
            "army", "commission", "authority", "bureau", "directorate", "intelligence", "guard", "force", "forces",
            "office", "court", "council", "government", "military", "security", "regulator", "parliament");

    /** STATE words too general to mark the acting state after a demonym ("Chinese officials" visiting elsewhere). */
    private static final Set<String> GENERIC_ACTOR_WORDS = Set.of("official", "officials", "state", "court", "courts",
            "commission", "council", "department", "agency", "agencies", "bureau", "president", "premier", "minister",
            "ministers", "judge", "judges", "lawmakers", "parliament", "senator", "senators", "congress", "senate", "mp",
            "regulator", "regulators", "company", "companies");

    private final Function<String, List<CoreNlp.Sentence>> nlp;
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

    public Tagger(Function<String, List<CoreNlp.Sentence>> nlp, Gazetteer gazetteer, VendorDictionary vendors,
            RuleSet rules, LexiconTagger lexicon, org.countersight.nlp.tagging.grammar.EventGrammar grammar,
            org.countersight.nlp.relevance.RelevanceGate gate, org.countersight.nlp.places.PlaceResolver places,
            int maxChars) {
        this.nlp = nlp;
        this.places = places;
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
            an.gated = true;
        } else {
            an = analyseEnglish(text, title);
        }
        List<TaggedArticle.Event> events = an.events;
        boolean surveillance = !events.isEmpty();
        double relevance = relevance(events, an.nearMisses);
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
                e.trigger(), e.sentence(), e.start(), e.end(), round((e.confidence() + p) / 2), e.country(), e.vendors(),
                e.actors(), e.denied())).toList() : List.of();
        List<TaggedArticle.CountryRef> countries = pass ? t.countries()
                : t.countries().stream().map(c -> new TaggedArticle.CountryRef(c.code(),
                        TaggedArticle.CountryRef.MENTIONED)).distinct().toList();
        return new TaggedArticle(t.schemaVersion(), t.id(), t.url(), t.sourceId(), t.sourceName(), t.storyId(),
                t.title(), t.summary(), t.text(), t.language(), t.publishedAt(), t.fetchedAt(), t.taggedAt(), pass,
                round(pass ? p : Math.min(p, 0.3)), t.truncated(), t.entities(), countries, an.vendors(pass), events,
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

    private Analysis analyseEnglish(String text, String title) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<VendorDictionary.Mention> vendorMentions = vendors.find(text);
        List<Sentence> sentences = new ArrayList<>();
        int idx = 0;
        for (CoreNlp.Sentence cs : text.isBlank() ? List.<CoreNlp.Sentence>of() : nlp.apply(text)) {
            List<Tok> toks = Tok.from(cs.tokens());
            List<Gazetteer.Hit> places = gazetteer.find(toks, lower);
            List<VendorDictionary.Mention> sv = new ArrayList<>();
            for (VendorDictionary.Mention m : vendorMentions) {
                if (m.start() >= cs.start() && m.end() <= cs.end()) {
                    sv.add(m);
                }
            }
            sentences.add(new Sentence(idx++, cs.start(), cs.end(), toks, places, sv));
        }
        List<Tok> titleToks = new ArrayList<>();
        List<Gazetteer.Hit> titlePlaces = List.of();
        if (!title.isBlank()) {
            for (CoreNlp.Sentence cs : nlp.apply(title)) {
                titleToks.addAll(Tok.from(cs.tokens()));
            }
            titlePlaces = gazetteer.find(titleToks, lower + " " + title.toLowerCase(Locale.ROOT));
        }

        sentences = withPlacesBelowCountry(text, sentences, countryCodes(sentences, titlePlaces));
        if (!title.isBlank()) {
            titlePlaces = merged(titlePlaces, belowCountry(title, 0, title.length(), titleToks,
                    countryCodes(sentences, titlePlaces)));
        }

        // Article-level country counts: places weigh 1, demonyms 0.5, the title counts double.
        Map<String, Double> weight = new LinkedHashMap<>();
        for (Sentence s : sentences) {
            for (Gazetteer.Hit h : s.places()) {
                weight.merge(h.code(), h.demonym() ? 0.5 : 1.0, Double::sum);
            }
        }
        for (Gazetteer.Hit h : titlePlaces) {
            weight.merge(h.code(), h.demonym() ? 1.0 : 2.0, Double::sum);
        }
        String dateline = dateline(text);
        int datelineEnd = dateline == null ? -1 : datelineEnd(text);
        String dominant = weight.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);

        Analysis an = new Analysis();
        an.vendorMentions = vendorMentions;
        Sentence titleSentence = new Sentence(-1, 0, 0, titleToks, titlePlaces, vendors.find(title));
        EventFinder finder = new EventFinder(text, sentences, titleSentence, dateline, datelineEnd, dominant, weight);
        an.events = finder.events();
        an.nearMisses = finder.nearMisses;
        an.entities = entities(text, sentences, titlePlaces);
        an.countries = countryRefs(an.events, weight.keySet(), dateline);
        return an;
    }

    private static java.util.Set<String> countryCodes(List<Sentence> sentences, List<Gazetteer.Hit> titlePlaces) {
        java.util.Set<String> out = new LinkedHashSet<>();
        sentences.forEach(s -> s.places().forEach(h -> out.add(h.code())));
        titlePlaces.forEach(h -> out.add(h.code()));
        return out;
    }

    /**
     * Adds the cities, districts, regions and agencies of the place resolver to each sentence's places, as
     * country hits of their country (so "in Shopian" counts as India where the events are placed).
     */
    private List<Sentence> withPlacesBelowCountry(String text, List<Sentence> sentences, java.util.Set<String> context) {
        if (places == null || sentences.isEmpty()) {
            return sentences;
        }
        List<int[]> persons = new ArrayList<>();
        for (Sentence s : sentences) {
            persons.addAll(personSpans(s.toks()));
        }
        List<org.countersight.nlp.places.PlaceMention> found = places.find(text, persons, context);
        if (found.isEmpty()) {
            return sentences;
        }
        List<Sentence> out = new ArrayList<>(sentences.size());
        for (Sentence s : sentences) {
            List<Gazetteer.Hit> extra = hits(found, s.start(), s.end(), s.toks());
            out.add(extra.isEmpty() ? s : new Sentence(s.index(), s.start(), s.end(), s.toks(), merged(s.places(), extra),
                    s.vendors()));
        }
        return out;
    }

    private List<Gazetteer.Hit> belowCountry(String text, int start, int end, List<Tok> toks, java.util.Set<String> context) {
        return places == null ? List.of() : hits(places.find(text, personSpans(toks), context), start, end, toks);
    }

    private static List<int[]> personSpans(List<Tok> toks) {
        List<int[]> out = new ArrayList<>();
        for (Tok t : toks) {
            if ("PERSON".equals(t.ner())) {
                out.add(new int[] {t.start(), t.end()});
            }
        }
        return out;
    }

    /** Place mentions inside [start, end) as hits over the sentence's tokens. */
    private static List<Gazetteer.Hit> hits(List<org.countersight.nlp.places.PlaceMention> found, int start, int end,
            List<Tok> toks) {
        List<Gazetteer.Hit> out = new ArrayList<>();
        for (org.countersight.nlp.places.PlaceMention m : found) {
            if (m.start() < start || m.end() > end) {
                continue;
            }
            int from = -1;
            int to = -1;
            for (int i = 0; i < toks.size(); i++) {
                if (from < 0 && toks.get(i).end() > m.start()) {
                    from = i;
                }
                if (toks.get(i).start() < m.end()) {
                    to = i + 1;
                }
            }
            if (from >= 0 && to > from) {
                out.add(new Gazetteer.Hit(m.countryCode(), m.name(), from, to, toks.get(from).start(),
                        toks.get(to - 1).end(), false));
            }
        }
        return out;
    }

    /** Country hits first; a place below country level only where no country name already covers its tokens. */
    private static List<Gazetteer.Hit> merged(List<Gazetteer.Hit> countries, List<Gazetteer.Hit> below) {
        if (below.isEmpty()) {
            return countries;
        }
        List<Gazetteer.Hit> out = new ArrayList<>(countries);
        for (Gazetteer.Hit b : below) {
            if (countries.stream().noneMatch(c -> c.from() < b.to() && b.from() < c.to())) {
                out.add(b);
            }
        }
        out.sort(Comparator.comparingInt(Gazetteer.Hit::from));
        return out;
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

    private final class EventFinder {
        final String text;
        final List<Sentence> sentences;
        final Sentence title;
        final String dateline;
        final int datelineEnd;
        final String dominant;
        final Map<String, Double> weight;
        final TermSet actors;
        /** Events whose evidence names a vendor from another country than the event's: vendor_export candidates. */
        final List<TaggedArticle.Event> foreignSupplied = new ArrayList<>();
        int nearMisses;

        EventFinder(String text, List<Sentence> sentences, Sentence title, String dateline, int datelineEnd,
                String dominant, Map<String, Double> weight) {
            this.datelineEnd = datelineEnd;
            this.text = text;
            this.sentences = sentences;
            this.title = title;
            this.dateline = dateline;
            this.dominant = dominant;
            this.weight = weight;
            this.actors = rules.set("STATE");
        }

        List<TaggedArticle.Event> events() {
            Map<String, List<TaggedArticle.Event>> byCategory = new LinkedHashMap<>();
            Map<String, Boolean> articleVetoed = new HashMap<>();
            Set<String> seen = new java.util.HashSet<>();
            // two passes: rules that depend on another category's event ("with-event") run after the others
            for (int pass = 0; pass < 2; pass++) {
            for (Sentence s : sentences) {
                for (Rule r : rules.rules()) {
                    if (r.withEvent().isEmpty() != (pass == 0)) {
                        continue;
                    }
                    if (pass == 1 && r.withEvent().stream().noneMatch(byCategory::containsKey)) {
                        continue;
                    }
                    List<TermSet.Match> triggers = r.trigger().find(s.toks());
                    if (triggers.isEmpty() || seen.contains(r.category() + "#" + s.index())) {
                        continue;
                    }
                    if (r.veto().any(s) || articleVetoed.computeIfAbsent(r.id(), k -> vetoedArticle(r))) {
                        nearMisses++;
                        continue;
                    }
                    double penalty = 0;
                    boolean ok = true;
                    for (int ci = 0; ci < r.contexts().size(); ci++) {
                        TermSet c = r.contexts().get(ci);
                        if (c.any(s)) {
                            continue;
                        }
                        if (r.neighbourAllowed(ci) && neighbourHas(c, s)) {
                            penalty += 0.1;
                        } else {
                            ok = false;
                            break;
                        }
                    }
                    if (!ok) {
                        nearMisses++;
                        continue;
                    }
                    TermSet.Match t = triggers.get(0);
                    TaggedArticle.Event e = event(r.category(), s, t.from(), t.to(), r.confidence() - penalty,
                            r.foreignVendor(), !r.trigger().find(title.toks()).isEmpty());
                    if (e == null) {
                        nearMisses++;
                        continue;
                    }
                    seen.add(r.category() + "#" + s.index());
                    byCategory.computeIfAbsent(r.category(), k -> new ArrayList<>()).add(e);
                }
            }
            if (pass == 0) {
                grammarEvents(byCategory, seen);
                vendorExports(byCategory, seen);
            }
            }
            List<TaggedArticle.Event> out = new ArrayList<>();
            for (List<TaggedArticle.Event> l : byCategory.values()) {
                l.stream().sorted(Comparator.comparingDouble(TaggedArticle.Event::confidence).reversed())
                        .limit(EVENTS_PER_CATEGORY).sorted(Comparator.comparingInt(TaggedArticle.Event::start))
                        .forEach(out::add);
            }
            return List.copyOf(out);
        }

        /** Events of the compositional grammar, for sentences and categories the rule file left open. */
        void grammarEvents(Map<String, List<TaggedArticle.Event>> byCategory, Set<String> seen) {
            List<String[]> lemmas = new ArrayList<>();
            List<List<String>> norms = new ArrayList<>();
            for (Sentence s : sentences) {
                List<String> n = s.toks().stream().map(Tok::norm).toList();
                norms.add(n);
                lemmas.add(org.countersight.nlp.tagging.grammar.EventGrammar.lemmas(n));
            }
            Set<String> articleClasses = grammar.articleClasses(lemmas);
            for (Sentence s : sentences) {
                for (var c : grammar.match(lemmas.get(s.index()), norms.get(s.index()), articleClasses)) {
                    if (seen.contains(c.category() + "#" + s.index())) {
                        continue;
                    }
                    TaggedArticle.Event e = event(c.category(), s, c.from(), c.to(), c.confidence(), false, false);
                    if (e == null) {
                        nearMisses++;
                        continue;
                    }
                    seen.add(c.category() + "#" + s.index());
                    byCategory.computeIfAbsent(c.category(), k -> new ArrayList<>()).add(e);
                }
            }
        }

        /**
         * One event with its evidence: country, vendors, actors and confidence; null when a foreign vendor is
         * required and none is named.
         */
        TaggedArticle.Event event(String category, Sentence s, int from, int to, double base, boolean foreignVendor,
                boolean inTitle) {
            String country = eventCountry(s);
            boolean spywareCategory = "spyware".equals(category);
            List<String> vendorNames = new ArrayList<>();
            boolean foreign = false;
            for (VendorDictionary.Mention m : s.vendors()) {
                if (m.weak() && !spywareCategory) {
                    continue;
                }
                if (!vendorNames.contains(m.vendor().name())) {
                    vendorNames.add(m.vendor().name());
                }
                if (country != null && !country.equals(m.vendor().countryCode())) {
                    foreign = true;
                }
            }
            if (foreignVendor && !foreign) {
                return null;
            }
            boolean exportable = foreign && !"vendor_export".equals(category) && !"protest_crackdown".equals(category);
            List<String> actorNames = actors(s);
            String trigger = text.substring(s.toks().get(from).start(), s.toks().get(to - 1).end());
            double conf = base;
            if (!actorNames.isEmpty()) {
                conf += 0.08;
            }
            if (!vendorNames.isEmpty()) {
                conf += 0.05;
            }
            if (inTitle) {
                conf += 0.07;
            }
            conf = Math.max(0.05, Math.min(0.98, conf));
            TaggedArticle.Event e = new TaggedArticle.Event(category, trigger, text.substring(s.start(), s.end()),
                    s.start(), s.end(), round(conf), country, List.copyOf(vendorNames), actorNames, denied(s));
            if (exportable) {
                foreignSupplied.add(e);
            }
            return e;
        }

        /**
         * vendor_export (taxonomy: a named vendor supplying such technology to a state of another country): an
         * event of another category whose evidence names a vendor from abroad is also a supply by that vendor.
         */
        void vendorExports(Map<String, List<TaggedArticle.Event>> byCategory, Set<String> seen) {
            for (TaggedArticle.Event e : foreignSupplied) {
                String key = "vendor_export@" + e.start();
                if (seen.contains(key) || byCategory.getOrDefault("vendor_export", List.of()).stream()
                        .anyMatch(x -> x.start() == e.start())) {
                    continue;
                }
                seen.add(key);
                byCategory.computeIfAbsent("vendor_export", k -> new ArrayList<>()).add(new TaggedArticle.Event(
                        "vendor_export", e.vendors().get(0), e.sentence(), e.start(), e.end(),
                        round(Math.max(0.05, e.confidence() - 0.05)), e.country(), e.vendors(), e.actors(), e.denied()));
            }
        }

        boolean vetoedArticle(Rule r) {
            if (r.articleVeto().isEmpty()) {
                return false;
            }
            for (Sentence s : sentences) {
                if (r.articleVeto().any(s)) {
                    return true;
                }
            }
            return r.articleVeto().any(title);
        }

        boolean neighbourHas(TermSet c, Sentence s) {
            int i = s.index();
            return (i > 0 && c.any(sentences.get(i - 1))) || (i + 1 < sentences.size() && c.any(sentences.get(i + 1)))
                    || c.any(title);
        }

        List<String> actors(Sentence s) {
            Set<String> out = new LinkedHashSet<>();
            for (TermSet.Match m : actors.find(s.toks())) {
                out.add(text.substring(s.toks().get(m.from()).start(), s.toks().get(m.to() - 1).end()).toLowerCase(Locale.ROOT));
            }
            // Named agencies: ORGANIZATION mentions with an agency word ("Uganda Police Force", "Interior Ministry")
            List<Tok> toks = s.toks();
            for (int i = 0; i < toks.size(); ) {
                if (!"ORGANIZATION".equals(toks.get(i).ner())) {
                    i++;
                    continue;
                }
                int j = i;
                boolean agency = false;
                while (j < toks.size() && "ORGANIZATION".equals(toks.get(j).ner())) {
                    agency |= AGENCY_WORDS.contains(toks.get(j).norm());
                    j++;
                }
                if (agency) {
                    out.add(text.substring(toks.get(i).start(), toks.get(j - 1).end()));
                }
                i = j;
            }
            return List.copyOf(out);
        }

        boolean denied(Sentence s) {
            if (DENIAL.matcher(text.substring(s.start(), s.end())).find()) {
                return true;
            }
            int next = s.index() + 1;
            if (next < sentences.size()) {
                Sentence n = sentences.get(next);
                return DENIAL.matcher(text.substring(n.start(), n.end())).find();
            }
            return false;
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

    private List<TaggedArticle.Entity> entities(String text, List<Sentence> sentences, List<Gazetteer.Hit> titlePlaces) {
        record Key(String text, String type) {
        }
        Map<Key, int[]> counts = new LinkedHashMap<>();
        Map<Key, String> codes = new HashMap<>();
        for (Sentence s : sentences) {
            List<Tok> toks = s.toks();
            Set<Integer> covered = new java.util.HashSet<>();
            for (int i = 0; i < toks.size(); ) {
                String ner = toks.get(i).ner();
                if (!"PERSON".equals(ner) && !"ORGANIZATION".equals(ner) && !"LOCATION".equals(ner)) {
                    i++;
                    continue;
                }
                int j = i;
                while (j < toks.size() && ner.equals(toks.get(j).ner())) {
                    covered.add(j);
                    j++;
                }
                String mention = text.substring(toks.get(i).start(), toks.get(j - 1).end());
                Key k = new Key(mention, ner);
                counts.computeIfAbsent(k, x -> new int[1])[0]++;
                if ("LOCATION".equals(ner)) {
                    String code = gazetteer.lookup(mention);
                    if (code != null) {
                        codes.put(k, code);
                    }
                }
                i = j;
            }
            // Places CoreNLP missed (all-caps datelines, lower-confidence names) still become LOCATION entities.
            for (Gazetteer.Hit h : s.places()) {
                if (h.demonym() || covered.contains(h.from())) {
                    continue;
                }
                Key k = new Key(text.substring(h.start(), h.end()), "LOCATION");
                counts.computeIfAbsent(k, x -> new int[1])[0]++;
                codes.put(k, h.code());
            }
            // A NER location that the gazetteer resolves inside a longer mention keeps its code.
            for (Gazetteer.Hit h : s.places()) {
                if (!h.demonym() && covered.contains(h.from())) {
                    for (Map.Entry<Key, int[]> e : counts.entrySet()) {
                        if (e.getKey().type().equals("LOCATION") && e.getKey().text().contains(text.substring(h.start(), h.end()))) {
                            codes.putIfAbsent(e.getKey(), h.code());
                        }
                    }
                }
            }
        }
        List<TaggedArticle.Entity> out = new ArrayList<>();
        counts.entrySet().stream()
                .sorted((a, b) -> b.getValue()[0] - a.getValue()[0])
                .limit(200)
                .forEach(e -> out.add(new TaggedArticle.Entity(e.getKey().text(), e.getKey().type(),
                        codes.get(e.getKey()), e.getValue()[0])));
        return out;
    }

    int datelineEnd(String text) {
        Matcher m = DATELINE.matcher(text.length() > 120 ? text.substring(0, 120) : text);
        return m.find() ? m.end() : -1;
    }

    String dateline(String text) {
        Matcher m = DATELINE.matcher(text.length() > 120 ? text.substring(0, 120) : text);
        if (!m.find()) {
            return null;
        }
        String code = gazetteer.lookup(m.group(1).strip());
        if (code == null && m.group(2) != null) {
            code = gazetteer.lookup(m.group(2).strip());
        }
        if (code != null && m.group(2) != null) {
            String second = gazetteer.lookup(m.group(2).strip());
            if (second != null) {
                code = second; // "Kampala, Uganda" or "Atlanta, Georgia": the wider place decides
            }
        }
        return code;
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
