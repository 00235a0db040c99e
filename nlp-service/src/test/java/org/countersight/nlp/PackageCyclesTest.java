package org.countersight.nlp;

import org.countersight.testsupport.PackageCycles;
import org.junit.jupiter.api.Test;

/**
 * Packages under org.countersight.nlp depend on each other one way only (ArchUnit over the compiled main classes):
 * text and pipeline at the bottom, then gazetteer, places, relevance, tagging, then service, and kafka, rest and
 * health on top.
 */
class PackageCyclesTest {

    @Test
    void noPackageCycles() {
        PackageCycles.assertNone("org.countersight.nlp");
    }
}
