package org.countersight.ingest.fetch;

import org.countersight.events.SourceStatus;
import org.countersight.events.UrlSafety;
import org.countersight.ingest.config.Settings.FetchSettings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLException;

/**
 * Fetches one feed URL with a conditional GET. Hostile-server limits: every URL (the first and every
 * redirect hop) passes {@link UrlSafety#check}; redirects are followed by hand, at most
 * {@code maxRedirects}; a connect timeout, a per-hop response timeout, a total deadline over all hops and
 * the whole body (cuts off slow drips), and a byte cap counted while reading and again after decompression.
 */
public final class FeedFetcher {

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"), Map.entry(410, "Gone"), Map.entry(429, "Too Many Requests"),
            Map.entry(451, "Unavailable For Legal Reasons"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    private final FetchSettings settings;
    private final HttpClient client;

    public FeedFetcher(FetchSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
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
                uri = UrlSafety.check(current, settings.allowPrivateNetworks());
            } catch (UrlSafety.UnsafeUrlException e) {
                throw new FetchException(hop == 0 ? e.getMessage()
                        : "redirect to " + current + " refused: " + e.getMessage(), null);
            }
            long remaining = deadlineAt - System.nanoTime();
            if (remaining <= 0) {
                throw deadlineExceeded();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .GET()
                    .timeout(min(settings.readTimeout(), Duration.ofNanos(remaining)))
                    .header("User-Agent", settings.userAgent())
                    .header("Accept", "application/rss+xml, application/atom+xml, application/rdf+xml, "
                            + "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
                    .header("Accept-Encoding", "gzip, deflate");
            if (etag != null && !etag.isBlank()) {
                request.header("If-None-Match", etag);
            }
            if (lastModified != null && !lastModified.isBlank()) {
                request.header("If-Modified-Since", lastModified);
            }
            HttpResponse<byte[]> response = send(request.build(), deadlineAt);
            int status = response.statusCode();
            if (isRedirect(status)) {
                String location = response.headers().firstValue("Location").orElse(null);
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
            String newEtag = response.headers().firstValue("ETag").orElse(null);
            String newLastModified = response.headers().firstValue("Last-Modified").orElse(null);
            if (status == 304) {
                return new FetchResult.NotModified(uri, newEtag != null ? newEtag : etag,
                        newLastModified != null ? newLastModified : lastModified);
            }
            if (status < 200 || status >= 300) {
                throw new FetchException(statusText(status), status);
            }
            byte[] body = decode(response.body(), response.headers().firstValue("Content-Encoding").orElse(null), status);
            return new FetchResult.Fetched(status, uri, body, response.headers().firstValue("Content-Type").orElse(null),
                    newEtag, newLastModified, hop);
        }
    }

    public static String statusText(int status) {
        String reason = REASONS.get(status);
        return "HTTP " + status + (reason == null ? "" : " " + reason);
    }

    private HttpResponse<byte[]> send(HttpRequest request, long deadlineAt) throws FetchException {
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info ->
                isRedirect(info.statusCode()) || info.statusCode() == 304 || info.statusCode() >= 400
                        ? HttpResponse.BodySubscribers.replacing(new byte[0])
                        : new CappedBodySubscriber(settings.maxBytes()));
        try {
            return future.get(Math.max(1, deadlineAt - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw deadlineExceeded();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted", null);
        } catch (CancellationException e) {
            throw new FetchException("cancelled", null);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), request.uri());
        }
    }

    private FetchException translate(Throwable error, URI uri) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CappedBodySubscriber.BodyTooLargeException) {
                return new FetchException(t.getMessage(), null);
            }
            if (t instanceof HttpConnectTimeoutException) {
                return new FetchException("could not connect to " + uri.getHost() + " within "
                        + Durations.human(settings.connectTimeout()), null, SourceStatus.Failure.CONNECT_TIMEOUT);
            }
            if (t instanceof HttpTimeoutException) {
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
                return new FetchException("TLS error: " + t.getMessage(), null, SourceStatus.Failure.TLS);
            }
        }
        String message = error == null ? "unknown error" : error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        boolean reset = message.toLowerCase(Locale.ROOT).contains("reset");
        return new FetchException("network error: " + message, null,
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

    private static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.isZero() || m.isNegative() ? Duration.ofMillis(1) : m;
    }
}
