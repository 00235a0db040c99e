package org.countersight.ingest.corpus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.countersight.events.Source;
import org.countersight.ingest.config.Settings.FetchSettings;
import org.countersight.ingest.fetch.FeedFetcher;
import org.countersight.ingest.fetch.FetchException;
import org.countersight.ingest.parse.FeedRefusedException;
import org.countersight.ingest.poll.FeedPipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Serves every file of the feed corpus (read in place, never copied) over a local HTTP server and pushes each
 * through {@link FeedPipeline}, the service's own fetch-and-parse path with the production fetch limits.
 * Response headers come from the file's own "Header:" comment lines (feedparser's convention: Content-type with
 * its charset, Status, Location, ETag, ...); otherwise from the extension (.gz gzip, .z deflate, .json JSON
 * Feed, .html HTML, else application/xml). Redirect targets to feedparser's test host are rewritten to this
 * server. It also serves XXE canaries of its own: documents whose external entities point at this server's
 * {@code /xxe-canary} path; any hit there would be an external fetch.
 * <p>
 * No external fetch: a recording {@link ProxySelector} is installed as the JVM default while the run lasts, so
 * any {@code java.net.URL} connection (what an XML parser resolving an external entity would open) is seen;
 * every fetch the pipeline makes goes to 127.0.0.1.
 */
public final class CorpusRun {

    static final Duration SLOW = Duration.ofSeconds(2);
    private static final Pattern HEADER = Pattern.compile("^Header:\\s*([A-Za-z-]+):\\s*(.*?)\\s*$", Pattern.MULTILINE);

