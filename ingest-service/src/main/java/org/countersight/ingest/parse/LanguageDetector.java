package org.countersight.ingest.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small language identifier for news text, our own: the writing system first, then, within a script shared by
 * several languages, letters only one of them uses and a few dozen of each language's commonest function words.
 * Languages: en, es, fr, pt, de, it, nl, tr (Latin); ru, uk (Cyrillic); ar, fa (Arabic script); zh, ja, ko,
 * el, he, hi, th (their own scripts). The tables are a few hundred words: no models to load, well under 100 KB of
 * heap, about a microsecond per 100 characters. Chosen over Lingua, whose models for these languages take
 * ~310 MB of heap in its accurate mode (see the README). It is meant for a headline plus a paragraph; it answers
 * null when it cannot tell, and says whether its answer is {@linkplain Result#reliable() reliable}.
 */
public final class LanguageDetector {

    /** What was detected; {@code reliable} when the evidence is strong enough to overrule a declared language. */
    public record Result(String language, boolean reliable) {
    }

    /** Every language {@link #detect} can answer. */
    public static final Set<String> LANGUAGES = Set.of("en", "es", "fr", "pt", "de", "it", "nl", "tr", "ru", "uk",
            "ar", "fa", "zh", "ja", "ko", "el", "he", "hi", "th");

    /** Only the start of a long text is read. */
    static final int MAX_CHARS = 2_000;

    private static final Map<String, Set<String>> FUNCTION_WORDS = new LinkedHashMap<>();

    static {
        words("en", "the of and to in is was for on that with as by at from are were has have had be been it its this"
                + " which or an not but after will said would their they he she who more than over new about into up");
        words("es", "el la los las de del y en que un una por con para es se su al lo como más pero sus fue son ha"
                + " han este esta entre sobre también desde cuando muy sin hasta donde ya le están tras según después");
        words("fr", "le la les de des du et en un une est que qui dans pour pas par sur au aux avec ce cette il elle"
                + " sont ont été mais plus ne se leur selon après entre lors depuis sous était nous vous");
        words("pt", "o a os as de do da dos das e em um uma que no na nos nas por para com não é se ao pelo pela"
                + " mais foi são seu sua como mas ou também já está estão após sobre entre ele ela isso depois");
        words("de", "der die das und in den von zu mit ist im für auf nicht ein eine dem des sich auch es an als"
                + " nach wie bei aus wird wurde werden sind hat haben noch vor über durch einer sie er nachdem");
        words("it", "il lo la i gli le di del della dei delle e è in un una che per con non si da al alla sono"
                + " ha hanno anche come più ma nel nella sul sulla dopo questo questa stato tra fra");
        words("nl", "de het een en van in is op te dat die voor met niet zijn aan er ook als bij door naar om"
                + " maar nog wordt werd worden heeft hebben dan uit over tot deze dit meer");
        words("tr", "ve bir bu da de ile için olarak olan en çok daha gibi ama sonra kadar ise değil var yok"
                + " her şu o ne mi olduğu tarafından ancak göre üzerinde ayrıca");
    }

    /** word -> the languages whose list holds it; a hit counts 1/k for each of its k languages. */
    private static final Map<String, List<String>> WORD_LANGUAGES = new HashMap<>();

    static {
        FUNCTION_WORDS.forEach((lang, words) -> words.forEach(w ->
                WORD_LANGUAGES.computeIfAbsent(w, x -> new ArrayList<>()).add(lang)));
    }

    private static void words(String lang, String list) {
        FUNCTION_WORDS.put(lang, Set.of(list.split(" ")));
    }

    private LanguageDetector() {
    }

    /** @return the detected language, or null when the text gives too little to go on */
    public static Result detect(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        Map<String, Integer> scripts = new HashMap<>();
        int letters = 0;
        int kana = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                continue;
            }
            letters++;
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA) {
                kana++;
                script = Character.UnicodeScript.HAN; // counted with Han: Japanese mixes both
            }
            scripts.merge(script.name(), 1, Integer::sum);
        }
        if (letters == 0) {
            return null;
        }
        String dominant = null;
        int most = 0;
        for (Map.Entry<String, Integer> e : scripts.entrySet()) {
            if (e.getValue() > most) {
                most = e.getValue();
                dominant = e.getKey();
            }
        }
        // a script-decided answer is reliable when that script clearly dominates and there is enough of it
        boolean scriptReliable = most >= 0.6 * letters && most >= 8;
        String lower = s.toLowerCase(Locale.ROOT);
        return switch (dominant) {
            case "LATIN" -> latin(lower);
            case "CYRILLIC" -> new Result(cyrillic(lower), scriptReliable);
            case "ARABIC" -> new Result(arabicScript(s), scriptReliable);
            case "HAN" -> new Result(kana >= 0.1 * most ? "ja" : "zh", most >= 0.6 * letters && most >= 4);
            case "HANGUL" -> new Result("ko", scriptReliable);
            case "GREEK" -> new Result("el", scriptReliable);
            case "HEBREW" -> new Result("he", scriptReliable);
            case "DEVANAGARI" -> new Result("hi", scriptReliable);
            case "THAI" -> new Result("th", most >= 0.6 * letters && most >= 4);
            default -> null;
        };
    }

    /** Ukrainian has і ї є ґ; Russian has ы э ъ ё. */
    private static String cyrillic(String s) {
        int uk = count(s, "іїєґ");
        int ru = count(s, "ыэъё");
        return uk > ru ? "uk" : "ru";
    }

    /** Persian has پ چ ژ گ and its own forms of kaf and yeh (ک ی); Arabic has ة and Arabic yeh/kaf (ي ك). */
    private static String arabicScript(String s) {
        int fa = count(s, "\u067e\u0686\u0698\u06af\u06a9\u06cc");
        int ar = count(s, "\u0629\u064a\u0643");
        return fa > ar ? "fa" : "ar";
    }

    private static Result latin(String s) {
        Map<String, Double> score = new HashMap<>();
        int words = 0;
        for (String w : s.split("[^\\p{L}']+")) {
            if (w.isEmpty()) {
                continue;
            }
            words++;
            List<String> langs = WORD_LANGUAGES.get(w.replace("'", ""));
            if (langs != null) {
                for (String lang : langs) {
                    score.merge(lang, 1.0 / langs.size(), Double::sum); // "de" says little, "the" a lot
                }
            }
            // French and Italian elisions (l'état, dell'anno, qu'il)
            if (w.startsWith("l'") || w.startsWith("d'") || w.startsWith("qu'")) {
                score.merge("fr", 0.5, Double::sum);
            }
            if (w.startsWith("dell'") || w.startsWith("all'") || w.startsWith("nell'")) {
                score.merge("it", 1.0, Double::sum);
            }
        }
        // letters only one (or two) of these languages use
        score.merge("es", 1.5 * count(s, "ñ¿¡"), Double::sum);
        score.merge("pt", 1.5 * count(s, "ãõ"), Double::sum);
        score.merge("de", 1.5 * count(s, "ß") + 0.5 * count(s, "äöü"), Double::sum);
        score.merge("tr", 1.5 * count(s, "ğşı") + 0.3 * count(s, "öüç"), Double::sum);
        score.merge("fr", 0.5 * count(s, "èêëœùûîï"), Double::sum);
        score.merge("it", 0.3 * count(s, "ìò"), Double::sum);
        String best = null;
        double first = 0;
        double second = 0;
        for (Map.Entry<String, Double> e : score.entrySet()) {
            double v = e.getValue();
            if (v > first) {
                second = first;
                first = v;
                best = e.getKey();
            } else if (v > second) {
                second = v;
            }
        }
        if (best == null || first < 0.5 || first == second) {
            return null;
        }
        boolean reliable = words >= 5 && first >= 2 && first >= 2 * second;
        return new Result(best, reliable);
    }

    private static int count(String s, String chars) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                n++;
            }
        }
        return n;
    }
}
