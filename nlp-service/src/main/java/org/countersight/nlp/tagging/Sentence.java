package org.countersight.nlp.tagging;

import org.countersight.nlp.text.Tok;
import org.countersight.nlp.gazetteer.Gazetteer;
import org.countersight.nlp.gazetteer.VendorDictionary;

import java.util.List;

/** A sentence with everything the rules test: tokens, places and vendors found in it, and its offsets. */
public record Sentence(int index, int start, int end, List<Tok> toks, List<Gazetteer.Hit> places,
        List<VendorDictionary.Mention> vendors) {
}
