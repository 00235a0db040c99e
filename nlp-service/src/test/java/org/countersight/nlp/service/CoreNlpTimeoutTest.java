package org.countersight.nlp.service;

import org.countersight.nlp.pipeline.CoreNlp;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real CoreNLP pipeline under the time limit: a long document is stopped, and the shared pipeline still works. */
class CoreNlpTimeoutTest {

    @Test
    void aDocumentPastTheLimitIsStoppedAndTheSharedPipelineTagsTheNextOneCorrectly() throws Exception {
        CoreNlp nlp = CoreNlp.load();
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 4000; i++) {
            longText.append("Officials in Nairobi said on day ").append(i)
                    .append(" that the council of Mombasa would review the camera contract with Huawei. ");
        }
        AtomicBoolean returned = new AtomicBoolean();
        try (TaggingWorkers workers = new TaggingWorkers(1, "test-worker")) {
            CompletableFuture<Integer> runaway = workers.submit(() -> {
                try {
                    return nlp.annotate(longText.toString()).size();
                } finally {
                    returned.set(true);
                }
            }, Duration.ofMillis(1));
            ExecutionException failure = assertThrows(ExecutionException.class, () -> runaway.get(5, TimeUnit.MINUTES));
            assertInstanceOf(TimeoutException.class, failure.getCause());
            await().atMost(Duration.ofMinutes(5)).untilTrue(returned);
            assertEquals(1, workers.stoppedByTimeout());

            List<CoreNlp.Sentence> next = workers.submit(
                    () -> nlp.annotate("Police in Kampala installed cameras supplied by Huawei."), Duration.ofMinutes(2))
                    .get(5, TimeUnit.MINUTES);
            List<CoreNlp.Token> tokens = next.get(0).tokens();
            assertTrue(tokens.stream().anyMatch(t -> t.text().equals("Kampala") && t.ner().equals("LOCATION")), tokens.toString());
            assertTrue(tokens.stream().anyMatch(t -> t.text().equals("Huawei") && t.ner().equals("ORGANIZATION")), tokens.toString());
        }
    }
}
