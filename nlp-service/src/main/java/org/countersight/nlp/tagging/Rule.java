package org.countersight.nlp.tagging;

import java.util.List;
import java.util.Set;

/**
 * One rule of the rule file (format in rules/taxonomy-v1.rules). A rule with {@code withEvent} categories is
 * evaluated after the others and fires only when the article already has an event of one of them.
 */
public record Rule(String id, String category, TermSet trigger, List<TermSet> contexts, TermSet veto,
        TermSet articleVeto, double confidence, boolean foreignVendor, boolean sentenceScope, Set<String> withEvent) {
}
