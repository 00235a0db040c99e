package org.countersight.nlp.service;

import edu.stanford.nlp.util.RuntimeInterruptedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-article time limit stops the work itself, not just the future; the concurrency setting is the pool. */
class TaggingWorkersTest {

    private static final Duration GENEROUS = Duration.ofMinutes(2);

    @Test
    void aTaskThatSwallowsInterruptsLikeCoreNlpsNerIsStillStoppedAndItsThreadServesTheNextTask() throws Exception {
        int sentences = 1_000_000;
        AtomicInteger failedSentences = new AtomicInteger();
        AtomicInteger reached = new AtomicInteger();
        AtomicBoolean returned = new AtomicBoolean();
        try (TaggingWorkers workers = new TaggingWorkers(1, "test-worker")) {
            // Shaped like CoreNLP: SentenceAnnotator ends the document when the interrupt flag is set between
            // sentences; inside a sentence the CRF's Viterbi loop sees the flag (clearing it), and NER swallows that
            // by failing just this sentence. Unstopped, this runs 1,000,000 sentences of 1 ms: 17 minutes.
            CompletableFuture<String> runaway = workers.submit(() -> {
                try {
                    for (int s = 0; s < sentences; s++) {
                        if (Thread.interrupted()) {
                            throw new RuntimeInterruptedException();
                        }
                        reached.set(s);
                        long until = System.nanoTime() + 1_000_000;
                        while (System.nanoTime() < until) {
                            if (Thread.interrupted()) {
                                failedSentences.incrementAndGet();
                                break;
                            }
                        }
                    }
                    return "finished";
                } finally {
                    returned.set(true);
                }
            }, Duration.ofMillis(50));

            ExecutionException failure = assertThrows(ExecutionException.class, () -> runaway.get(2, TimeUnit.MINUTES));
            assertInstanceOf(TimeoutException.class, failure.getCause());
            await().atMost(GENEROUS).untilTrue(returned);
            assertTrue(reached.get() < sentences - 1, "stopped early, at sentence " + reached.get());
            assertEquals(1, workers.stoppedByTimeout());

            // the one thread is free again, and no stale interrupt reaches the next task
            CompletableFuture<Boolean> next = workers.submit(() -> {
                try {
                    Thread.sleep(20);
                    return true;
                } catch (InterruptedException e) {
                    return false;
                }
            }, Duration.ofMinutes(1));
            assertTrue(next.get(2, TimeUnit.MINUTES), "the next task was interrupted");
            assertEquals(1, workers.stoppedByTimeout());
        }
    }

    @Test
    void aTaskWithinItsLimitIsNeverInterrupted() throws Exception {
        try (TaggingWorkers workers = new TaggingWorkers(2, "test-worker")) {
            for (int i = 0; i < 50; i++) {
                int n = i;
                assertEquals(n * 2, workers.submit(() -> n * 2, Duration.ofMinutes(1)).get(1, TimeUnit.MINUTES));
            }
            assertEquals(0, workers.stoppedByTimeout());
        }
    }

    @Test
    void sizeTasksRunAtOnceAndWhenFreeHoldsTheNextCallerBackUntilOneEnds() throws Exception {
        int size = 3;
        try (TaggingWorkers workers = new TaggingWorkers(size, "test-worker")) {
            assertEquals(size, workers.size());
            // all three must be running at the same time to pass the barrier
            CyclicBarrier together = new CyclicBarrier(size);
            CountDownLatch release = new CountDownLatch(1);
            List<CompletableFuture<Integer>> tasks = new java.util.ArrayList<>();
            for (int i = 0; i < size; i++) {
                tasks.add(workers.submit(() -> {
                    try {
                        together.await(2, TimeUnit.MINUTES);
                        release.await(2, TimeUnit.MINUTES);
                        return 1;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, Duration.ofMinutes(5)));
            }
            await().atMost(GENEROUS).until(() -> together.getNumberWaiting() == 0 && !together.isBroken()
                    || tasks.stream().anyMatch(CompletableFuture::isCompletedExceptionally));
            CompletableFuture<Void> free = workers.whenFree().toCompletableFuture();
            assertFalse(free.isDone(), "all workers are busy");
            release.countDown();
            free.get(2, TimeUnit.MINUTES);
            for (CompletableFuture<Integer> t : tasks) {
                assertEquals(1, t.get(2, TimeUnit.MINUTES));
            }
        }
    }

    @Test
    void tasksWaitingForTheModelsCountAsRunning() throws Exception {
        try (TaggingWorkers workers = new TaggingWorkers(1, "test-worker")) {
            CompletableFuture<String> models = new CompletableFuture<>();
            CompletableFuture<Integer> task = workers.submit(models, String::length, Duration.ofMinutes(1));
            assertFalse(workers.whenFree().toCompletableFuture().isDone(), "the waiting task holds the one slot");
            models.complete("loaded");
            assertEquals(6, task.get(2, TimeUnit.MINUTES));
            workers.whenFree().toCompletableFuture().get(2, TimeUnit.MINUTES);
        }
    }
}
