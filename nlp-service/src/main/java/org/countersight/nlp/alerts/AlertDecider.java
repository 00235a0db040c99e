package org.countersight.nlp.alerts;

import jakarta.enterprise.context.ApplicationScoped;
import org.countersight.events.Alert;
import org.countersight.events.TaggedArticle;
import org.countersight.nlp.config.NlpConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a tagged article raises an alert: a surveillance event, fresh (published within the window, so
 * replays and back-fills never flood subscribers), confident enough, and the first copy of its story: neither the
 * same {@code storyId} nor a near-identical text ({@link NearDuplicates}) alerted before. In reprocess mode
 * ({@code countersight.nlp.reprocess=true}) it never alerts: a re-tagging run only rewrites articles.tagged.
 * In the service the story memory is {@link AlertClaims}: kept in Kafka, shared by all instances and restored at
 * start, so one story alerts once across instances and restarts. The constructors without it keep the memory in
 * this process only (unit tests of the rules).
 */
@ApplicationScoped
public class AlertDecider {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AlertDecider.class);

    private final Duration freshWindow;
    private final double minConfidence;
    private final StoryMemory localMemory;
    private final boolean reprocess;
    private volatile AlertClaims claims;

    @jakarta.inject.Inject
    public AlertDecider(NlpConfig config) {
        this(config.alerts().freshWindow(), config.alerts().minConfidence(), config.alerts().storyMemory(),
                config.nlp().reprocess());
        if (reprocess) {
            LOG.info("reprocess mode: articles are re-tagged to articles.tagged, no alerts are raised");
        }
    }

    public AlertDecider(Duration freshWindow, double minConfidence, int storyMemory) {
        this(freshWindow, minConfidence, storyMemory, false);
    }

    public AlertDecider(Duration freshWindow, double minConfidence, int storyMemory, boolean reprocess) {
        this.freshWindow = freshWindow;
        this.minConfidence = minConfidence;
        this.reprocess = reprocess;
        // copies are compared within the fresh window (publication times) and among the last storyMemory alerts
        this.localMemory = new StoryMemory(storyMemory, freshWindow);
    }

    /** A decider whose story memory is the shared {@code alerts.claims} log (already started). */
    public AlertDecider(Duration freshWindow, double minConfidence, AlertClaims claims) {
        this(freshWindow, minConfidence, 1, false);
        this.claims = claims;
    }

    /** Switches to the shared story memory (the service does this at start-up, once the topics exist). */
    public void useClaims(AlertClaims claims) {
        this.claims = claims;
    }

    public AlertClaims claims() {
        return claims;
    }

    public boolean reprocessing() {
        return reprocess;
    }

    /**
     * @throws IllegalStateException when the shared claims cannot be written or read (Kafka unreachable for the
     *                               whole write timeout); the caller retries the article later or dead-letters it
     */
    public Optional<Alert> decide(TaggedArticle a, Instant now) {
        if (reprocess || !a.surveillance() || a.events().isEmpty() || a.publishedAt() == null) {
            return Optional.empty();
        }
        if (a.publishedAt().isBefore(now.minus(freshWindow)) || a.publishedAt().isAfter(now.plus(Duration.ofDays(1)))) {
            return Optional.empty();
        }
        double confidence = a.events().stream().mapToDouble(TaggedArticle.Event::confidence).max().orElse(0);
        if (confidence < minConfidence) {
            return Optional.empty();
        }
        String story = storyKey(a);
        // the body only: headlines are what copies change most
        String text = a.text() != null && !a.text().isBlank() ? a.text() : a.title() == null ? "" : a.title();
        AlertClaims shared = claims;
        boolean first;
        if (shared != null) {
            try {
                first = shared.claim(a.id(), story, a.publishedAt(), text);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while claiming the alert of " + a.id(), e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("cannot claim the alert of " + a.id() + ": " + e.getMessage(), e);
            }
        } else {
            first = localMemory.firstOfStory(story, NearDuplicates.signature(text), a.publishedAt());
        }
        if (!first) {
            return Optional.empty();
        }
        Set<String> countries = new LinkedHashSet<>();
        Set<String> categories = new LinkedHashSet<>();
        for (TaggedArticle.Event e : a.events()) {
            if (e.country() != null) {
                countries.add(e.country());
            }
            categories.add(e.category());
        }
        return Optional.of(new Alert(Alert.SCHEMA_VERSION, a.id(), a.storyId(), a.url(), a.title(), a.sourceId(),
                a.sourceName(), a.publishedAt(), now, confidence, new ArrayList<>(countries),
                new ArrayList<>(categories), a.events()));
    }

    /** The alert of this article was acknowledged by Kafka: no instance sends it again. */
    public void sent(TaggedArticle a) {
        AlertClaims shared = claims;
        if (shared != null) {
            shared.alerted(a.id());
        }
    }

    /**
     * Forgets a story whose alert could not be written, so a redelivery can alert. With shared claims there is
     * nothing to forget: the claim stays first of its story and no alerted marker was written, so the redelivered
     * article alerts.
     */
    public void forget(TaggedArticle a) {
        if (claims == null) {
            localMemory.forget(storyKey(a));
        }
    }

    private static String storyKey(TaggedArticle a) {
        return a.storyId() != null && !a.storyId().isBlank() ? "s:" + a.storyId() : "a:" + a.id();
    }
}
