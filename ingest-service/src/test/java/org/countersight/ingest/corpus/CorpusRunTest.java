package org.countersight.ingest.corpus;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the corpus command ({@link CorpusRun}) when the feed corpus is there ({@link SharedCorpus}), and says it
 * skipped otherwise.
 * The per-file outcomes go to target/corpus-report.txt.
 */
class CorpusRunTest {

    @Test
    void everyCorpusFileGoesThroughFetchAndParseWithoutCrashOrExternalFetch() throws Exception {
        Path corpus = SharedCorpus.feeds();
        if (corpus == null) {
            System.out.println("SKIPPED: " + SharedCorpus.NOT_FOUND + "; corpus run not done");
        }
        Assumptions.assumeTrue(corpus != null, SharedCorpus.NOT_FOUND);
        CorpusRun.Report report = CorpusRun.run(corpus);
        report.print(System.out);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/corpus-report.txt"), report.details());
        assertEquals(0, report.crashed().size(), "crashed: " + report.crashed());
        assertEquals(0, report.slow().size(), "over 2 s: " + report.slow());
        assertTrue(report.entityFiles() >= 15, "DTD documents seen: " + report.entityFiles());
        assertEquals(0, report.entityFilesNotRefused().size(), "not refused: " + report.entityFilesNotRefused());
        assertEquals(0, report.canaryHits(), "XXE canary was fetched");
        assertEquals(0, report.outboundAttempts().size(), "outbound: " + report.outboundAttempts());
        assertTrue(report.parsed() > 1500, "parsed: " + report.parsed());
    }
}
