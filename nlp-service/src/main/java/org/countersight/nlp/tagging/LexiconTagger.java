package org.countersight.nlp.tagging;

import org.countersight.nlp.text.Tok;
import org.countersight.events.TaggedArticle;
import org.countersight.nlp.gazetteer.TsvResource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tags non-English articles with per-language lexicons (rules/lexicon-v1.tsv) instead of pushing them through
 * English models: strong triggers that name the technology, and, as in the English grammar, an action word and a
 * target word of the same category in one sentence ("action:" and "target:" lines). Traditional Chinese is turned
 * into Simplified first (ICU's Traditional-Simplified transliterator), so one zh lexicon serves both scripts.
 * Languages without a lexicon get no events. Sentences are split on punctuation.
 */
public final class LexiconTagger {

    public static final String RESOURCE = "rules/lexicon-v1.tsv";
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?。！？؟]+\\s*|\\n\\s*\\n");
    private static final double CONFIDENCE = 0.6;
    /** An action and a target in one sentence: weaker than a trigger that names the technology outright. */
    private static final double COMPOSED_CONFIDENCE = 0.55;
    /** ICU transliterators are not documented as thread-safe: one per thread. */
    private static final ThreadLocal<com.ibm.icu.text.Transliterator> TO_SIMPLIFIED =
            ThreadLocal.withInitial(() -> com.ibm.icu.text.Transliterator.getInstance("Traditional-Simplified"));

    private record Term(String key, String norm, Pattern pattern) {
    }

    private final Map<String, Map<String, List<Term>>> categories = new HashMap<>();
    private final Map<String, Map<String, List<Term>>> countries = new HashMap<>();
    private final Map<String, Map<String, List<Term>>> actions = new HashMap<>();
    private final Map<String, Map<String, List<Term>>> targets = new HashMap<>();
    /** Vendors by home country, named in the language's script. */
    private final Map<String, Map<String, List<Term>>> vendors = new HashMap<>();

    public static LexiconTagger load() {
        LexiconTagger l = new LexiconTagger();
        for (String[] cols : TsvResource.rows(RESOURCE, 3, 3, "lexicon")) {
            String lang = cols[0].strip();
            boolean country = cols[1].startsWith("country:");
            boolean action = cols[1].startsWith("action:");
            boolean target = cols[1].startsWith("target:");
            boolean vendor = cols[1].startsWith("vendor:");
            String key = country ? cols[1].substring(8).strip() : action || target || vendor
                    ? cols[1].substring(7).strip() : cols[1].strip();
            if (!country && !vendor && !RuleSet.CATEGORIES.contains(key)) {
                throw new IllegalStateException("unknown category in lexicon: " + String.join("\t", cols));
            }
            boolean boundary = !Set.of("zh", "ar").contains(lang);
            for (String t : cols[2].split("\\|")) {
                String norm = Tok.normalise(t.strip());
                if (norm.isEmpty()) {
                    continue;
                }
                Pattern p = Pattern.compile((boundary ? "(?<![\\p{L}\\p{N}])" : "") + Pattern.quote(norm));
                (country ? l.countries : action ? l.actions : target ? l.targets : vendor ? l.vendors : l.categories)
                        .computeIfAbsent(lang, k -> new LinkedHashMap<>())
                        .computeIfAbsent(key, k -> new ArrayList<>()).add(new Term(key, norm, p));
            }
        }
        return l;
    }

    /** Lower-cased, accent-free, and for Chinese in Simplified characters (one-for-one, so offsets hold). */
    private static String normalise(String lang, String s) {
        String n = Tok.normalise(s);
        if (!lang.equals("zh")) {
            return n;
        }
        String simplified = TO_SIMPLIFIED.get().transliterate(n);
        return simplified.length() == n.length() ? simplified : n;
    }

    public Set<String> languages() {
        return categories.keySet();
    }

    Tagger.Analysis analyse(String language, String text, String title) {
        String lang = language.length() > 2 ? language.substring(0, 2) : language;
        Tagger.Analysis an = new Tagger.Analysis();
        Map<String, List<Term>> cats = categories.get(lang);
        if (cats == null) {
            return an; // no lexicon: marked with no events, honestly
        }
        Map<String, List<Term>> ctry = countries.getOrDefault(lang, Map.of());
        // Offsets must index the original text; normalise() keeps length for the scripts we list except
        // where accents decompose, so sentences are normalised one by one and matched there.
        Map<String, Integer> weight = new LinkedHashMap<>();
        List<int[]> spans = new ArrayList<>();
        Matcher m = SENTENCE_END.matcher(text);
        int from = 0;
        while (m.find()) {
            spans.add(new int[] {from, m.end()});
            from = m.end();
        }
        if (from < text.length()) {
            spans.add(new int[] {from, text.length()});
        }
        Map<String, List<Term>> vend = vendors.getOrDefault(lang, Map.of());
        List<String> sentenceCountry = new ArrayList<>();
        List<Map<String, String>> sentenceVendors = new ArrayList<>();
        for (int[] sp : spans) {
            String norm = normalise(lang, text.substring(sp[0], sp[1]));
            // vendors named here, by name -> home country; their home is where the technology comes from
            Map<String, String> named = new LinkedHashMap<>();
            vend.forEach((home, terms) -> terms.forEach(t -> {
                Matcher vm = t.pattern().matcher(norm);
                if (vm.find()) {
                    named.putIfAbsent(vm.group(), home);
                }
            }));
            sentenceVendors.add(named);
            // the sentence's country: the first named in the text that is not only a named vendor's home
            String found = null;
            int foundAt = Integer.MAX_VALUE;
            for (Map.Entry<String, List<Term>> e : ctry.entrySet()) {
                for (Term t : e.getValue()) {
                    Matcher cm = t.pattern().matcher(norm);
                    if (cm.find()) {
                        weight.merge(e.getKey(), 1, Integer::sum);
                        boolean vendorHome = named.containsValue(e.getKey());
                        int at = cm.start() + (vendorHome ? norm.length() : 0);
                        if (at < foundAt) {
                            found = e.getKey();
                            foundAt = at;
                        }
                        break;
                    }
                }
            }
            sentenceCountry.add(found);
        }
        String titleNorm = normalise(lang, title);
        String titleCountry = null;
        for (Map.Entry<String, List<Term>> e : ctry.entrySet()) {
            for (Term t : e.getValue()) {
                if (t.pattern().matcher(titleNorm).find()) {
                    weight.merge(e.getKey(), 2, Integer::sum);
                    titleCountry = titleCountry == null ? e.getKey() : titleCountry;
                }
            }
        }
        String dominant = weight.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        List<TaggedArticle.Event> events = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (int i = 0; i < spans.size(); i++) {
            int[] sp = spans.get(i);
            String sentence = text.substring(sp[0], sp[1]);
            String norm = normalise(lang, sentence);
            String country = sentenceCountry.get(i) != null ? sentenceCountry.get(i)
                    : titleCountry != null ? titleCountry : dominant;
            for (Map.Entry<String, List<Term>> e : cats.entrySet()) {
                if (done.contains(e.getKey())) {
                    continue;
                }
                Matcher tm = first(e.getValue(), norm);
                if (tm != null) {
                    events.add(event(e.getKey(), sentence, norm, tm, sp, CONFIDENCE, country));
                    done.add(e.getKey());
                }
            }
            // an action and a target of the same category in the sentence ("封锁" ... "微信")
            Map<String, List<Term>> acts = actions.getOrDefault(lang, Map.of());
            for (Map.Entry<String, List<Term>> e : targets.getOrDefault(lang, Map.of()).entrySet()) {
                if (done.contains(e.getKey()) || first(e.getValue(), norm) == null) {
                    continue;
                }
                Matcher am = first(acts.getOrDefault(e.getKey(), List.of()), norm);
                if (am != null) {
                    events.add(event(e.getKey(), sentence, norm, am, sp, COMPOSED_CONFIDENCE, country));
                    done.add(e.getKey());
                }
            }
        }
        // vendor_export: a vendor from another country than the event's named in its evidence
        for (TaggedArticle.Event e : List.copyOf(events)) {
            if (done.contains("vendor_export") || e.country() == null || e.category().equals("protest_crackdown")) {
                continue;
            }
            int i = spanIndex(spans, e.start());
            List<String> foreign = sentenceVendors.get(i).entrySet().stream()
                    .filter(v -> !v.getValue().equals(e.country())).map(Map.Entry::getKey).toList();
            if (!foreign.isEmpty()) {
                events.add(new TaggedArticle.Event("vendor_export", foreign.get(0), e.sentence(), e.start(), e.end(),
                        COMPOSED_CONFIDENCE, e.country(), foreign, List.of(), false));
                done.add("vendor_export");
            }
        }
        // protest_crackdown needs the technology: only beside another event of the article
        if (events.stream().allMatch(e -> e.category().equals("protest_crackdown"))) {
            events.clear();
        }
        an.events = List.copyOf(events);
        an.gated = true;
        an.countries = Scoring.countryRefs(an.events, weight.keySet(), null);
        return an;
    }

    private static Matcher first(List<Term> terms, String norm) {
        for (Term t : terms) {
            Matcher m = t.pattern().matcher(norm);
            if (m.find()) {
                return m;
            }
        }
        return null;
    }

    private static TaggedArticle.Event event(String category, String sentence, String norm, Matcher m, int[] span,
            double confidence, String country) {
        String trigger = norm.length() == sentence.length() ? sentence.substring(m.start(), m.end()) : m.group();
        return new TaggedArticle.Event(category, trigger, sentence, span[0], span[1], confidence, country, List.of(),
                List.of(), false);
    }

    private static int spanIndex(List<int[]> spans, int start) {
        for (int i = 0; i < spans.size(); i++) {
            if (spans.get(i)[0] == start) {
                return i;
            }
        }
        return 0;
    }
}
