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
 * A fixed set of tagging threads, fed fairly, with a time limit per task that really stops the task.
 * <p>
 * Fair: each task has a key (the article's source); waiting tasks are taken round-robin by key, so a source that
 * floods the queue gets one turn in each round like any other, and another source's task waits for at most one
 * task of each other key, not for the whole flood. Up to {@code queued} tasks wait besides the running ones.
 * <p>
 * The time limit: When the limit passes,
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
    private final int capacity;
    private final ExecutorService threads;
    private final FairQueue waiting = new FairQueue();
    private final ScheduledExecutorService timer;
    private final AtomicLong stopped = new AtomicLong();
    private final Object slots = new Object();
    private int running;
    private CompletableFuture<Void> waiter;

    /** No tasks waiting besides the running ones (callers wait on {@link #whenFree()} until a thread is free). */
    public TaggingWorkers(int size, String name) {
        this(size, 0, name);
    }

    /**
     * @param size   threads
     * @param queued tasks that may wait besides the {@code size} running ones before {@link #whenFree()} holds
     *               callers back; taken round-robin by key
     */
    public TaggingWorkers(int size, int queued, String name) {
        this.size = Math.max(1, size);
        this.capacity = this.size + Math.max(0, queued);
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

    /** Completes once fewer than {@link #size()} plus {@code queued} tasks are running or waiting. */
    public CompletionStage<Void> whenFree() {
        synchronized (slots) {
            if (running < capacity) {
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
        return submit("", task, limit);
    }

    /** Like {@link #submit(Supplier, Duration)}, taking its turn among the tasks of {@code key} (fairness). */
    public <T> CompletableFuture<T> submit(String key, Supplier<T> task, Duration limit) {
        return submit(key, CompletableFuture.completedFuture(null), ignored -> task.get(), limit);
    }

    public <R, T> CompletableFuture<T> submit(CompletionStage<R> prerequisite, Function<R, T> task, Duration limit) {
        return submit("", prerequisite, task, limit);
    }

    /**
     * Like {@link #submit(Supplier, Duration)}, once {@code prerequisite} (e.g. the models loading) has completed.
     * The task counts as running from this call, so {@link #whenFree()} holds callers back meanwhile; its time limit
     * starts when a thread starts it. Waiting tasks are taken round-robin by {@code key}.
     */
    public <R, T> CompletableFuture<T> submit(String key, CompletionStage<R> prerequisite, Function<R, T> task,
                                              Duration limit) {
        synchronized (slots) {
            running++;
        }
        return start(key, prerequisite, task, limit);
    }

    /**
     * Like {@link #submit(String, CompletionStage, Function, Duration)} when there is room (fewer than {@code size}
     * plus {@code queued} tasks running or waiting); null when full, and nothing is started.
     */
    public <R, T> CompletableFuture<T> trySubmit(String key, CompletionStage<R> prerequisite, Function<R, T> task,
                                                 Duration limit) {
        synchronized (slots) {
            if (running >= capacity) {
                return null;
            }
            running++;
        }
        return start(key, prerequisite, task, limit);
    }

    private <R, T> CompletableFuture<T> start(String key, CompletionStage<R> prerequisite, Function<R, T> task,
                                              Duration limit) {
        CompletableFuture<T> result = new CompletableFuture<>();
        prerequisite.whenComplete((input, failure) -> {
            if (failure != null) {
                release();
                result.completeExceptionally(failure);
                return;
            }
            Task<T> t = new Task<>(() -> task.apply(input), limit, result);
            String k = key == null ? "" : key;
            Runnable turn = t::run;
            waiting.add(k, turn);
            try {
                // one turn per task: the thread that gets it runs whichever task is next in the round
                threads.execute(this::runNext);
            } catch (RuntimeException e) {
                if (waiting.remove(k, turn)) {
                    release();
                    result.completeExceptionally(e);
                }
            }
        });
        return result;
    }

    private void runNext() {
        Runnable next = waiting.poll();
        if (next != null) {
            next.run();
        }
    }

    /**
     * Waiting tasks by key, taken round-robin: each key with tasks has one place in the round; a key that gets a
     * turn and still has tasks goes to the back.
     */
    private static final class FairQueue {
        private final java.util.Map<String, java.util.ArrayDeque<Runnable>> byKey = new java.util.HashMap<>();
        private final java.util.ArrayDeque<String> round = new java.util.ArrayDeque<>();

        synchronized void add(String key, Runnable task) {
            java.util.ArrayDeque<Runnable> tasks = byKey.get(key);
            if (tasks == null) {
                tasks = new java.util.ArrayDeque<>();
                byKey.put(key, tasks);
                round.addLast(key);
            }
            tasks.addLast(task);
        }

        synchronized Runnable poll() {
            String key = round.pollFirst();
            if (key == null) {
                return null;
            }
            java.util.ArrayDeque<Runnable> tasks = byKey.get(key);
            Runnable task = tasks.pollFirst();
            if (tasks.isEmpty()) {
                byKey.remove(key);
            } else {
                round.addLast(key);
            }
            return task;
        }

        /** Takes back a task whose turn could not be given; false when it is no longer waiting. */
        synchronized boolean remove(String key, Runnable task) {
            java.util.ArrayDeque<Runnable> tasks = byKey.get(key);
            if (tasks == null || !tasks.removeFirstOccurrence(task)) {
                return false;
            }
            if (tasks.isEmpty()) {
                byKey.remove(key);
                round.remove(key);
            }
            return true;
        }
    }

    private void release() {
        CompletableFuture<Void> wake = null;
        synchronized (slots) {
            running--;
            if (waiter != null && running < capacity) {
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
