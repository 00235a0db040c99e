package org.countersight.api.coverage;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** The coverage rows of a few countries (a subscription's), without their source lists. */
@ApplicationScoped
public class CoverageLookup {

    private final CoverageService coverage;
    private final SilenceMonitor monitor;

    public CoverageLookup(CoverageService coverage, SilenceMonitor monitor) {
        this.coverage = coverage;
        this.monitor = monitor;
    }

    public List<CountryCoverage> countries(Collection<String> codes) {
        if (codes == null || codes.isEmpty()) {
            return List.of();
        }
        CoverageService.Snapshot snapshot = coverage.snapshot(Instant.now());
        List<CountryCoverage> out = new ArrayList<>();
        for (String cc : new TreeSet<>(codes.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList())) {
            out.add(CoverageReport.row(cc, snapshot.country(cc), monitor.assessment(), monitor.episodes().get(cc), false));
        }
        return out;
    }
}
