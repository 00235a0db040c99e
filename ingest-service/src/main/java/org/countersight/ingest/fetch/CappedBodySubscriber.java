package org.countersight.ingest.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Collects a response body into memory, but gives up (and cancels the transfer) once it passes a byte limit. */
final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    /** The body passed the limit; counted while reading, so a huge body is never held in memory. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("response is larger than " + Durations.bytes(limit));
        }
    }

    private final long limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private long count;

    CappedBodySubscriber(long limit) {
        this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : items) {
            int n = buffer.remaining();
            count += n;
            if (count > limit) {
                subscription.cancel();
                result.completeExceptionally(new BodyTooLargeException(limit));
                return;
            }
            byte[] chunk = new byte[n];
            buffer.get(chunk);
            out.write(chunk, 0, n);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }
}
