package org.countersight.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Fails when the main classes under a root package have a package cycle: the packages directly below the root
 * (with their sub-packages) are the slices, and no slice may depend on itself through others. Each service
 * module calls it from a PackageCyclesTest, so a new cycle fails the build.
 */
public final class PackageCycles {

    private PackageCycles() {
    }

    /** @param rootPackage e.g. {@code org.countersight.api} */
    public static void assertNone(String rootPackage) {
        assertNone(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage), rootPackage);
    }

    static void assertNone(JavaClasses classes, String rootPackage) {
        if (classes.isEmpty()) {
            throw new AssertionError("no classes found under " + rootPackage + ": the check would prove nothing");
        }
        slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles().check(classes);
    }
}
