package org.countersight.nlp.tagging;

import org.countersight.nlp.text.Tok;
import org.countersight.events.TaggedArticle;
import org.countersight.nlp.gazetteer.VendorDictionary;
import org.countersight.nlp.tagging.grammar.EventGrammar;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the events of one English article: the rule file's rules first, then the compositional grammar for the
 * sentences and categories the rules left open, then vendor_export for evidence that names a foreign vendor, then
 * the rules that need another category's event ("with-event"). Each event carries its evidence sentence, trigger,
 * country, vendors, actors and a confidence raised by actors, vendors and title support. One instance per article.
 */
final class EventFinder {

    /** Events kept per category: the evidence that best supports it, not every repetition. */
    static final int EVENTS_PER_CATEGORY = 3;
    private static final Pattern DENIAL = Pattern.compile(
            "\\b(den(y|ies|ied|ying|ial|ials)|rejected (the )?(claims?|allegations?|reports?|accusations?)|"
                    + "dismissed (the )?(claims?|allegations?|reports?|accusations?)|refut(e|es|ed|ing)|"
                    + "(has|had|have) never used|(was|were) not used|did not use|does not use|never used)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> AGENCY_WORDS = Set.of("ministry", "police", "agency", "service", "department",
            "army", "commission", "authority", "bureau", "directorate", "intelligence", "guard", "force", "forces",
            "office", "court", "council", "government", "military", "security", "regulator", "parliament");

    private final RuleSet rules;
    private final EventGrammar grammar;
    private final String text;
    private final List<Sentence> sentences;
    private final Sentence title;
    private final TermSet actors;
    private final EventCountryResolver countries;
    /** Events whose evidence names a vendor from another country than the event's: vendor_export candidates. */
    private final List<TaggedArticle.Event> foreignSupplied = new ArrayList<>();
    /** Rule triggers found but not taken (vetoed, no context): evidence of relevance for a non-event. */
    int nearMisses;

    EventFinder(RuleSet rules, EventGrammar grammar, Document doc) {
        this.rules = rules;
        this.grammar = grammar;
        this.text = doc.text();
        this.sentences = doc.sentences();
        this.title = doc.title();
        this.actors = rules.set("STATE");
        this.countries = new EventCountryResolver(doc, actors);
    }

    List<TaggedArticle.Event> events() {
        Map<String, List<TaggedArticle.Event>> byCategory = new LinkedHashMap<>();
        Map<String, Boolean> articleVetoed = new HashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        List<Rule> all = rules.rules();
        // which rules' triggers can match in each sentence, read once for both passes
        TermIndex.Starts[] starts = new TermIndex.Starts[sentences.size()];
        for (Sentence s : sentences) {
            starts[s.index()] = rules.triggerStarts(s.toks());
        }
        // two passes: rules that depend on another category's event ("with-event") run after the others
        for (int pass = 0; pass < 2; pass++) {
        for (Sentence s : sentences) {
            TermIndex.Starts at = starts[s.index()];
            for (int ri = at.sets().nextSetBit(0); ri >= 0; ri = at.sets().nextSetBit(ri + 1)) {
                Rule r = all.get(ri);
                if (r.withEvent().isEmpty() != (pass == 0)) {
                    continue;
                }
                if (pass == 1 && r.withEvent().stream().noneMatch(byCategory::containsKey)) {
                    continue;
                }
                List<TermSet.Match> triggers = r.trigger().find(s.toks(), at.of(ri));
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
        String country = countries.eventCountry(s);
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
                s.start(), s.end(), Scoring.round(conf), country, List.copyOf(vendorNames), actorNames, denied(s));
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
                    Scoring.round(Math.max(0.05, e.confidence() - 0.05)), e.country(), e.vendors(), e.actors(), e.denied()));
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

}
