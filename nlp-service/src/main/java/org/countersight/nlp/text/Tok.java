package org.countersight.nlp.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.countersight.nlp.pipeline.CoreNlp;

/**
 * A token as the matchers see it: original text, a lower-cased accent-free form, offsets into the article
 * text and the NER label. CoreNLP tokens with hyphens are split ("closed-circuit" -> closed, circuit) so rule
 * and gazetteer terms need one spelling only.
 */
public record Tok(String text, String norm, int start, int end, String ner) {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    public static String normalise(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            if (lower.charAt(i) > 127) {
                return MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFD)).replaceAll("")
                        .replace('’', '\'');
            }
        }
        return lower;
    }

    public boolean capitalised() {
        return !text.isEmpty() && Character.isUpperCase(text.codePointAt(0));
    }

    public boolean allCaps() {
        boolean letter = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letter = true;
                if (!Character.isUpperCase(c)) {
                    return false;
                }
            }
        }
        return letter && text.length() > 1;
    }

    /** Converts CoreNLP tokens, splitting hyphenated words and dropping the hyphens. */
    public static List<Tok> from(List<CoreNlp.Token> tokens) {
        List<Tok> out = new ArrayList<>(tokens.size() + 4);
        for (CoreNlp.Token t : tokens) {
            split(t.text(), t.start(), t.end(), t.ner(), out);
        }
        return out;
    }

    static void split(String text, int start, int end, String ner, List<Tok> out) {
        // Only split when the token's text spans its offsets exactly, so offsets stay true.
        if (text.indexOf('-') > 0 && text.length() == end - start && text.length() > 2) {
            int pos = 0;
            for (String part : text.split("-", -1)) {
                if (!part.isEmpty()) {
                    out.add(new Tok(part, normalise(part), start + pos, start + pos + part.length(), ner));
                }
                pos += part.length() + 1;
            }
            return;
        }
        if (text.equals("-") || text.equals("--")) {
            return;
        }
        out.add(new Tok(text, normalise(text), start, end, ner));
    }

    /** Splits a dictionary name into normalised words the same way text is tokenised. */
    public static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        for (String raw : name.trim().split("[\\s\\-]+")) {
            if (raw.isEmpty()) {
                continue;
            }
            String w = raw;
            String trailing = null;
            if (w.length() > 1 && w.endsWith(",")) {
                w = w.substring(0, w.length() - 1);
                trailing = ",";
            }
            if (w.length() > 2 && (w.endsWith("'s") || w.endsWith("’s"))) {
                words.add(normalise(w.substring(0, w.length() - 2)));
                words.add("'s");
            } else {
                words.add(normalise(w));
            }
            if (trailing != null) {
                words.add(trailing);
            }
        }
        return words;
    }
}
