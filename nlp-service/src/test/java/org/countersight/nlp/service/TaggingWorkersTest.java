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

    @Test
    void waitingTasksAreTakenRoundRobinBySoOneFloodingKeyCannotPushAnotherBehindItsWholeFlood() throws Exception {
        try (TaggingWorkers workers = new TaggingWorkers(1, 100, "test-worker")) {
            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
            // the one thread is busy while the flood and then the quiet source's task queue up
            CompletableFuture<String> blocker = workers.submit("flood", () -> {
                started.countDown();
                try {
                    hold.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                order.add("flood-0");
                return "held";
            }, Duration.ofMinutes(5));
            assertTrue(started.await(2, TimeUnit.MINUTES));
            List<CompletableFuture<String>> all = new java.util.ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                String name = "flood-" + i;
                all.add(workers.submit("flood", () -> {
                    order.add(name);
                    return name;
                }, Duration.ofMinutes(1)));
            }
            all.add(workers.submit("quiet", () -> {
                order.add("quiet-1");
                return "quiet-1";
            }, Duration.ofMinutes(1)));
            assertTrue(workers.whenFree().toCompletableFuture().isDone(), "52 of 101 places taken");
            hold.countDown();
            blocker.get(2, TimeUnit.MINUTES);
            for (CompletableFuture<String> f : all) {
                f.get(2, TimeUnit.MINUTES);
            }
            // after the task that was running: one flood task, then the quiet one's turn, not after all 50
            assertEquals(List.of("flood-0", "flood-1", "quiet-1", "flood-2"), order.subList(0, 4));
            assertEquals(52, order.size());
            // each key keeps its own order
            List<String> flood = order.stream().filter(n -> n.startsWith("flood")).toList();
            for (int i = 0; i < flood.size(); i++) {
                assertEquals("flood-" + i, flood.get(i));
            }
        }
    }

    @Test
    void trySubmitRefusesWhenEveryPlaceIsTakenAndWhenFreeHoldsCallersBackAtCapacity() throws Exception {
        try (TaggingWorkers workers = new TaggingWorkers(1, 1, "test-worker")) {
            CountDownLatch hold = new CountDownLatch(1);
            CompletableFuture<Void> none = CompletableFuture.completedFuture(null);
            CompletableFuture<Integer> running = workers.trySubmit("a", none, v -> {
                try {
                    hold.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 1;
            }, Duration.ofMinutes(5));
            CompletableFuture<Integer> waiting = workers.trySubmit("a", none, v -> 2, Duration.ofMinutes(1));
            assertTrue(running != null && waiting != null);
            assertEquals(null, workers.trySubmit("b", none, v -> 3, Duration.ofMinutes(1)), "full: refused");
            assertFalse(workers.whenFree().toCompletableFuture().isDone());
            hold.countDown();
            assertEquals(1, running.get(2, TimeUnit.MINUTES));
            assertEquals(2, waiting.get(2, TimeUnit.MINUTES));
            await().atMost(GENEROUS).until(() -> workers.whenFree().toCompletableFuture().isDone());
            CompletableFuture<Integer> again = workers.trySubmit("b", none, v -> 3, Duration.ofMinutes(1));
            assertEquals(3, again.get(2, TimeUnit.MINUTES));
        }
    }
}
