package org.countersight.ingest.parse;

/** What a parser's exception says, cut to the part a refusal reason quotes. */
final class FailureDetail {

    private FailureDetail() {
    }

    static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    /** Every message along the cause chain, to look for a word in whichever layer said it. */
    static String allMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getMessage()).append(' ');
        }
        return sb.toString();
    }

    /** {@code ": message"} (at most 200 characters), or empty when the exception says nothing. */
    static String detail(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return "";
        }
        m = m.strip();
        return ": " + (m.length() > 200 ? m.substring(0, 200) + "…" : m);
    }
}
