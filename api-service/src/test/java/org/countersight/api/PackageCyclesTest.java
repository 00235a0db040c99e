package org.countersight.api;

import org.countersight.testsupport.PackageCycles;
import org.junit.jupiter.api.Test;

/** Packages under org.countersight.api depend on each other one way only (ArchUnit over the compiled main classes). */
class PackageCyclesTest {

    @Test
    void noPackageCycles() {
        PackageCycles.assertNone("org.countersight.api");
    }
}
