package org.countersight.nlp.tagging;

import java.util.List;
import java.util.Set;

/**
 * One rule of the rule file (format in rules/taxonomy-v1.rules). A rule with {@code withEvent} categories is
 * evaluated after the others and fires only when the article already has an event of one of them. Contexts whose
 * index is in {@code sentenceContexts} ("context-sentence:" lines) must match in the evidence sentence itself, even
 * when the rule's scope lets the other contexts match in a neighbouring sentence.
 */
public record Rule(String id, String category, TermSet trigger, List<TermSet> contexts, TermSet veto,
        TermSet articleVeto, double confidence, boolean foreignVendor, boolean sentenceScope, Set<String> withEvent,
        Set<Integer> sentenceContexts) {

    /** True when context number {@code i} may match in the sentence before or after (or the title). */
    public boolean neighbourAllowed(int i) {
        return !sentenceScope && !sentenceContexts.contains(i);
    }
}
