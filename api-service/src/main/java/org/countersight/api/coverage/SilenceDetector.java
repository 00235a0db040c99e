package org.countersight.api.coverage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The silence policy, pure: from every source's state, which countries look cut off and whether the monitor's own
 * connectivity is the likelier explanation. Evidence counts per independent host (see {@link Hosts}): a host is
 * silent when every source of it with a known state fails at network level or is far below its baseline.
 */
public final class SilenceDetector {

    /** One country's (or, with code "", the unassigned sources') hosts. */
    public record Group(String country, int hosts, int knownHosts, int silentHosts, int networkHosts, int healthyHosts,
                        List<SourceState> silentSources, int knownSources) {

        public double silentShare() {
            return knownHosts == 0 ? 0 : (double) silentHosts / knownHosts;
        }

        public double networkShare() {
            return knownHosts == 0 ? 0 : (double) networkHosts / knownHosts;
        }
    }

    /**
     * @param candidate        the country meets the silence condition now
     * @param recovered        the country's silent share is below the recovery threshold
     * @param healthyElsewhere hosts of the other countries (and unassigned sources) with a source that answered normally
     *                         after this country's sources last did
     * @param elsewhereShare   share of the other hosts failing at network level
     */
    public record Verdict(Group group, boolean candidate, boolean recovered, int healthyElsewhere, double elsewhereShare,
                          double confidence, String reason) {
    }

    /** @param monitorOffline sources of several countries fail at network level at once: the monitor's own network */
    public record Assessment(Map<String, Verdict> countries, boolean monitorOffline, String monitorReason,
                             int knownHosts, int networkHosts) {
    }

    private final CoverageConfig.Signal config;

    public SilenceDetector(CoverageConfig.Signal config) {
        this.config = config;
    }

    public Assessment assess(List<SourceState> states) {
        Map<String, Map<String, List<SourceState>>> byCountry = new TreeMap<>();
        for (SourceState s : states) {
            byCountry.computeIfAbsent(s.country(), k -> new HashMap<>()).computeIfAbsent(s.host(), k -> new ArrayList<>()).add(s);
        }
        Map<String, Group> groups = new TreeMap<>();
        int known = 0;
        int network = 0;
        int groupsMostlyNetwork = 0;
        for (var e : byCountry.entrySet()) {
            Group g = group(e.getKey(), e.getValue());
            groups.put(e.getKey(), g);
            known += g.knownHosts();
            network += g.networkHosts();
            if (g.knownHosts() > 0 && g.networkShare() >= config.silentFraction()) {
                groupsMostlyNetwork++;
            }
        }
        double share = known == 0 ? 0 : (double) network / known;
        boolean offline = groupsMostlyNetwork >= 2 && share >= config.monitorFailureFraction();
        String monitorReason = offline
                ? String.format(java.util.Locale.ROOT, "%d of %d hosts in %d countries fail at network level at once: "
                + "the monitor's own connectivity is the likelier cause; no silence signal is raised", network, known, groupsMostlyNetwork)
                : null;
        Map<String, Verdict> verdicts = new TreeMap<>();
        for (Group g : groups.values()) {
            if (g.country().isEmpty()) {
                continue;
            }
            int knownElsewhere = known - g.knownHosts();
            int networkElsewhere = network - g.networkHosts();
            // the rest of the world must have answered after this country went quiet: when the monitor's own network
            // fails, sources fail one poll at a time, and hosts still shown healthy may just not have been polled yet
            Instant since = silentSince(g);
            int healthyElsewhere = healthyAfter(states, g.country(), since);
            double elsewhereShare = knownElsewhere == 0 ? 1 : (double) networkElsewhere / knownElsewhere;
            boolean strong = g.silentHosts() >= config.minHosts() && g.silentShare() >= config.silentFraction();
            boolean referenceFine = healthyElsewhere >= config.minReferenceHosts() && elsewhereShare < config.monitorFailureFraction();
            boolean candidate = strong && referenceFine && !offline;
            boolean recovered = g.knownHosts() > 0 && g.silentShare() < config.recoverFraction();
            double confidence = confidence(g, elsewhereShare);
            String reason = String.format(java.util.Locale.ROOT,
                    "%d of %d independent hosts silent (%d failing at network level, %d far below baseline); "
                            + "%d hosts elsewhere answered since, %.0f%% of other hosts failing at network level",
                    g.silentHosts(), g.knownHosts(), g.networkHosts(), g.silentHosts() - g.networkHosts(), healthyElsewhere,
                    elsewhereShare * 100);
            verdicts.put(g.country(), new Verdict(g, candidate, recovered, healthyElsewhere, elsewhereShare, confidence, reason));
        }
        return new Assessment(verdicts, offline, monitorReason, known, network);
    }

