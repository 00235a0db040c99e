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
 * Tags non-English articles with per-language trigger lexicons (rules/lexicon-v1.tsv) instead of pushing them
 * through English models. Languages without a lexicon get no events. Sentences are split on punctuation.
 */
public final class LexiconTagger {

    public static final String RESOURCE = "rules/lexicon-v1.tsv";
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?。！？؟]+\\s*|\\n\\s*\\n");
    private static final double CONFIDENCE = 0.6;

    private record Term(String key, String norm, Pattern pattern) {
    }

    private final Map<String, Map<String, List<Term>>> categories = new HashMap<>();
    private final Map<String, Map<String, List<Term>>> countries = new HashMap<>();

    public static LexiconTagger load() {
        LexiconTagger l = new LexiconTagger();
        for (String[] cols : TsvResource.rows(RESOURCE, 3, 3, "lexicon")) {
            String lang = cols[0].strip();
            boolean country = cols[1].startsWith("country:");
            String key = country ? cols[1].substring(8).strip() : cols[1].strip();
            if (!country && !RuleSet.CATEGORIES.contains(key)) {
                throw new IllegalStateException("unknown category in lexicon: " + String.join("\t", cols));
            }
            boolean boundary = !Set.of("zh", "ar").contains(lang);
            for (String t : cols[2].split("\\|")) {
                String norm = Tok.normalise(t.strip());
                if (norm.isEmpty()) {
                    continue;
                }
                Pattern p = Pattern.compile((boundary ? "(?<![\\p{L}\\p{N}])" : "") + Pattern.quote(norm));
                (country ? l.countries : l.categories).computeIfAbsent(lang, k -> new LinkedHashMap<>())
                        .computeIfAbsent(key, k -> new ArrayList<>()).add(new Term(key, norm, p));
            }
        }
        return l;
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
        List<String> sentenceCountry = new ArrayList<>();
        for (int[] sp : spans) {
            String norm = Tok.normalise(text.substring(sp[0], sp[1]));
            String found = null;
            for (Map.Entry<String, List<Term>> e : ctry.entrySet()) {
                for (Term t : e.getValue()) {
                    if (t.pattern().matcher(norm).find()) {
                        weight.merge(e.getKey(), 1, Integer::sum);
                        if (found == null) {
                            found = e.getKey();
                        }
                        break;
                    }
                }
            }
            sentenceCountry.add(found);
        }
        String titleNorm = Tok.normalise(title);
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
            String norm = Tok.normalise(sentence);
            for (Map.Entry<String, List<Term>> e : cats.entrySet()) {
                if (done.contains(e.getKey())) {
                    continue;
                }
                for (Term t : e.getValue()) {
                    Matcher tm = t.pattern().matcher(norm);
                    if (tm.find()) {
                        String country = sentenceCountry.get(i) != null ? sentenceCountry.get(i)
                                : titleCountry != null ? titleCountry : dominant;
                        String trigger = norm.length() == sentence.length()
                                ? sentence.substring(tm.start(), tm.end()) : t.norm();
                        events.add(new TaggedArticle.Event(e.getKey(), trigger, sentence, sp[0], sp[1], CONFIDENCE,
                                country, List.of(), List.of(), false));
                        done.add(e.getKey());
                        break;
                    }
                }
            }
        }
        an.events = List.copyOf(events);
        an.countries = Scoring.countryRefs(an.events, weight.keySet(), null);
        return an;
    }
}
