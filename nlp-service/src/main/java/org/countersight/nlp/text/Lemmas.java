package org.countersight.nlp.text;

import java.util.HashMap;
import java.util.Map;

/**
 * A small English lemmatiser without part-of-speech tags: irregular forms from a table, then suffix stripping
 * (-ies, -ing, -ed, -es, -s), then a final silent "e" and a doubled final consonant removed. It is not a
 * dictionary lemma ("throttled", "throttling" and "throttle" all become "throttl"); what matters is that the
 * grammar's words and the text's words go through the same function, so every inflection of a word meets the
 * same key.
 */
public final class Lemmas {

    private static final Map<String, String> IRREGULAR = new HashMap<>();

    static {
        String[][] forms = {
                {"buy", "bought"}, {"sell", "sold"}, {"build", "built"}, {"take", "took", "taken"},
                {"make", "made"}, {"keep", "kept"}, {"hold", "held"}, {"begin", "began", "begun"},
                {"give", "gave", "given"}, {"go", "went", "gone"}, {"see", "saw", "seen"}, {"find", "found"},
                {"lead", "led"}, {"pay", "paid"}, {"say", "said"}, {"tell", "told"}, {"lose", "lost"},
                {"send", "sent"}, {"leave", "left"}, {"get", "got", "gotten"}, {"spy", "spied", "spies", "spying"},
                {"steal", "stole", "stolen"}, {"catch", "caught"}, {"bring", "brought"}, {"write", "wrote", "written"},
                {"break", "broke", "broken"}, {"choose", "chose", "chosen"}, {"fly", "flew", "flown", "flies"},
                {"shut", "shuts", "shutting"}, {"cut", "cuts", "cutting"}, {"put", "puts", "putting"},
                {"set", "sets", "setting"}, {"use", "used", "uses", "using"}, {"seize", "seized", "seizes", "seizing"},
                {"slow", "slowed", "slows", "slowing"}, {"rise", "rose", "risen"}, {"fall", "fell", "fallen"},
                {"stand", "stood"}, {"run", "ran"}, {"win", "won"}, {"speak", "spoke", "spoken"},
                {"ban", "banned", "banning", "bans"}, {"bar", "barred", "barring", "bars"},
                {"plan", "planned", "planning", "plans"}, {"tap", "tapped", "tapping", "taps"},
                {"drop", "dropped", "dropping", "drops"}, {"stop", "stopped", "stopping", "stops"},
                {"need", "needs", "needed"}, {"speed", "speeds"}, {"feed", "feeds"}, {"news", "news"},
                {"press", "pressed", "presses"}, {"access", "accessed", "accesses", "accessing"},
                {"process", "processed", "processing"}, {"us", "us"}, {"bus", "buses"}, {"status", "status"},
                {"data", "data"}, {"media", "media"}, {"police", "police"}, {"series", "series"},
        };
        for (String[] f : forms) {
            for (String form : f) {
                IRREGULAR.put(form, f[0]);
            }
        }
    }

    private Lemmas() {
    }

    /** The lemma key of one lower-cased, accent-free word. */
    public static String of(String word) {
        String irregular = IRREGULAR.get(word);
        if (irregular != null) {
            return tidy(irregular);
        }
        String w = word;
        int n = w.length();
        if (n <= 3 || !Character.isLetter(w.charAt(n - 1))) {
            return w;
        }
        if (w.endsWith("ies") && n > 4) {
            w = w.substring(0, n - 3) + "y";
        } else if (w.endsWith("ing") && n > 5 && hasVowel(w, n - 3)) {
            w = w.substring(0, n - 3);
        } else if (w.endsWith("ed") && n > 4 && !w.endsWith("eed") && hasVowel(w, n - 2)) {
            w = w.substring(0, n - 2);
        } else if (w.endsWith("es") && n > 4 && (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches")
                || w.endsWith("shes") || w.endsWith("zes"))) {
            w = w.substring(0, n - 2);
        } else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, n - 1);
        }
        return tidy(w);
    }

    /** Drops a final silent "e" and undoubles a final consonant, so "throttle"/"throttl", "bann"/"ban" meet. */
    private static String tidy(String w) {
        int n = w.length();
        if (n > 3 && w.charAt(n - 1) == 'e' && !w.endsWith("ee")) {
            w = w.substring(0, n - 1);
            n--;
        }
        if (n > 3 && w.charAt(n - 1) == w.charAt(n - 2) && "aeiou".indexOf(w.charAt(n - 1)) < 0) {
            w = w.substring(0, n - 1);
        }
        return w;
    }

    private static boolean hasVowel(String w, int end) {
        for (int i = 0; i < end; i++) {
            if ("aeiouy".indexOf(w.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
