package org.countersight.nlp.gazetteer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry's context cues per vendor kind, and the question whether one stands in a mention's sentence: what
 * confirms a weak or ambiguous name.
 */
final class ContextCues {

    /** Cues are looked up by their first three characters (so a cue has at least three). */
    static final int CUE_KEY = 3;
    /** How far a cue may be from the mention, within its sentence. */
    private static final int CUE_WINDOW = 160;

    private final Map<String, List<String>> cuesByKind;
    /** kind → cues by their first {@link #CUE_KEY} characters */
    private final Map<String, Map<String, List<String>>> cuesByKey = new HashMap<>();

    /** @param cuesByKind lower-case cues by declared kind, in registry order */
    ContextCues(Map<String, List<String>> cuesByKind) {
        this.cuesByKind = cuesByKind;
        cuesByKind.forEach((kind, cues) -> {
            Map<String, List<String>> byKey = new HashMap<>();
            cues.forEach(c -> byKey.computeIfAbsent(c.substring(0, CUE_KEY), k -> new ArrayList<>()).add(c));
            cuesByKey.put(kind, byKey);
        });
    }

    List<String> kinds() {
        return List.copyOf(cuesByKind.keySet());
    }

    List<String> of(String kind) {
        return cuesByKind.getOrDefault(kind, List.of());
    }

    /** A cue of one of {@code kinds} in the sentence around [start, end), outside that span. */
    boolean nearby(String text, int start, int end, List<String> kinds) {
        int from = start;
        int min = Math.max(0, start - CUE_WINDOW);
        while (from > min && !isSentenceEnd(text.charAt(from - 1))) {
            from--;
        }
        int to = end;
        int max = Math.min(text.length(), end + CUE_WINDOW);
        while (to < max && !isSentenceEnd(text.charAt(to))) {
            to++;
        }
        return within(text, from, start, kinds) || within(text, end, to, kinds);
    }

    /** Tries the cues starting with each word's first letters; cheaper than a regex over the window. */
    private boolean within(String text, int from, int to, List<String> kinds) {
        for (int i = from; i + CUE_KEY <= to; i++) {
            if (!Character.isLetterOrDigit(text.charAt(i)) || i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
                continue;
            }
            String key = text.substring(i, i + CUE_KEY).toLowerCase(Locale.ROOT);
            for (String kind : kinds) {
                for (String cue : cuesByKey.get(kind).getOrDefault(key, List.of())) {
                    if (i + cue.length() <= to && text.regionMatches(true, i, cue, 0, cue.length())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isSentenceEnd(char c) {
        return c == '.' || c == '!' || c == '?' || c == '\n' || c == '。';
    }
}
