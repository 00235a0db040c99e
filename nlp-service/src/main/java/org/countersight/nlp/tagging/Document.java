package org.countersight.nlp.tagging;

import org.countersight.nlp.gazetteer.VendorDictionary;

import java.util.List;
import java.util.Map;

/**
 * An article as the matchers see it: its sentences with their places and vendors, the title as a sentence of its
 * own (index -1), the dateline's country and where the dateline ends, and the article-level country weights
 * (places 1, demonyms 0.5, the title counts double) with the dominant country.
 */
record Document(String text, List<Sentence> sentences, Sentence title, List<VendorDictionary.Mention> vendorMentions,
        String dateline, int datelineEnd, Map<String, Double> weight, String dominant) {
}
