package org.countersight.nlp.tagging.grammar;

/** One word of a phrase: a lemma, or a lemma prefix ("meteorolog*"). */
record Word(String lemma, boolean prefix) {
    boolean matches(String l) {
        return prefix ? l.startsWith(lemma) : l.equals(lemma);
    }
}