    /** The latest moment any of the group's network-failing sources still answered; null when there is none. */
    static Instant silentSince(Group g) {
        Instant since = null;
        for (SourceState s : g.silentSources()) {
            if (s.silence() != SourceState.Silence.NETWORK || s.status() == null) {
                continue;
            }
            Instant t = s.status().lastSuccessAt();
            if (t != null && (since == null || t.isAfter(since))) {
                since = t;
            }
        }
        return since;
    }

    /** Hosts outside the country with a healthy source that succeeded after {@code since} (any healthy one when null). */
    static int healthyAfter(List<SourceState> states, String country, Instant since) {
        java.util.Set<String> hosts = new java.util.HashSet<>();
        for (SourceState s : states) {
            if (s.country().equals(country) || s.silence() != SourceState.Silence.HEALTHY) {
                continue;
            }
            Instant ok = s.status() == null ? null : s.status().lastSuccessAt();
            if (since == null || ok != null && ok.isAfter(since)) {
                hosts.add(s.country() + "|" + s.host());
            }
        }
        return hosts.size();
    }

    private static Group group(String country, Map<String, List<SourceState>> hosts) {
        int knownHosts = 0;
        int silentHosts = 0;
        int networkHosts = 0;
        int healthyHosts = 0;
        int knownSources = 0;
        List<SourceState> silent = new ArrayList<>();
        for (List<SourceState> sources : hosts.values()) {
            int known = 0;
            int silentHere = 0;
            int networkHere = 0;
            boolean healthyHere = false;
            for (SourceState s : sources) {
                if (s.silence() == SourceState.Silence.UNKNOWN) {
                    continue;
                }
                known++;
                if (s.silence().silent()) {
                    silentHere++;
                }
                if (s.silence() == SourceState.Silence.NETWORK) {
                    networkHere++;
                }
                healthyHere |= s.silence() == SourceState.Silence.HEALTHY;
            }
            knownSources += known;
            if (known == 0) {
                continue;
            }
            knownHosts++;
            if (healthyHere) {
                healthyHosts++;
            }
            if (silentHere == known) {
                silentHosts++;
                sources.stream().filter(s -> s.silence().silent()).forEach(silent::add);
            }
            if (networkHere == known) {
                networkHosts++;
            }
        }
        silent.sort(java.util.Comparator.comparing((SourceState s) -> s.host()).thenComparing(s -> s.source().id()));
        return new Group(country, hosts.size(), knownHosts, silentHosts, networkHosts, healthyHosts, List.copyOf(silent), knownSources);
    }

    /**
     * How strong (share of the country's hosts silent), how independent (how many hosts: three give 0.63, six 0.86),
     * how direct (network failures weigh more than low volume) and how clean the reference (the rest answering).
     */
    static double confidence(Group g, double elsewhereShare) {
        if (g.silentHosts() == 0) {
            return 0;
        }
        double strength = g.silentShare();
        double independence = 1 - Math.exp(-g.silentHosts() / 3.0);
        double directness = 0.75 + 0.25 * g.networkHosts() / g.silentHosts();
        double reference = 1 - Math.min(1, elsewhereShare);
        return Math.round(strength * independence * directness * reference * 100) / 100.0;
    }
}
