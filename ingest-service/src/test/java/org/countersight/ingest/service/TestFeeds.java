package org.countersight.ingest.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real local HTTP server with feeds whose items the test can change, honouring ETag, and recording every
 * request (path, User-Agent, If-None-Match).
 */
public final class TestFeeds implements AutoCloseable {

    public record Item(String title, String link, String description) {
    }

    /** One request as the server saw it; {@code startNanos}/{@code endNanos} from {@link System#nanoTime()}. */
    public record Request(String path, String userAgent, String ifNoneMatch, int status, long startNanos, long endNanos) {
    }

    /** How long {@code /slow} waits before answering (longer than the fetcher's timeouts in the tests). */
    public static final long SLOW_MILLIS = 6_000;

    private final HttpServer server;
    private final Map<String, List<Item>> feeds = new ConcurrentHashMap<>();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    public TestFeeds() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-feeds");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void setItems(String path, List<Item> items) {
        feeds.put(path, List.copyOf(items));
        versions.merge(path, 1, Integer::sum);
    }

    public long requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }

    public long requestsTo(String path, String userAgentPart) {
        return requests.stream().filter(r -> r.path().equals(path) && r.userAgent() != null && r.userAgent().contains(userAgentPart)).count();
    }

    private final Map<String, Long> delays = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, byte[]> raw = new ConcurrentHashMap<>();

    /** Serves {@code body} as it is at {@code path} (an RSS content type, no ETag). */
    public void setRaw(String path, byte[] body) {
        raw.put(path, body);
    }

    /** Answers {@code path} only after {@code millis} (a slow but successful source). */
    public void setDelay(String path, long millis) {
        delays.put(path, millis);
    }

    private void handle(HttpExchange ex) throws IOException {
        long startNanos = System.nanoTime();
        String path = ex.getRequestURI().getPath();
        long delay = delays.getOrDefault(path, 0L);
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String ua = ex.getRequestHeaders().getFirst("User-Agent");
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        int status;
        byte[] body;
        String type = "application/rss+xml; charset=utf-8";
        if (path.equals("/slow")) {
            try {
                Thread.sleep(SLOW_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            status = 200;
            body = rss(path, List.of()).getBytes(StandardCharsets.UTF_8);
        } else if (path.equals("/html")) {
            status = 200;
            type = "text/html; charset=utf-8";
            body = "<!DOCTYPE html><html><head><title>Home</title></head><body><p>Our homepage</p></body></html>"
                    .getBytes(StandardCharsets.UTF_8);
        } else if (path.equals("/dtd")) {
            status = 200;
            body = ("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
                    + "<rss version=\"2.0\"><channel><title>&b;</title><link>https://x.example.org/</link>"
                    + "<description>d</description></channel></rss>").getBytes(StandardCharsets.UTF_8);
        } else if (raw.containsKey(path)) {
            status = 200;
            body = raw.get(path);
        } else if (feeds.containsKey(path)) {
            String etag = "\"" + path.hashCode() + "-" + versions.get(path) + "\"";
            ex.getResponseHeaders().add("ETag", etag);
            if (etag.equals(inm)) {
                status = 304;
                body = null;
            } else {
                status = 200;
                body = rss(path, feeds.get(path)).getBytes(StandardCharsets.UTF_8);
            }
        } else {
            status = 404;
            body = "not here".getBytes(StandardCharsets.UTF_8);
        }
        ex.getResponseHeaders().add("Content-Type", type);
        try {
            if (body == null) {
                ex.sendResponseHeaders(status, -1);
                ex.close();
                return;
            }
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        } finally {
            // recorded once the response is out, so [start, end] covers the whole exchange on our side
            requests.add(new Request(path, ua, inm, status, startNanos, System.nanoTime()));
        }
    }

    private static String rss(String path, List<Item> items) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>")
                .append("<title>Feed ").append(path).append("</title><link>https://news.example.org/</link>")
                .append("<description>test feed</description>");
        for (Item item : items) {
            sb.append("<item><title>").append(item.title()).append("</title><link>").append(item.link())
                    .append("</link><description>").append(item.description()).append("</description>")
                    .append("<pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item>");
        }
        return sb.append("</channel></rss>").toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
