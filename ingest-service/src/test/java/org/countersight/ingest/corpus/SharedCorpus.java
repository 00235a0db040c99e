package org.countersight.ingest.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the feed corpus (thousands of real and hostile feeds from public parser test suites; not part of this
 * repository) is: the folder named by {@code -Dcountersight.corpus=<folder>}, else {@code shared/corpus/feeds}
 * next to the repository's folder. It is read in place, never copied into the project; tests that need it skip
 * with a message when it is absent (docs/benchmarks.md says how to run them).
 */
public final class SharedCorpus {

    private SharedCorpus() {
    }

    /** What a skipping test prints. */
    public static final String NOT_FOUND = "feed corpus not found (pass -Dcountersight.corpus=<folder>, or put it in "
            + "shared/corpus/feeds next to the repository)";

    /** The corpus folder, or null when it is not there. */
    public static Path feeds() {
        String configured = System.getProperty("countersight.corpus");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured).toAbsolutePath().normalize();
            return Files.isDirectory(p) ? p : null;
        }
        // tests run in the module folder (../../shared from there), CorpusRun's main usually in the repository root
        for (String candidate : List.of("../../shared/corpus/feeds", "../shared/corpus/feeds")) {
            Path p = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }
}
