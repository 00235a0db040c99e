package org.countersight.api;

import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countersight.events.Alert;
import org.countersight.events.ArticleIds;
import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** Builders for wire records and plain Kafka clients pointed at the test broker. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public static void awaitReady() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
    }

    public static String uniqueWord() {
        // letters only, so the analyser keeps it as one token that no other text contains
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder("zq");
        for (int i = 0; i < 10; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.append('x').toString();
    }

    /** An article with one event per (category, country) pair, events all in the event countries. */
    public static TaggedArticle article(String url, String title, String text, Instant published,
                                        List<String> eventCountries, List<String> categories) {
        String id = ArticleIds.fromUrl(url);
        List<TaggedArticle.Event> events = new ArrayList<>();
        String sentence = text.length() > 120 ? text.substring(0, 120) : text;
        for (int i = 0; i < categories.size(); i++) {
            String country = eventCountries.isEmpty() ? null : eventCountries.get(i % eventCountries.size());
            events.add(new TaggedArticle.Event(categories.get(i), "trigger-" + categories.get(i), sentence, 0,
                    sentence.length(), 0.8, country, List.of("Acme Vision"), List.of("police"), false));
        }
        List<TaggedArticle.CountryRef> countries = new ArrayList<>();
        eventCountries.forEach(c -> countries.add(new TaggedArticle.CountryRef(c, TaggedArticle.CountryRef.EVENT)));
        countries.add(new TaggedArticle.CountryRef("CH", TaggedArticle.CountryRef.MENTIONED));
        return new TaggedArticle(TaggedArticle.SCHEMA_VERSION, id, url, "src-test", "Test Wire", null, title,
                "summary of " + title, text, "en", published, published.plusSeconds(60), Instant.now(),
                !categories.isEmpty(), categories.isEmpty() ? 0.1 : 0.9, false,
                List.of(new TaggedArticle.Entity("Riot Police", "ORGANIZATION", null, 1)), countries,
                categories.isEmpty() ? List.of() : List.of(new TaggedArticle.Vendor("Acme Vision", "CN")), events,
                new TaggedArticle.Versions("test", "v1", "4.5.10"));
    }

    public static Alert alertFor(TaggedArticle a) {
        List<String> countries = a.countries().stream().filter(c -> c.role().equals("event")).map(TaggedArticle.CountryRef::code).toList();
        List<String> categories = a.events().stream().map(TaggedArticle.Event::category).distinct().toList();
        double confidence = a.events().stream().mapToDouble(TaggedArticle.Event::confidence).max().orElse(0);
        return new Alert(Alert.SCHEMA_VERSION, a.id(), a.storyId(), a.url(), a.title(), a.sourceId(), a.sourceName(),
                a.publishedAt(), Instant.now(), confidence, countries, categories, a.events());
    }

    public static Alert alert(String title, String country, String category, double confidence) {
        String url = "https://news.example.org/" + UUID.randomUUID();
        TaggedArticle.Event e = new TaggedArticle.Event(category, category, title, 0, title.length(), confidence, country,
                List.of(), List.of(), false);
        return new Alert(Alert.SCHEMA_VERSION, ArticleIds.fromUrl(url), null, url, title, "src-test", "Test Wire",
                Instant.now(), Instant.now(), confidence, List.of(country), List.of(category), List.of(e));
    }

    public static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    public static void send(String topic, String key, Object value) {
        try (KafkaProducer<String, byte[]> p = producer()) {
            p.send(new ProducerRecord<>(topic, key, value == null ? null : Json.write(value))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void sendAll(String topic, List<TaggedArticle> articles) {
        try (KafkaProducer<String, byte[]> p = producer()) {
            for (TaggedArticle a : articles) {
                p.send(new ProducerRecord<>(topic, a.id(), Json.write(a))).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record of a topic from the beginning to its current end. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).collect(Collectors.toList());
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}