    public record Report(int files, int parsed, int lenient, int articles, int notModified, Map<String, Integer> rejected,
                         List<String> crashed, List<String> slow, int entityFiles, List<String> entityFilesNotRefused,
                         int canaryHits, List<String> outboundAttempts, long maxMillis, long totalMillis,
                         List<String> details) {

        public int rejectedTotal() {
            return rejected.values().stream().mapToInt(Integer::intValue).sum();
        }

        public void print(PrintStream out) {
            out.printf("corpus: %d files in %.1f s (slowest %d ms)%n", files, totalMillis / 1000.0, maxMillis);
            out.printf("  parsed:       %d (%d articles; %d read leniently), not modified (304): %d%n", parsed, articles,
                    lenient, notModified);
            out.printf("  rejected:     %d%n", rejectedTotal());
            rejected.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                    .forEach(e -> out.printf("    %5d  %s%n", e.getValue(), e.getKey()));
            out.printf("  crashed:      %d %s%n", crashed.size(), crashed.isEmpty() ? "" : crashed);
            out.printf("  over %d s:     %d %s%n", SLOW.toSeconds(), slow.size(), slow.isEmpty() ? "" : slow);
            out.printf("  DTD/entity documents (bombs, XXE, DTDs): %d, refused: %d %s%n", entityFiles,
                    entityFiles - entityFilesNotRefused.size(), entityFilesNotRefused.isEmpty() ? "" : entityFilesNotRefused);
            out.printf("  external fetches: %d (XXE canary hits %d, non-local connection attempts %d)%n",
                    canaryHits + outboundAttempts.size(), canaryHits, outboundAttempts.size());
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // no Nagle/delayed-ACK 40 ms per local request
        Path corpus = args.length > 0 ? Path.of(args[0]).toAbsolutePath().normalize() : SharedCorpus.feeds();
        if (corpus == null) {
            throw new IllegalArgumentException(SharedCorpus.NOT_FOUND + "; or give the folder as the argument");
        }
        Report report = run(corpus);
        report.print(System.out);
    }

    /** Our own XXE canaries (not from the corpus): external general and parameter entities aimed at this server. */
    private static Map<String, String> canaries(String base) {
        String target = base + "/xxe-canary";
        return Map.of(
                "canary/xxe-general.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [ <!ENTITY probe SYSTEM \"" + target
                        + "/general\"> ]>\n<rss version=\"2.0\"><channel><title>&probe;</title></channel></rss>\n",
                "canary/xxe-parameter.xml", "<!DOCTYPE feed [ <!ENTITY % remote SYSTEM \"" + target
                        + "/parameter\"> %remote; ]>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title></feed>\n",
                "canary/xxe-after-comment.xml", "<!-- harmless comment -->\n<?pi x?>\n<!DOCTYPE rdf [ <!ENTITY e SYSTEM \""
                        + target + "/comment\"> ]>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">&e;</rdf:RDF>\n",
                "canary/xxe-external-dtd.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE rss SYSTEM \"" + target
                        + "/dtd\">\n<rss version=\"2.0\"><channel><title>t</title></channel></rss>\n");
    }

    private static final String WARM_UP = "warm-up/feed.xml";

    private static String warmUpFeed() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
                + "<title>Warm-up</title><link>https://warm.example.org/</link><description>generated</description>");
        for (int i = 0; i < 200; i++) {
            sb.append("<item><title>Item ").append(i).append("</title><link>https://warm.example.org/").append(i)
                    .append("</link><pubDate>Thu, 05 Mar 2026 10:00:00 GMT</pubDate><description><![CDATA[");
            for (int p = 0; p < 6; p++) {
                sb.append("<p>Paragraph ").append(p).append(" of a generated item, with <b>some</b> markup &amp; text.</p>");
            }
            sb.append("]]></description></item>");
        }
        return sb.append("</channel></rss>").toString();
    }

    public static Report run(Path corpus) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        AtomicInteger canaryHits = new AtomicInteger();
        List<String> outbound = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> canaries = new java.util.HashMap<>(canaries(base));
        canaries.put(WARM_UP, warmUpFeed());
        server.createContext("/", ex -> serve(ex, corpus, base, canaries, canaryHits));
        server.start();
        ProxySelector previous = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                String host = uri.getHost();
                if (host == null || !(host.equals("127.0.0.1") || host.equals("localhost"))) {
                    outbound.add(uri.toString());
                }
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        });
        // production limits (application.properties), private networks allowed because the server is local
        FetchSettings settings = new FetchSettings(true, Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30),
                10L * 1024 * 1024, 5, FetchSettings.userAgentFor("https://example.org/countersight"), Duration.ZERO, 1);
        FeedPipeline pipeline = new FeedPipeline(new FeedFetcher(settings));
        List<String> paths = new ArrayList<>();
        for (Path f : files) {
            paths.add(corpus.relativize(f).toString().replace('\\', '/'));
        }
        paths.addAll(canaries.keySet().stream().filter(p -> !p.equals(WARM_UP)).sorted().toList());
        // a long-running service is warm: let the JIT see the path a few times on a generated 600 KB feed first
        Source warm = new Source(1, "warm-up", base + "/" + WARM_UP, "warm-up", null, null, null, Instant.now());
        for (int i = 0; i < 8; i++) {
            try {
                pipeline.run(warm, null, null, Instant.now());
            } catch (FetchException | FeedRefusedException e) {
                throw new IllegalStateException("warm-up feed failed: " + e.getMessage(), e);
            }
        }
        int parsed = 0;
        int lenient = 0;
        int articles = 0;
        int notModified = 0;
        int entityFiles = 0;
        long maxMillis = 0;
        Map<String, Integer> rejected = new TreeMap<>();
        List<String> crashed = new ArrayList<>();
        List<String> slow = new ArrayList<>();
        List<String> notRefused = new ArrayList<>();
        List<String> details = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (String path : paths) {
                String text = canaries.containsKey(path) ? canaries.get(path)
                        : new String(Files.readAllBytes(corpus.resolve(path)), StandardCharsets.ISO_8859_1);
                boolean declaresDtd = declaresDtd(text) && !path.endsWith(".md");
                if (declaresDtd) {
                    entityFiles++;
                }
                String url = base + "/" + encodePath(path);
                Source source = new Source(1, Source.idFor(url), url, path, null, null, null, Instant.now());
                long start = System.nanoTime();
                String outcome;
                boolean refusedForDtd = false;
                try {
                    FeedPipeline.Result result = pipeline.run(source, null, null, Instant.now());
                    if (result instanceof FeedPipeline.Parsed p) {
                        parsed++;
                        articles += p.articles().size();
                        lenient += p.feed().leniency() != null ? 1 : 0;
                        outcome = "parsed " + p.feed().feedType() + ", " + p.articles().size() + " articles, " + p.feed().charset()
                                + (p.note() == null ? "" : "; " + p.note());
                    } else {
                        notModified++;
                        outcome = "not modified";
                    }
                } catch (FetchException | FeedRefusedException e) {
                    String reason = group(e.getMessage());
                    rejected.merge(reason, 1, Integer::sum);
                    refusedForDtd = e.getMessage().contains("DTD");
                    outcome = "rejected: " + e.getMessage();
                } catch (Throwable e) { // StackOverflowError, OutOfMemoryError and runtime exceptions count as crashes
                    crashed.add(path + " (" + e + ")");
                    outcome = "CRASHED: " + e;
                }
                long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
                maxMillis = Math.max(maxMillis, ms);
                if (ms > SLOW.toMillis()) {
                    slow.add(path + " (" + ms + " ms)");
                }
                if (declaresDtd && !refusedForDtd) {
                    notRefused.add(path + " -> " + outcome);
                }
                details.add(String.format(Locale.ROOT, "%6d ms  %s  %s", ms, path, outcome));
            }
        } finally {
            ProxySelector.setDefault(previous);
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
        return new Report(paths.size(), parsed, lenient, articles, notModified, rejected, crashed, slow, entityFiles, notRefused,
                canaryHits.get(), List.copyOf(outbound), maxMillis, Duration.ofNanos(System.nanoTime() - t0).toMillis(), details);
    }

    /** A DOCTYPE (other than HTML's) in the prolog, i.e. before any element start tag. */
    static boolean declaresDtd(String text) {
        Matcher doctype = Pattern.compile("<!DOCTYPE\\s+(?!html)", Pattern.CASE_INSENSITIVE).matcher(text);
        if (!doctype.find()) {
            return false;
        }
        Matcher element = Pattern.compile("<[A-Za-z]").matcher(text);
        return !element.find() || element.start() > doctype.start();
    }

    /** Groups reasons by their stable part: "feed is not well-formed XML: <parser detail>" by what precedes the detail. */
    static String group(String message) {
        if (message == null) {
            return "(no message)";
        }
        int colon = message.indexOf(": ");
        String head = colon > 0 ? message.substring(0, colon) : message;
        return head.replaceAll("'[^']*'", "'…'");
    }

    private static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/-._~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    private static void serve(HttpExchange ex, Path corpus, String base, Map<String, String> canaries,
                              AtomicInteger canaryHits) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().substring(1);
            if (path.startsWith("xxe-canary")) {
                canaryHits.incrementAndGet();
                send(ex, 200, "text/plain", "canary".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.contains("/-/return-304")) {
                ex.sendResponseHeaders(304, -1);
                return;
            }
            byte[] body;
            if (canaries.containsKey(path)) {
                body = canaries.get(path).getBytes(StandardCharsets.UTF_8);
            } else {
                Path file = corpus.resolve(path).normalize();
                if (!file.startsWith(corpus) || !Files.isRegularFile(file)) {
                    send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                body = Files.readAllBytes(file);
            }
            String head = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.ISO_8859_1);
            int status = 200;
            String contentType = null;
            Matcher m = HEADER.matcher(head);
            while (m.find()) {
                String name = m.group(1);
                String value = m.group(2);
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "content-type" -> contentType = value;
                    case "status" -> status = Integer.parseInt(value.strip());
                    case "location" -> {
                        int tests = path.indexOf("tests/");
                        String prefix = tests < 0 ? "" : path.substring(0, tests);
                        ex.getResponseHeaders().add("Location", value.replaceFirst("^https?://(localhost|127\\.0\\.0\\.1):8097/", base + "/" + prefix));
                    }
                    default -> ex.getResponseHeaders().add(name, value);
                }
            }
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".gz")) {
                ex.getResponseHeaders().add("Content-Encoding", "gzip");
            } else if (lower.endsWith(".z")) {
                ex.getResponseHeaders().add("Content-Encoding", "deflate");
            }
            if (contentType == null) {
                contentType = lower.endsWith(".json") ? "application/feed+json" : lower.endsWith(".html") ? "text/html"
                        : lower.endsWith(".md") || lower.endsWith(".output") ? "text/plain" : "application/xml";
            }
            send(ex, status, contentType, status >= 300 && status < 400 || status == 404 ? new byte[0] : body);
        } catch (RuntimeException e) {
            ex.sendResponseHeaders(500, -1);
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
