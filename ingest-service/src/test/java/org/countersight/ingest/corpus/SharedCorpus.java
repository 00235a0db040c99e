package org.countersight.ingest.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the shared feed corpus ({@code ../shared/corpus/feeds}, thousands of real and hostile feeds from public
 * parser test suites) is on this machine. It is read in place, never copied into the project; tests that need it
 * skip with a message when it is absent.
 */
public final class SharedCorpus {

    private SharedCorpus() {
    }

    /** The corpus folder, or null when it is not there. */
    public static Path feeds() {
        for (String candidate : List.of("../../shared/corpus/feeds", "../shared/corpus/feeds", "/work/shared/corpus/feeds")) {
            Path p = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }
}
