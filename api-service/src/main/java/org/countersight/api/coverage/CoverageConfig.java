package org.countersight.api.coverage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** {@code countersight.coverage.*}: the coverage view and the silence signal (see README, "Coverage and silence"). */
@ConfigMapping(prefix = "countersight.coverage")
public interface CoverageConfig {

    /** How often article volumes per source are re-read from the index (the baselines and the 1 h / 24 h counts). */
    @WithDefault("1m")
    Duration refresh();

    /** Weeks of history whose median, for the same hour of the week, is a source's baseline. */
    @WithName("baseline-weeks")
    @WithDefault("4")
    int baselineWeeks();

    /**
     * A source with less than one week of history has no weekly baseline yet; once it has this much history its
     * baseline is its mean rate so far (the floor for new sources). Before that it has none and never counts as quiet.
     */
    @WithName("new-source-history")
    @WithDefault("24h")
    Duration newSourceHistory();

    Signal signal();

    interface Signal {
        /** Whether this instance evaluates and raises silence signals at all. */
        @WithDefault("true")
        boolean enabled();

        /** How often the sources of every country are evaluated. */
        @WithName("evaluate-every")
        @WithDefault("30s")
        Duration evaluateEvery();

        /** At least this many independent hosts of the country must be silent (N). */
        @WithName("min-hosts")
        @WithDefault("3")
        int minHosts();

        /** ... and at least this share of its hosts. */
        @WithName("silent-fraction")
        @WithDefault("0.6")
        double silentFraction();

        /** The episode ends (a recovery note) when the silent share falls below this. */
        @WithName("recover-fraction")
        @WithDefault("0.34")
        double recoverFraction();

        /** The silence (and later the recovery) must last this long before it is announced: no signal for a blip. */
        @WithDefault("10m")
        Duration hold();

        /** The window a source's article count is compared with its baseline over (whole hours). */
        @WithName("quiet-window")
        @WithDefault("3h")
        Duration quietWindow();

        /** A source answering but at or below this share of its baseline counts as silent ("quiet"). */
        @WithName("quiet-ratio")
        @WithDefault("0.2")
        double quietRatio();

        /** ... only if its baseline expects at least this many articles in the window (the floor against noise). */
        @WithName("min-expected-articles")
        @WithDefault("3")
        double minExpectedArticles();

        /** A status older than this says nothing about now: the source counts as unknown. */
        @WithName("status-max-age")
        @WithDefault("12h")
        Duration statusMaxAge();

        /** Other countries need at least this many healthy hosts for "the rest is fine" to mean anything. */
        @WithName("min-reference-hosts")
        @WithDefault("2")
        int minReferenceHosts();

        /**
         * Hosts elsewhere failing at network level at this share or more mean the trouble is the monitor's own
         * connectivity: no signal, and the connectivity health check (/q/health/well) goes DOWN.
         */
        @WithName("monitor-failure-fraction")
        @WithDefault("0.5")
        double monitorFailureFraction();
    }
}
