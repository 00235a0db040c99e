package org.countersight.nlp.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.countersight.events.RawArticle;
import org.countersight.events.TaggedArticle;
import org.countersight.nlp.config.NlpConfig;
import org.countersight.nlp.pipeline.CoreNlp;
import org.countersight.nlp.tagging.Tagger;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Owns the one CoreNLP pipeline and the tagging workers. Models load on a background thread at start-up so the
 * HTTP server (liveness, metrics) is up at once; readiness stays DOWN until the pipeline is loaded and warm.
 */
@ApplicationScoped
public class TaggingService {

    private static final Logger LOG = Logger.getLogger(TaggingService.class);
    private static final String WARM_UP = "KAMPALA, Uganda — Police in Kampala have installed facial recognition "
            + "cameras supplied by Huawei at major junctions, the Ministry of Security said on Tuesday. "
            + "Opposition leader Bobi Wine said the cameras were used to track his supporters.";

    private final NlpConfig config;
    private final CompletableFuture<Tagger> tagger = new CompletableFuture<>();
    private volatile boolean ready;
    private volatile String failure;
    private volatile long readyMillis = -1;
    /** Set when the service shuts down: work that fails from then on is left for redelivery, not dead-lettered. */
    private volatile boolean stopping;
    private final TaggingWorkers workers;

    public TaggingService(NlpConfig config) {
        this.config = config;
        this.workers = new TaggingWorkers(config.nlp().concurrency(), config.nlp().queuedArticles(), "nlp-worker");
    }

    void onStart(@Observes StartupEvent ev) {
        Thread loader = new Thread(this::load, "nlp-model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    void onStop(@Observes ShutdownEvent ev) {
        stopping = true;
        workers.close();
    }

    private void load() {
        long t0 = System.nanoTime();
        try {
            CoreNlp nlp = CoreNlp.load();
            Tagger t = Tagger.withBundledResources(nlp, config.nlp().maxChars());
            long loaded = System.nanoTime();
            // The first documents are several times slower (JIT, lazy model parts): pay that before reporting ready.
            for (int i = 0; i < config.nlp().warmUpDocuments(); i++) {
                t.tag(new RawArticle(1, "warm-up", null, null, null, null, null, "warm-up", null, WARM_UP, "en",
                        Instant.now(), false, Instant.now()), Instant.now());
            }
            readyMillis = (System.nanoTime() - t0) / 1_000_000;
            LOG.infof("CoreNLP %s (%s) loaded in %d ms, warmed up in %d ms; rules %s", CoreNlp.VERSION,
                    CoreNlp.ANNOTATORS, (loaded - t0) / 1_000_000, (System.nanoTime() - loaded) / 1_000_000,
                    t.versions().tagger());
            tagger.complete(t);
            ready = true;
        } catch (Throwable e) {
            failure = e.toString();
            LOG.error("cannot load the NLP pipeline", e);
            tagger.completeExceptionally(e);
        }
    }

    public boolean ready() {
        return ready;
    }

    public String failure() {
        return failure;
    }

    /** Whether the service is shutting down (a rolling restart, SIGTERM). */
    public boolean stopping() {
        return stopping;
    }

    public long readyMillis() {
        return readyMillis;
    }

    /**
     * Tags on a worker thread; past the per-article timeout the result fails with a TimeoutException and the
     * worker is interrupted until CoreNLP gives up ({@link TaggingWorkers}). Waits for the models if they are still
     * loading, so records consumed early are processed, not failed.
     */
    public CompletionStage<TaggedArticle> tag(RawArticle article) {
        // each source takes its turn: a flooding source cannot push another's article behind the whole flood
        return workers.submit(article.sourceId() == null ? "" : article.sourceId(), tagger,
                t -> t.tag(article, Instant.now()), config.nlp().articleTimeout());
    }

    /**
     * Completes once there is room: fewer than {@code concurrency + queued-articles} articles running or waiting,
     * so the consumer reads ahead that far and the waiting articles are taken round-robin by source.
     */
    public CompletionStage<Void> whenWorkerFree() {
        return workers.whenFree();
    }

    /** Tagging threads ({@code countersight.nlp.concurrency}). */
    public int concurrency() {
        return workers.size();
    }

    /** Articles whose tagging was stopped at the per-article timeout. */
    public long stoppedByTimeout() {
        return workers.stoppedByTimeout();
    }

    /** The models, once loaded (the diagnostics endpoint tags on its own threads with them). */
    public CompletionStage<Tagger> tagger() {
        return tagger;
    }
}
