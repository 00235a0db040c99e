package org.countersight.events;

/**
 * Text as XML 1.0 can carry it. Feeds contain control characters and broken UTF-16 by accident (jsoup turns
 * {@code &#1;} into U+0001); any of them makes an XML writer fail for the whole document. Allowed are tab, LF, CR,
 * U+0020–U+D7FF, U+E000–U+FFFD and well-formed surrogate pairs; everything else is dropped.
 */
public final class XmlText {

    private XmlText() {
    }

    /** @return the text without the characters XML 1.0 forbids (the same instance when there are none); null stays null */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        int i = 0;
        while (i < n) {
            int skip = illegalAt(s, i);
            if (skip != 0) {
                break;
            }
            i += Character.isHighSurrogate(s.charAt(i)) ? 2 : 1;
        }
        if (i >= n) {
            return s;
        }
        StringBuilder out = new StringBuilder(n);
        out.append(s, 0, i);
        while (i < n) {
            char c = s.charAt(i);
            if (illegalAt(s, i) != 0) {
                i++;
            } else if (Character.isHighSurrogate(c)) {
                out.append(c).append(s.charAt(i + 1));
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Whether the text holds a character XML 1.0 forbids. */
    public static boolean hasIllegal(String s) {
        return s != null && clean(s) != s;
    }

    /** 1 when the char at i is not allowed (a lone surrogate counts as one), else 0. */
    private static int illegalAt(String s, int i) {
        char c = s.charAt(i);
        if (c == 0x9 || c == 0xA || c == 0xD) {
            return 0;
        }
        if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
            return 1;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)) ? 0 : 1;
        }
        return Character.isLowSurrogate(c) ? 1 : 0; // a low surrogate reached here has no high one before it
    }
}
