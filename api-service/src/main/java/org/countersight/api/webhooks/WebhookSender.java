package org.countersight.api.webhooks;

import jakarta.enterprise.context.ApplicationScoped;
import org.countersight.api.config.CountersightConfig;
import org.countersight.events.UrlSafety;
import org.eclipse.microprofile.faulttolerance.Timeout;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * Makes one outbound webhook call. The URL is checked again before every attempt (DNS may have changed since
 * the subscription was accepted), redirects are not followed, the connection and the wait for the response are
 * bounded by {@code countersight.webhooks.timeout}, and the response body is not read. A {@link Timeout} guards
 * the whole call (name resolution included). Concurrent calls are capped by the dispatcher's worker pool
 * ({@code countersight.webhooks.concurrency}), the only caller. Retries are not done here: they are scheduled
 * durably by {@link WebhookDispatcher}.
 */
@ApplicationScoped
public class WebhookSender {

    public static final String SIGNATURE_HEADER = "X-Countersight-Signature";
    public static final String DELIVERY_HEADER = "X-Countersight-Delivery";
    public static final String ATTEMPT_HEADER = "X-Countersight-Attempt";
    public static final String EVENT_HEADER = "X-Countersight-Event";

    /** The outcome of one attempt: an HTTP status, or an error without one. */
    public record Result(Integer status, String error) {
        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final boolean allowPrivate;

    public WebhookSender(CountersightConfig config) {
        this.timeout = config.webhooks().timeout();
        this.allowPrivate = config.fetch().allowPrivateNetworks();
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** HMAC-SHA256 of the body with the secret, as {@code sha256=<lowercase hex>}. */
    public static String signature(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }

    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    public Result send(String url, String secret, String deliveryId, int attempt, byte[] body) {
        URI uri;
        try {
            uri = UrlSafety.check(url, allowPrivate);
        } catch (UrlSafety.UnsafeUrlException e) {
            return new Result(null, "URL refused: " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Countersight-Webhooks/1")
                .header(SIGNATURE_HEADER, signature(body, secret))
                .header(DELIVERY_HEADER, deliveryId)
                .header(ATTEMPT_HEADER, Integer.toString(attempt))
                .header(EVENT_HEADER, "alert")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close(); // the receiver's answer is not needed, and it is not read into memory
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Result(status, null);
            }
            if (status >= 300 && status < 400) {
                return new Result(status, "HTTP " + status + ": redirects are not followed; register the final URL");
            }
            return new Result(status, "HTTP " + status);
        } catch (HttpTimeoutException e) {
            return new Result(null, "no answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted");
        } catch (Exception e) {
            String m = e.getMessage();
            return new Result(null, e.getClass().getSimpleName() + (m == null ? "" : ": " + m));
        }
    }
}
