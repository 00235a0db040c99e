package org.countersight.api.index;

import org.apache.lucene.search.ReferenceManager;
import org.countersight.api.Fixtures;
import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writer's refresh() must show its own writes even while another thread (the feeder's periodic refresh) is in
 * the middle of a refresh that opened its reader before those writes. This was the cause of ExportHeapTest's
 * "documentCount() >= N" failure: refresh() used maybeRefresh(), which returns at once when another refresh runs.
 */
class ArticleIndexRefreshTest {

    @TempDir
    Path dir;

    @Test
    void refreshSeesWritesMadeWhileAnotherRefreshIsRunning() throws Exception {
        try (ArticleIndex index = ArticleIndex.open(dir.resolve("index"), true)) {
            CountDownLatch otherRefreshInside = new CountDownLatch(1);
            CountDownLatch releaseOtherRefresh = new CountDownLatch(1);
            AtomicBoolean holdNext = new AtomicBoolean(true);
            index.addRefreshListener(new ReferenceManager.RefreshListener() {
                @Override
                public void beforeRefresh() throws java.io.IOException {
                    if (holdNext.compareAndSet(true, false)) {
                        otherRefreshInside.countDown();
                        try {
                            releaseOtherRefresh.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }

                @Override
                public void afterRefresh(boolean didRefresh) {
                }
            });

            // the "feeder" starts a refresh and is held inside it
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                try {
                    index.refresh();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTrue(otherRefreshInside.await(30, TimeUnit.SECONDS));

            // meanwhile a writer adds a document and asks for its own refresh
            TaggedArticle a = Fixtures.article("https://refresh.example.org/1", "Refresh article",
                    "Cameras were installed in the district according to the city.", Instant.parse("2025-01-01T00:00:00Z"),
                    List.of("KH"), List.of("cctv"));
            index.upsert(a, Json.write(a));
            CompletableFuture<Integer> countAfterRefresh = CompletableFuture.supplyAsync(() -> {
                try {
                    index.refresh();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return index.documentCount();
            });

            // let the held refresh finish once the writer's refresh has either returned or is waiting for it
            await().atMost(Duration.ofSeconds(30)).until(() -> countAfterRefresh.isDone() || writerWaitsForHeldRefresh());
            releaseOtherRefresh.countDown();
            other.get(30, TimeUnit.SECONDS);
            assertEquals(1, countAfterRefresh.get(30, TimeUnit.SECONDS),
                    "a search after refresh() returns sees the document written before it");
        }
    }

    /** True once some pool thread is parked inside ArticleIndex.refresh (the writer waiting for the held refresh). */
    private static boolean writerWaitsForHeldRefresh() {
        for (var e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING) {
                StackTraceElement[] stack = e.getValue();
                boolean inRefresh = false;
                boolean inListener = false;
                for (StackTraceElement el : stack) {
                    inRefresh |= el.getClassName().equals(ArticleIndex.class.getName()) && el.getMethodName().equals("refresh");
                    inListener |= el.getMethodName().equals("beforeRefresh");
                }
                if (inRefresh && !inListener) {
                    return true;
                }
            }
        }
        return false;
    }
}
