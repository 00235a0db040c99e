package org.countersight.ingest.fetch;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;
import org.countersight.events.AddressGuard;
import org.countersight.events.SourceStatus;
import org.countersight.events.UrlSafety;
import org.countersight.ingest.config.Settings.FetchSettings;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLException;

/**
 * Fetches one feed URL (or an article page, or a robots.txt) with a conditional GET. Hostile-server limits: every
 * URL (the first and every redirect hop) passes {@link UrlSafety#checkForm}, and every connection resolves its
 * host through an {@link AddressGuard}: one DNS question, every answer checked, and the socket opened to exactly
 * those addresses (TLS SNI, certificate check and Host header keep the name), so a name that answers a public
 * address first and an internal one next (DNS rebinding) cannot reach the internal one. Redirects are followed by
 * hand, at most {@code maxRedirects}; a connect timeout, a per-hop response timeout, a total deadline over all hops
 * and the whole body (cuts off slow drips), and a byte cap counted while reading and again after decompression.
 */
public final class FeedFetcher {

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"), Map.entry(410, "Gone"), Map.entry(429, "Too Many Requests"),
            Map.entry(451, "Unavailable For Legal Reasons"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    /** Aborts fetches past their deadline or whose thread was interrupted (blocking sockets ignore interrupts). */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fetch-deadline-watchdog");
        t.setDaemon(true);
        return t;
    });
    private static final long WATCH_EVERY_MS = 100;

    private enum Abort { DEADLINE, INTERRUPTED, BODY_TOO_LARGE }

    private final FetchSettings settings;
    private final CloseableHttpClient client;

    public FeedFetcher(FetchSettings settings) {
        this(settings, UrlSafety.SYSTEM_RESOLVER);
    }

    /** @param resolver answers the guard's one DNS question per connection (tests inject one) */
    public FeedFetcher(FetchSettings settings, UrlSafety.Resolver resolver) {
        this.settings = settings;
        AddressGuard guard = new AddressGuard(settings.addressPolicy(), resolver);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        // the guard answers the one DNS question; the canonical-name lookup is only for Kerberos (off)
                        .setDnsResolver(new SystemDefaultDnsResolver() {
                            @Override
                            public InetAddress[] resolve(String host) throws UnknownHostException {
                                return guard.resolve(host);
                            }
                        })
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout(settings.connectTimeout()))
                                .setSocketTimeout(timeout(settings.readTimeout()))
                                .build())
                        .setMaxConnTotal(Math.max(16, settings.concurrency() * 4))
                        .setMaxConnPerRoute(Math.max(2, settings.concurrency()))
                        .build())
                .setDefaultRequestConfig(defaultConfig())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /**
     * @param etag         validator of the last good response (If-None-Match), or null
     * @param lastModified validator of the last good response (If-Modified-Since), or null
     */
    public FetchResult fetch(String url, String etag, String lastModified) throws FetchException {
        long deadlineAt = System.nanoTime() + settings.deadline().toNanos();
        String current = url;
        for (int hop = 0; ; hop++) {
            URI uri;
            try {
                uri = UrlSafety.checkForm(current);
            } catch (UrlSafety.UnsafeUrlException e) {
                throw refused(hop, current, e.getMessage());
            }
            long remaining = deadlineAt - System.nanoTime();
            if (remaining <= 0) {
                throw deadlineExceeded();
            }
            HttpGet request = new HttpGet(uri);
            request.setConfig(RequestConfig.copy(defaultConfig())
                    .setResponseTimeout(timeout(min(settings.readTimeout(), Duration.ofNanos(remaining))))
                    .build());
            request.setHeader("User-Agent", settings.userAgent());
            request.setHeader("Accept", "application/rss+xml, application/atom+xml, application/rdf+xml, "
                    + "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5");
            request.setHeader("Accept-Encoding", "gzip, deflate");
            if (etag != null && !etag.isBlank()) {
                request.setHeader("If-None-Match", etag);
            }
            if (lastModified != null && !lastModified.isBlank()) {
                request.setHeader("If-Modified-Since", lastModified);
            }
            AtomicReference<Abort> aborted = new AtomicReference<>();
            Thread caller = Thread.currentThread();
            ScheduledFuture<?> watch = WATCHDOG.scheduleWithFixedDelay(() -> {
                Abort why = System.nanoTime() - deadlineAt >= 0 ? Abort.DEADLINE : caller.isInterrupted() ? Abort.INTERRUPTED : null;
                if (why != null && aborted.compareAndSet(null, why)) {
                    request.cancel();
                }
            }, Math.min(WATCH_EVERY_MS, TimeUnit.NANOSECONDS.toMillis(remaining)), WATCH_EVERY_MS, TimeUnit.MILLISECONDS);
            ClassicHttpResponse response = null;
            try {
                response = client.executeOpen(null, request, null);
                int status = response.getCode();
                if (isRedirect(status)) {
                    request.cancel(); // the redirect's body is not read (nor drained to keep the connection)
                    String location = header(response, "Location");
                    if (location == null || location.isBlank()) {
                        throw new FetchException("HTTP " + status + " redirect without a Location header", status);
                    }
                    if (hop >= settings.maxRedirects()) {
                        throw new FetchException("too many redirects (more than " + settings.maxRedirects() + ")", status);
                    }
                    try {
                        current = uri.resolve(location.strip()).toString();
                    } catch (IllegalArgumentException e) {
                        throw new FetchException("HTTP " + status + " redirect to an invalid URL: " + location, status);
                    }
                    continue;
                }
                String newEtag = header(response, "ETag");
                String newLastModified = header(response, "Last-Modified");
                if (status == 304) {
                    request.cancel();
                    return new FetchResult.NotModified(uri, newEtag != null ? newEtag : etag,
                            newLastModified != null ? newLastModified : lastModified);
                }
                if (status < 200 || status >= 300) {
                    request.cancel();
                    throw new FetchException(statusText(status), status);
                }
                byte[] raw = readCapped(response.getEntity(), request, aborted);
                byte[] body = decode(raw, header(response, "Content-Encoding"), status);
                return new FetchResult.Fetched(status, uri, body, header(response, "Content-Type"),
                        newEtag, newLastModified, hop);
            } catch (IOException e) {
                Abort why = aborted.get();
                if (why == Abort.DEADLINE) {
                    throw deadlineExceeded();
                }
                if (why == Abort.INTERRUPTED) {
                    throw new FetchException("interrupted", null);
                }
                if (why == Abort.BODY_TOO_LARGE) {
                    throw new FetchException("response is larger than " + Durations.bytes(settings.maxBytes()), null);
                }
                FetchException translated = translate(e, uri);
                throw translated.getCause() instanceof AddressGuard.AddressRefusedException
                        ? refused(hop, current, translated.getMessage()) : translated;
            } finally {
                watch.cancel(false);
                closeQuietly(response);
            }
        }
    }

    private RequestConfig defaultConfig() {
        return RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setContentCompressionEnabled(false)
                .setProtocolUpgradeEnabled(false)
                .setAuthenticationEnabled(false)
                .setHardCancellationEnabled(true)
                .setConnectionRequestTimeout(timeout(settings.connectTimeout()))
                .build();
    }

    /** The body, counted while reading: past the cap the connection is dropped, so a huge body is never held. */
    private byte[] readCapped(HttpEntity entity, HttpGet request, AtomicReference<Abort> aborted) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        long limit = settings.maxBytes();
        if (entity.getContentLength() > limit) {
            aborted.compareAndSet(null, Abort.BODY_TOO_LARGE);
            request.cancel();
            throw new IOException("body too large");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long count = 0;
        try (InputStream in = entity.getContent()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                count += n;
                if (count > limit) {
                    aborted.compareAndSet(null, Abort.BODY_TOO_LARGE);
                    request.cancel();
                    throw new IOException("body too large");
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException | RuntimeException e) {
                // the result is decided; a failing close only means the connection is not reused
            }
        }
    }

    private static String header(ClassicHttpResponse response, String name) {
        Header h = response.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    private static FetchException refused(int hop, String url, String why) {
        return new FetchException(hop == 0 ? why : "redirect to " + url + " refused: " + why, null);
    }

    public static String statusText(int status) {
        String reason = REASONS.get(status);
        return "HTTP " + status + (reason == null ? "" : " " + reason);
    }

    /** Library errors in words a person can act on; resolved addresses never appear (they may be internal). */
    private FetchException translate(Throwable error, URI uri) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AddressGuard.AddressRefusedException refused) {
                return new FetchException(refused.getMessage(), null, refused);
            }
            if (t instanceof ConnectTimeoutException) {
                return new FetchException("could not connect to " + uri.getHost() + " within "
                        + Durations.human(settings.connectTimeout()), null, SourceStatus.Failure.CONNECT_TIMEOUT);
            }
            if (t instanceof SocketTimeoutException) {
                return new FetchException("timed out after " + Durations.human(settings.readTimeout())
                        + " waiting for a response", null, SourceStatus.Failure.READ_TIMEOUT);
            }
            if (t instanceof ConnectException) {
                return new FetchException("connection refused by " + uri.getHost()
                        + (uri.getPort() > 0 ? ":" + uri.getPort() : ""), null, SourceStatus.Failure.CONNECTION_REFUSED);
            }
            if (t instanceof UnknownHostException) {
                return new FetchException("host '" + uri.getHost() + "' does not resolve", null, SourceStatus.Failure.DNS);
            }
            if (t instanceof SSLException) {
                return new FetchException("TLS error: " + UrlSafety.withoutAddresses(t.getMessage(), uri.getHost()), null,
                        SourceStatus.Failure.TLS);
            }
        }
        String message = error == null ? "unknown error" : error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        boolean reset = message.toLowerCase(Locale.ROOT).contains("reset");
        return new FetchException("network error: " + UrlSafety.withoutAddresses(message, uri.getHost()), null,
                reset ? SourceStatus.Failure.CONNECTION_RESET : SourceStatus.Failure.NETWORK);
    }

    private FetchException deadlineExceeded() {
        return new FetchException("timed out after " + Durations.human(settings.deadline()) + " (total deadline for the fetch)", null, SourceStatus.Failure.READ_TIMEOUT);
    }

    private byte[] decode(byte[] body, String contentEncoding, int status) throws FetchException {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            // a .gz file served as is (no Content-Encoding): the gzip magic says so; same cap after decoding
            boolean gzipMagic = body.length > 2 && (body[0] & 0xFF) == 0x1F && (body[1] & 0xFF) == 0x8B;
            return gzipMagic ? decode(body, "gzip", status) : body;
        }
        String encoding = contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (encoding.equals("identity")) {
            return body;
        }
        try (InputStream in = switch (encoding) {
            case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
            default -> throw new FetchException("unsupported Content-Encoding '" + contentEncoding + "'", status);
        }) {
            byte[] decoded = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBytes() + 1));
            if (decoded.length > settings.maxBytes()) {
                throw new FetchException("response is larger than " + Durations.bytes(settings.maxBytes())
                        + " after " + encoding + " decompression", status);
            }
            return decoded;
        } catch (IOException e) {
            throw new FetchException("cannot decompress the " + encoding + " response: " + e.getMessage(), status);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static Timeout timeout(Duration d) {
        return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
    }

    private static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.isZero() || m.isNegative() ? Duration.ofMillis(1) : m;
    }
}
