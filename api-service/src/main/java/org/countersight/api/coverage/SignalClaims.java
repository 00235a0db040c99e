package org.countersight.api.coverage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.countersight.events.Alert;
import org.countersight.events.Json;
import org.countersight.events.Topics;
import org.countersight.events.kafka.KafkaConnection;
import org.countersight.events.kafka.SharedLog;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Which api instance announces a country's silence episode, and that it is announced once: every transition (an
 * episode raised, an episode recovered) is claimed in the one-partition compacted topic {@code signals.claims} that
 * every instance reads in full and in order, like nlp-service's {@code alerts.claims}. The first claim of a
 * transition in the topic's order wins; only the instance that wrote it publishes the alert. A later claim of the same
 * transition (the other instance deciding a moment later) changes nothing, and a restarted instance rebuilds the open
 * episodes from the topic, so it neither raises an open episode again nor forgets to recover it.
 */
public final class SignalClaims implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SignalClaims.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    /** A claim on the wire, keyed {@code <country>/<seq>/<phase>:<claimId>} so compaction keeps every claim's key apart. */
    public record Claim(String country, int seq, String phase, String episodeId, Instant since, Instant claimedAt,
                        double confidence, String claimId, String instance) {
    }

    /** A country's latest episode as every instance agrees on it. */
    public record Episode(String country, int seq, String phase, String episodeId, Instant since, Instant raisedAt,
                          Instant recoveredAt, double confidence, String winningClaim) {

        public boolean open() {
            return Alert.Signal.RAISED.equals(phase);
        }
    }

    private final Map<String, Episode> episodes = new ConcurrentHashMap<>();
    private final String instance;
    private final SharedLog log;

    public SignalClaims(KafkaConnection connection, String instance) {
        this.instance = instance;
        this.log = new SharedLog(connection, Topics.SIGNALS, "api-signals-" + instance, this::apply);
    }

    public SignalClaims start() {
        log.start();
        return this;
    }

    public boolean isReady() {
        return log.isCaughtUp() && log.isAlive();
    }

    public Optional<Episode> episode(String country) {
        return Optional.ofNullable(episodes.get(country));
    }

    public Map<String, Episode> episodes() {
        return Map.copyOf(episodes);
    }

    /** The state machine: runs on the log's reader thread, in offset order, identically on every instance. */
    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return;
        }
        Claim c;
        try {
            c = Json.read(r.value(), Claim.class);
        } catch (RuntimeException e) {
            LOG.warnf("skipping unreadable signal claim %s@%d: %s", r.topic(), r.offset(), e.getMessage());
            return;
        }
        if (c.country() == null || c.phase() == null) {
            return;
        }
        Episode current = episodes.get(c.country());
        int seq = current == null ? 0 : current.seq();
        boolean open = current != null && current.open();
        if (Alert.Signal.RAISED.equals(c.phase()) && !open && c.seq() == seq + 1) {
            episodes.put(c.country(), new Episode(c.country(), c.seq(), c.phase(), c.episodeId(), c.since(), c.claimedAt(),
                    null, c.confidence(), c.claimId()));
        } else if (Alert.Signal.RECOVERED.equals(c.phase()) && open && c.seq() == seq) {
            episodes.put(c.country(), new Episode(c.country(), seq, c.phase(), current.episodeId(), current.since(),
                    current.raisedAt(), c.claimedAt(), current.confidence(), c.claimId()));
        }
    }

    /**
     * Claims the start of a new episode of the country. @return the episode when this instance's claim was the first,
     * empty when the episode is already open or another instance claimed it first
     */
    public Optional<Episode> claimRaise(String country, Instant since, Instant now, double confidence)
            throws InterruptedException, TimeoutException {
        Episode current = episodes.get(country);
        if (current != null && current.open()) {
            return Optional.empty();
        }
        int seq = current == null ? 1 : current.seq() + 1;
        String episodeId = country + "-" + seq + "-" + now.getEpochSecond();
        return claim(new Claim(country, seq, Alert.Signal.RAISED, episodeId, since, now, confidence,
                UUID.randomUUID().toString(), instance));
    }

    /** Claims the end of the country's open episode. @return the closed episode when this instance's claim was first */
    public Optional<Episode> claimRecovery(String country, Instant now) throws InterruptedException, TimeoutException {
        Episode current = episodes.get(country);
        if (current == null || !current.open()) {
            return Optional.empty();
        }
        return claim(new Claim(country, current.seq(), Alert.Signal.RECOVERED, current.episodeId(), current.since(), now,
                current.confidence(), UUID.randomUUID().toString(), instance));
    }

    private Optional<Episode> claim(Claim c) throws InterruptedException, TimeoutException {
        long offset = log.append(c.country() + "/" + c.seq() + "/" + c.phase() + ":" + c.claimId(), Json.write(c), WRITE_TIMEOUT);
        log.awaitApplied(offset, WRITE_TIMEOUT);
        Episode after = episodes.get(c.country());
        return after != null && c.claimId().equals(after.winningClaim()) ? Optional.of(after) : Optional.empty();
    }

    @Override
    public void close() {
        log.close();
    }
}
