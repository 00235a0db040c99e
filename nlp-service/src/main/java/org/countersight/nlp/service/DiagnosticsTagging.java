package org.countersight.nlp.service;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.countersight.events.RawArticle;
import org.countersight.events.TaggedArticle;
import org.countersight.nlp.config.NlpConfig;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Tagging for {@code POST /diagnostics/tag} on threads of its own ({@code countersight.nlp.diagnostics.threads},
 * with {@code queued} waiting places), so operator requests never take a worker of the Kafka pipeline, and a burst
 * of them is refused rather than queued without end. Same models, same per-article time limit.
 */
@ApplicationScoped
public class DiagnosticsTagging {

    private final TaggingService service;
    private final NlpConfig config;
    private final TaggingWorkers workers;
    private final int capacity;

    public DiagnosticsTagging(TaggingService service, NlpConfig config) {
        this.service = service;
        this.config = config;
        NlpConfig.Diagnostics d = config.nlp().diagnostics();
        this.workers = new TaggingWorkers(d.threads(), d.queued(), "nlp-diagnostics");
        this.capacity = workers.size() + Math.max(0, d.queued());
    }

    /** The tagged article, or null when all places are taken (the caller answers 429). */
    public CompletableFuture<TaggedArticle> tryTag(RawArticle article) {
        return workers.trySubmit("diagnostics", service.tagger(), t -> t.tag(article, Instant.now()),
                config.nlp().articleTimeout());
    }

    /** Requests running or waiting at most. */
    public int capacity() {
        return capacity;
    }

    void onStop(@Observes ShutdownEvent ev) {
        workers.close();
    }
}
