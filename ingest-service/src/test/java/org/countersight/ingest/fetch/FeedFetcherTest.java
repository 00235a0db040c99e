package org.countersight.ingest.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.countersight.events.UrlSafety;
import org.countersight.ingest.config.Settings.FetchSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a real HTTP server on 127.0.0.1 (no mocks). */
class FeedFetcherTest {

    private static final byte[] FEED = ("<rss version=\"2.0\"><channel><title>t</title><link>https://f.example.org/</link>"
            + "<description>d</description><item><title>a</title><link>https://f.example.org/a</link></item></channel></rss>")
            .getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private String base;
    private final List<String> userAgents = new CopyOnWriteArrayList<>();
    private final List<String> hostHeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger notModified = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/feed", ex -> {
            userAgents.add(ex.getRequestHeaders().getFirst("User-Agent"));
            hostHeaders.add(ex.getRequestHeaders().getFirst("Host"));
            String inm = ex.getRequestHeaders().getFirst("If-None-Match");
            String ims = ex.getRequestHeaders().getFirst("If-Modified-Since");
            if ("\"v1\"".equals(inm) || "Tue, 03 Mar 2026 08:00:00 GMT".equals(ims)) {
                notModified.incrementAndGet();
                ex.sendResponseHeaders(304, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().add("ETag", "\"v1\"");
            ex.getResponseHeaders().add("Last-Modified", "Tue, 03 Mar 2026 08:00:00 GMT");
            ex.getResponseHeaders().add("Content-Type", "application/rss+xml");
            send(ex, 200, FEED);
        });
        // /hop/N redirects to /hop/N-1, and /hop/0 to the feed
        server.createContext("/hop/", ex -> {
            int n = Integer.parseInt(ex.getRequestURI().getPath().substring("/hop/".length()));
            ex.getResponseHeaders().add("Location", n == 0 ? "/feed" : "/hop/" + (n - 1));
            ex.sendResponseHeaders(n % 2 == 0 ? 301 : 307, -1);
            ex.close();
        });
        server.createContext("/missing", ex -> send(ex, 404, "no such thing".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/slow-headers", ex -> {
            sleep(4000);
            send(ex, 200, FEED);
        });
        server.createContext("/slow-drip", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 40; i++) {
                    out.write(' ');
                    out.flush();
                    sleep(100);
                }
            } catch (IOException ignored) {
                // the client hung up: expected
            }
        });
        server.createContext("/huge", ex -> {
            ex.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(chunk);
                }
            } catch (IOException ignored) {
                // the client hung up: expected
            }
        });
        server.createContext("/gzip", ex -> {
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            send(ex, 200, gzip(FEED));
        });
        server.createContext("/gzip-bomb", ex -> {
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            send(ex, 200, gzip(new byte[4 * 1024 * 1024])); // ~4 KB on the wire, 4 MB inflated
        });
        server.createContext("/feed.xml.gz", ex -> send(ex, 200, gzip(FEED))); // no Content-Encoding
        server.createContext("/bomb.xml.gz", ex -> send(ex, 200, gzip(new byte[4 * 1024 * 1024])));
        server.createContext("/to-file", ex -> {
            ex.getResponseHeaders().add("Location", "file:///etc/passwd");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/to-internal", ex -> {
            String target = ex.getRequestURI().getQuery().substring("to=".length());
            ex.getResponseHeaders().add("Location", target);
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static FetchSettings settings(boolean allowPrivate, long maxBytes) {
        return new FetchSettings(allowPrivate, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(2500),
                maxBytes, 5, FetchSettings.userAgentFor("https://contact.example.org/bot"), Duration.ZERO, 2);
    }

    private final FeedFetcher fetcher = new FeedFetcher(settings(true, 1024 * 1024));

    /** Private networks refused, except this test server's own address (as an operator would open one host). */
    private static FetchSettings onlyLoopbackOneAllowed() {
        FetchSettings s = settings(false, 1024 * 1024);
        return new FetchSettings(false, s.connectTimeout(), s.readTimeout(), s.deadline(), s.maxBytes(), s.maxRedirects(),
                s.userAgent(), s.perHostInterval(), s.concurrency(), List.of("127.0.0.1/32"));
    }

    /** A DNS that knows a few test names and otherwise parses literals; counts the questions per name. */
    private static final class TestDns implements UrlSafety.Resolver {
        final Map<String, List<String>> answers = new ConcurrentHashMap<>(); // name -> answer per question (last repeats)
        final Map<String, AtomicInteger> questions = new ConcurrentHashMap<>();

        TestDns answer(String name, String... perQuestion) {
            answers.put(name, List.of(perQuestion));
            return this;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            int n = questions.computeIfAbsent(host, h -> new AtomicInteger()).getAndIncrement();
            List<String> a = answers.get(host);
            if (a == null) {
                if (!host.matches("[0-9.]+|.*:.*")) {
                    throw new UnknownHostException(host);
                }
                return List.of(InetAddress.getByName(host));
            }
            return List.of(InetAddress.getByName(a.get(Math.min(n, a.size() - 1))));
        }

        int asked(String host) {
            AtomicInteger n = questions.get(host);
            return n == null ? 0 : n.get();
        }
    }

    @Test
    void aRebindingNameIsConnectedToTheAddressThatWasCheckedNotToItsSecondAnswer() {
        // "localhost" answers a public address to the first question and loopback (this server) to any later one.
        // A client that resolves again to connect reaches the server; the guarded one connects to the public
        // address it checked, which does not lead here, so the fetch fails and the server sees nothing.
        TestDns dns = new TestDns().answer("localhost", "93.184.216.34", "127.0.0.1");
        FeedFetcher strict = new FeedFetcher(settings(false, 1024 * 1024), dns);
        String url = "http://localhost:" + server.getAddress().getPort() + "/feed";
        FetchException e = assertThrows(FetchException.class, () -> strict.fetch(url, null, null));
        assertTrue(userAgents.isEmpty(), "no request reached the internal server: " + e.getMessage());
        assertEquals(1, dns.asked("localhost"), "one DNS question, and the connection used its answer");
        assertFalse(e.getMessage().contains("93.184.216.34") || e.getMessage().contains("127.0.0.1"), e.getMessage());
    }

    @Test
    void theConnectionGoesToTheCheckedAddressAndTheHostHeaderKeepsTheName() throws Exception {
        // first answer: this server's address (allowed); any later answer: an address where nothing listens
        TestDns dns = new TestDns().answer("feed.rebind.test", "127.0.0.1", "127.0.0.2");
        FeedFetcher guarded = new FeedFetcher(onlyLoopbackOneAllowed(), dns);
        String url = "http://feed.rebind.test:" + server.getAddress().getPort() + "/feed";
        FetchResult.Fetched fetched = assertInstanceOf(FetchResult.Fetched.class, guarded.fetch(url, null, null));
        assertArrayEquals(FEED, fetched.body());
        assertEquals(List.of("feed.rebind.test:" + server.getAddress().getPort()), hostHeaders);
        assertEquals(1, dns.asked("feed.rebind.test"));
    }

    @Test
    void httpsToTheCheckedAddressStillNamesTheHostInTlsServerNameIndication() throws Exception {
        // a TCP server on the checked address records the TLS ClientHello; the SNI server_name travels in clear
        TestDns dns = new TestDns().answer("feed.sni.test", "127.0.0.1");
        try (var tls = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            var hello = new java.util.concurrent.CompletableFuture<byte[]>();
            Thread t = new Thread(() -> {
                try (var s = tls.accept()) {
                    s.setSoTimeout(5000);
                    byte[] buf = new byte[4096];
                    int n = s.getInputStream().read(buf);
                    hello.complete(java.util.Arrays.copyOf(buf, Math.max(0, n)));
                } catch (IOException e) {
                    hello.completeExceptionally(e);
                }
            });
            t.setDaemon(true);
            t.start();
            FeedFetcher guarded = new FeedFetcher(onlyLoopbackOneAllowed(), dns);
            FetchException e = assertThrows(FetchException.class,
                    () -> guarded.fetch("https://feed.sni.test:" + tls.getLocalPort() + "/feed", null, null));
            String clientHello = new String(hello.get(10, java.util.concurrent.TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
            assertTrue(clientHello.contains("feed.sni.test"), "SNI carries the name, not the address");
            assertFalse(e.getMessage().contains("127.0.0.1"), e.getMessage());
        }
    }

    @Test
    void aRedirectToAPrivateAddressIsRefusedBeforeAnyConnection() {
        TestDns dns = new TestDns().answer("internal.test", "10.0.0.7").answer("metadata.test", "169.254.169.254");
        FeedFetcher guarded = new FeedFetcher(onlyLoopbackOneAllowed(), dns);
        int port = server.getAddress().getPort();
        for (String target : List.of("http://internal.test:" + port + "/feed", "http://metadata.test/latest/meta-data",
                "http://127.0.0.2:" + port + "/feed", "http://[::ffff:10.0.0.7]/feed", "http://[64:ff9b::a00:7]/feed")) {
            FetchException e = assertThrows(FetchException.class,
                    () -> guarded.fetch(base + "/to-internal?to=" + target, null, null), target);
            assertTrue(e.getMessage().startsWith("redirect to " + target + " refused: address not allowed ("), e.getMessage());
            assertFalse(e.getMessage().contains("10.0.0.7") && !target.contains("10.0.0.7"), e.getMessage());
            assertFalse(e.getMessage().contains("169.254"), e.getMessage());
        }
        assertTrue(userAgents.isEmpty(), "the feed behind the redirects was never requested");
    }

    @Test
    void errorsNameTheHostButNotItsResolvedAddress() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        TestDns dns = new TestDns().answer("feed.example.org", "127.0.0.1").answer("intranet.example.org", "10.9.8.7");
        FeedFetcher guarded = new FeedFetcher(onlyLoopbackOneAllowed(), dns);
        FetchException closed = assertThrows(FetchException.class,
                () -> guarded.fetch("http://feed.example.org:" + port + "/feed", null, null));
        assertEquals("connection refused by feed.example.org:" + port, closed.getMessage());
        FetchException internal = assertThrows(FetchException.class,
                () -> guarded.fetch("http://intranet.example.org/feed", null, null));
        assertTrue(internal.getMessage().startsWith("address not allowed (private network): host 'intranet.example.org'"),
                internal.getMessage());
        assertFalse(internal.getMessage().contains("10.9.8.7"), internal.getMessage());
    }

    @Test
    void conditionalGetWithEtagAndLastModified() throws Exception {
        FetchResult first = fetcher.fetch(base + "/feed", null, null);
        FetchResult.Fetched fetched = assertInstanceOf(FetchResult.Fetched.class, first);
        assertEquals(200, fetched.status());
        assertArrayEquals(FEED, fetched.body());
        assertEquals("\"v1\"", fetched.etag());
        assertEquals("Tue, 03 Mar 2026 08:00:00 GMT", fetched.lastModified());
        assertEquals("application/rss+xml", fetched.contentType());
        assertEquals("Countersight/0.1 (+https://contact.example.org/bot)", userAgents.get(0));

        FetchResult again = fetcher.fetch(base + "/feed", fetched.etag(), null);
        FetchResult.NotModified nm = assertInstanceOf(FetchResult.NotModified.class, again);
        assertEquals("\"v1\"", nm.etag(), "validators kept when the 304 does not repeat them");
        assertInstanceOf(FetchResult.NotModified.class, fetcher.fetch(base + "/feed", null, fetched.lastModified()));
        assertEquals(2, notModified.get());
    }

    @Test
    void followsUpToFiveRedirects() throws Exception {
        FetchResult.Fetched fetched = assertInstanceOf(FetchResult.Fetched.class, fetcher.fetch(base + "/hop/4", null, null));
        assertEquals(5, fetched.redirects());
        assertEquals(base + "/feed", fetched.finalUri().toString());
        assertArrayEquals(FEED, fetched.body());
    }

    @Test
    void refusesASixthRedirect() {
        FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(base + "/hop/5", null, null));
        assertEquals("too many redirects (more than 5)", e.getMessage());
    }

    @Test
    void everyRedirectHopIsCheckedForSafety() {
        FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(base + "/to-file", null, null));
        assertTrue(e.getMessage().startsWith("redirect to file:///etc/passwd refused: only http and https"), e.getMessage());
    }

    @Test
    void privateAddressesAreRefusedUnlessAllowed() {
        FeedFetcher strict = new FeedFetcher(settings(false, 1024 * 1024));
        FetchException e = assertThrows(FetchException.class, () -> strict.fetch(base + "/feed", null, null));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        assertTrue(userAgents.isEmpty(), "no request was made");
    }

    @Test
    void notFoundIsNamed() {
        FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(base + "/missing", null, null));
        assertEquals("HTTP 404 Not Found", e.getMessage());
        assertEquals(404, e.httpStatus());
        assertEquals(org.countersight.events.SourceStatus.Failure.HTTP, e.failure());
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() {
        // the server answers after 4 s: without the 2 s timeout the fetch would succeed
        FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(base + "/slow-headers", null, null));
        assertTrue(e.getMessage().startsWith("timed out after 2 s"), e.getMessage());
        assertEquals(org.countersight.events.SourceStatus.Failure.READ_TIMEOUT, e.failure());
        assertNull(e.httpStatus());
    }

    @Test
    void aSlowDripIsCutOffByTheTotalDeadline() {
        // the drip lasts 4 s, each byte well inside the read timeout: only the total deadline can end it
        FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(base + "/slow-drip", null, null));
        assertEquals("timed out after 2.5 s (total deadline for the fetch)", e.getMessage());
    }

    @Test
    void anOversizedBodyIsCutOff() {
        FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(base + "/huge", null, null));
        assertEquals("response is larger than 1 MB", e.getMessage());
    }

    @Test
    void gzipIsDecodedAndAGzipBombIsCappedAfterDecompression() throws Exception {
        FetchResult.Fetched fetched = assertInstanceOf(FetchResult.Fetched.class, fetcher.fetch(base + "/gzip", null, null));
        assertArrayEquals(FEED, fetched.body());
        FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(base + "/gzip-bomb", null, null));
        assertEquals("response is larger than 1 MB after gzip decompression", e.getMessage());
    }

    @Test
    void gzipWithoutContentEncodingIsSniffedAndCappedToo() throws Exception {
        FetchResult.Fetched fetched = assertInstanceOf(FetchResult.Fetched.class, fetcher.fetch(base + "/feed.xml.gz", null, null));
        assertArrayEquals(FEED, fetched.body());
        FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(base + "/bomb.xml.gz", null, null));
        assertEquals("response is larger than 1 MB after gzip decompression", e.getMessage());
    }

    @Test
    void aClosedPortIsNamed() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch("http://127.0.0.1:" + port + "/feed", null, null));
        assertTrue(e.getMessage().startsWith("connection refused by 127.0.0.1"), e.getMessage());
        assertEquals(org.countersight.events.SourceStatus.Failure.CONNECTION_REFUSED, e.failure());
        assertTrue(e.failure().network(), "a refused connection is a network-level failure");
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
