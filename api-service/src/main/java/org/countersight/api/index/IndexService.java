package org.countersight.api.index;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.kafka.KafkaClients;
import org.countersight.events.Topics;
import org.countersight.events.kafka.DeadLetters;
import org.countersight.events.kafka.TopicReader;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Owns the index and the reader that feeds it; started and stopped by {@code app.Lifecycle}. */
@ApplicationScoped
public class IndexService {

    private static final Logger LOG = Logger.getLogger(IndexService.class);

    private final CountersightConfig config;
    private final KafkaClients clients;
    private final MeterRegistry meters;
    private volatile ArticleIndex index;
    private volatile TopicReader reader;
    private volatile IndexFeeder feeder;
    private DeadLetters deadLetters;

    public IndexService(CountersightConfig config, KafkaClients clients, MeterRegistry meters) {
        this.config = config;
        this.clients = clients;
        this.meters = meters;
    }

    public synchronized void open() {
        if (index != null) {
            return;
        }
        try {
            index = ArticleIndex.open(config.index().dir(), config.index().rebuild());
            LOG.infof("index open at %s with %d articles", config.index().dir().toAbsolutePath(), index.documentCount());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the index at " + config.index().dir().toAbsolutePath()
                    + " (is another api-service using it?): " + e.getMessage(), e);
        }
        Gauge.builder("countersight.index.documents", this, s -> s.isOpen() ? s.index.documentCount() : 0).register(meters);
        Gauge.builder("countersight.index.segments", this, s -> s.isOpen() ? s.index.searchedSegments() : 0).register(meters);
        Gauge.builder("countersight.index.merging.segments", this, s -> s.isOpen() ? s.index.mergingSegments() : 0).register(meters);
    }

    /** Starts following {@code articles.tagged} from the position stored in the index. */
    public synchronized void startFeeding(String topicId) throws Exception {
        if (reader != null) {
            return;
        }
        deadLetters = new DeadLetters(clients.connection(), "api-dlq");
        feeder = new IndexFeeder(index, deadLetters, config.index().commitInterval(), topicId);
        reader = clients.reader("index", "api-index", List.of(Topics.ARTICLES_TAGGED), feeder).start();
        Gauge.builder("countersight.index.applied", feeder, IndexFeeder::applied).register(meters);
        Gauge.builder("countersight.index.rejected", feeder, IndexFeeder::rejected).register(meters);
    }

    public synchronized void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (index != null) {
            try {
                index.close();
            } catch (IOException e) {
                LOG.warnf(e, "closing the index failed");
            }
        }
    }

    public boolean isOpen() {
        return index != null && index.isOpen();
    }

    public TopicReader reader() {
        return reader;
    }

    public ArticleIndex index() {
        ArticleIndex i = index;
        if (i == null || !i.isOpen()) {
            throw new IllegalStateException("the index is not open yet");
        }
        return i;
    }
}
