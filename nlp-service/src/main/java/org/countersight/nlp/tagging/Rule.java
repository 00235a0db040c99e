package org.countersight.nlp.tagging;

import java.util.List;

/** One rule of the rule file (format in rules/taxonomy-v1.rules). */
public record Rule(String id, String category, TermSet trigger, List<TermSet> contexts, TermSet veto,
        TermSet articleVeto, double confidence, boolean foreignVendor, boolean sentenceScope) {
}
