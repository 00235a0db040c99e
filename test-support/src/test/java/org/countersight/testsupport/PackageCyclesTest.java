package org.countersight.testsupport;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackageCyclesTest {

    @Test
    void aCycleBetweenTwoPackagesFails() {
        String root = "org.countersight.testsupport.cyclefixture";
        AssertionError e = assertThrows(AssertionError.class,
                () -> PackageCycles.assertNone(new ClassFileImporter().importPackages(root), root));
        assertTrue(e.getMessage().contains("Cycle detected"), e.getMessage());
    }

    @Test
    void packagesThatDependOneWayPass() {
        String root = "org.countersight.testsupport.cyclefixture";
        assertDoesNotThrow(() -> PackageCycles.assertNone(new ClassFileImporter().importPackages(root + ".a"), root));
    }

    @Test
    void anEmptyImportIsAnErrorNotAPass() {
        assertThrows(AssertionError.class, () -> PackageCycles.assertNone("org.countersight.nothing.here"));
    }
}
