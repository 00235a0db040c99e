package org.countersight.ingest.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.countersight.events.Headers;
import org.countersight.events.Json;
import org.countersight.events.RawArticle;
import org.countersight.events.SourceStatus;
import org.countersight.events.Topics;
import org.countersight.events.kafka.KafkaConnection;
import org.countersight.ingest.config.Settings.KafkaSettings;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Writes to Kafka with acks=all and idempotence; articles count as sent only once the broker acknowledged them. */
public final class Publisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Publisher.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(90);

    /** Some articles were not acknowledged; {@link #sent()} lists the ones that were. */
    public static final class PublishException extends Exception {
        private final List<RawArticle> sent;

        PublishException(String message, List<RawArticle> sent, Throwable cause) {
            super(message, cause);
            this.sent = sent;
        }

        public List<RawArticle> sent() {
            return sent;
        }
    }

    private final KafkaProducer<String, byte[]> producer;

    public Publisher(KafkaSettings kafka, String clientId) {
        this.producer = kafka.connection().newProducer(clientId, KafkaConnection.WriteProfile.BATCHED);
    }

    /** Sends all, then waits for every acknowledgement. @return the articles acknowledged (all of them) */
    public List<RawArticle> sendArticles(List<RawArticle> articles) throws PublishException {
        List<Future<RecordMetadata>> futures = new ArrayList<>(articles.size());
        for (RawArticle a : articles) {
            futures.add(producer.send(record(Topics.ARTICLES_RAW, a.id(), a, "RawArticle", RawArticle.SCHEMA_VERSION)));
        }
        List<RawArticle> acknowledged = new ArrayList<>(articles.size());
        Exception firstError = null;
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(articles.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                firstError = firstError == null ? e : firstError;
            } catch (ExecutionException | TimeoutException e) {
                firstError = firstError == null ? e : firstError;
            }
        }
        if (firstError != null) {
            Throwable cause = firstError instanceof ExecutionException ? firstError.getCause() : firstError;
            throw new PublishException("cannot write to Kafka (" + acknowledged.size() + " of " + articles.size()
                    + " articles acknowledged): " + cause, acknowledged, cause);
        }
        return acknowledged;
    }

    /** Status is best-effort: a lost status is replaced by the next poll's. A null status writes a tombstone. */
    public void sendStatus(SourceStatus status, String sourceId) {
        ProducerRecord<String, byte[]> record = status == null
                ? new ProducerRecord<>(Topics.SOURCES_STATUS, sourceId, null) // tombstone: the source was deleted
                : record(Topics.SOURCES_STATUS, sourceId, status, "SourceStatus", SourceStatus.SCHEMA_VERSION);
        try {
            producer.send(record, (meta, error) -> {
                if (error != null) {
                    LOG.warnf("cannot write the status of source %s: %s", sourceId, error.getMessage());
                }
            });
        } catch (RuntimeException e) {
            // send() itself throws when the topic's metadata stays unavailable for max.block.ms; the poll that
            // called it must still schedule the source's next poll
            LOG.warnf("cannot write the status of source %s: %s", sourceId, e.getMessage());
        }
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, Object value, String type, int schemaVersion) {
        return new ProducerRecord<>(topic, null, key, Json.write(value), Headers.create(type, schemaVersion));
    }

    public Map<?, ?> metrics() {
        return producer.metrics();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
