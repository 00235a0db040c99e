package org.countersight.nlp.service;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A fixed set of tagging threads with a time limit per task that really stops the task. When the limit passes,
 * the task's future fails with a {@link TimeoutException} at once and the thread running it is interrupted, again
 * every few milliseconds until the task has returned: CoreNLP checks the interrupt flag between sentences and in the
 * CRF's Viterbi loop, but its NER swallows an interrupt by failing just the current sentence, so one interrupt
 * is not enough. {@link CompletableFuture#cancel} would only mark the future and leave the thread busy.
 * <p>
 * {@link #whenFree()} is the back-pressure for the caller: it completes once fewer than {@code size} tasks run.
 */
public final class TaggingWorkers implements AutoCloseable {

    private static final long REINTERRUPT_MILLIS = 5;

    private final int size;
    private final ExecutorService threads;
    private final ScheduledExecutorService timer;
    private final AtomicLong stopped = new AtomicLong();
    private final Object slots = new Object();
    private int running;
    private CompletableFuture<Void> waiter;

    public TaggingWorkers(int size, String name) {
        this.size = Math.max(1, size);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(this.size, r -> daemon(r, name + "-" + n.incrementAndGet()));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-deadline"));
    }

    public int size() {
        return size;
    }

    /** Tasks stopped because they ran past their limit (their threads interrupted). */
    public long stoppedByTimeout() {
        return stopped.get();
    }

    /** Completes once fewer than {@link #size()} tasks are running or queued. */
    public CompletionStage<Void> whenFree() {
        synchronized (slots) {
            if (running < size) {
                return CompletableFuture.completedFuture(null);
            }
            if (waiter == null) {
                waiter = new CompletableFuture<>();
            }
            return waiter;
        }
    }

    /** Runs {@code task} on one of the threads; the result fails with a TimeoutException after {@code limit}. */
    public <T> CompletableFuture<T> submit(Supplier<T> task, Duration limit) {
        return submit(CompletableFuture.completedFuture(null), ignored -> task.get(), limit);
    }

    /**
     * Like {@link #submit(Supplier, Duration)}, once {@code prerequisite} (e.g. the models loading) has completed.
     * The task counts as running from this call, so {@link #whenFree()} holds callers back meanwhile; its time limit
     * starts when a thread starts it.
     */
    public <R, T> CompletableFuture<T> submit(CompletionStage<R> prerequisite, Function<R, T> task, Duration limit) {
        synchronized (slots) {
            running++;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        prerequisite.whenComplete((input, failure) -> {
            if (failure != null) {
                release();
                result.completeExceptionally(failure);
                return;
            }
            Task<T> t = new Task<>(() -> task.apply(input), limit, result);
            try {
                threads.execute(t::run);
            } catch (RuntimeException e) {
                release();
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void release() {
        CompletableFuture<Void> wake = null;
        synchronized (slots) {
            running--;
            if (waiter != null && running < size) {
                wake = waiter;
                waiter = null;
            }
        }
        if (wake != null) {
            wake.complete(null);
        }
    }

    private final class Task<T> {
        final Supplier<T> work;
        final Duration limit;
        final CompletableFuture<T> result;
        /** The thread running the task, null before and after; interrupts happen only under this object's lock. */
        private Thread runner;
        private ScheduledFuture<?> deadline;

        Task(Supplier<T> work, Duration limit, CompletableFuture<T> result) {
            this.work = work;
            this.limit = limit;
            this.result = result;
        }

        void run() {
            try {
                synchronized (this) {
                    if (result.isDone()) {
                        return;
                    }
                    runner = Thread.currentThread();
                    deadline = timer.schedule(this::expire, Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
                }
                try {
                    result.complete(work.get());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                } finally {
                    synchronized (this) {
                        runner = null;
                        deadline.cancel(false);
                    }
                    // an interrupt aimed at this task must not reach the next one on this thread
                    Thread.interrupted();
                }
            } finally {
                release();
            }
        }

        private void expire() {
            synchronized (this) {
                if (runner == null) {
                    return; // finished in the meantime
                }
                if (result.completeExceptionally(new TimeoutException("tagging took longer than " + limit + "; stopped"))) {
                    stopped.incrementAndGet();
                }
                runner.interrupt();
                deadline = timer.schedule(this::expire, REINTERRUPT_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        threads.shutdownNow();
        timer.shutdownNow();
    }
}
