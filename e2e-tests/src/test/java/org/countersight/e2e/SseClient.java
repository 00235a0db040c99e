package org.countersight.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Reads a Server-Sent Events stream over plain HTTP and keeps every `data:` payload (and its `id:`) it receives. */
final class SseClient implements AutoCloseable {

    record Event(String id, String data) {
    }

    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Event> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    SseClient(String url) {
        this(url, null);
    }

    /** @param lastEventId sent as {@code Last-Event-ID}, as a browser does when it reconnects; null for none */
    SseClient(String url, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(30));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            StringBuilder data = new StringBuilder();
            String[] id = {null};
            r.body().forEach(line -> {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.startsWith("id:")) {
                    id[0] = line.substring(3).strip();
                } else if (line.isEmpty() && data.length() > 0) {
                    events.add(data.toString());
                    received.add(new Event(id[0], data.toString()));
                    data.setLength(0);
                }
            });
        });
    }

    /** The id of the last event received, to reconnect with. */
    String lastEventId() {
        return received.isEmpty() ? null : received.get(received.size() - 1).id();
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
