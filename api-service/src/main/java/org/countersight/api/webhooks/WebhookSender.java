package org.countersight.api.webhooks;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.countersight.api.config.AddressPolicies;
import org.countersight.api.config.CountersightConfig;
import org.countersight.events.AddressGuard;
import org.countersight.events.UrlSafety;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes one outbound webhook call. The URL's form is checked before every attempt and the host is resolved through
 * an {@link AddressGuard} when connecting: one DNS question, every answer checked, the socket opened to exactly those
 * addresses (TLS and Host keep the name), so DNS rebinding cannot turn a subscriber into an internal address.
 * {@code http://} URLs are refused unless {@code countersight.webhooks.allow-http}. Redirects are not followed, the
 * connection and the wait for the response are bounded by {@code countersight.webhooks.timeout} (and the whole call
 * by twice that), and the response body is not read. Each attempt is signed anew ({@link WebhookSignature}: a fresh
 * timestamp). Concurrent calls are capped by the dispatcher's worker pool ({@code countersight.webhooks.concurrency}),
 * the only caller. Retries are not done here: they are scheduled durably by {@link WebhookDispatcher}.
 */
@ApplicationScoped
public class WebhookSender {

    public static final String SIGNATURE_HEADER = WebhookSignature.HEADER;
    public static final String DELIVERY_HEADER = "X-Countersight-Delivery";
    public static final String ATTEMPT_HEADER = "X-Countersight-Attempt";
    public static final String EVENT_HEADER = "X-Countersight-Event";

    /** Aborts calls past their deadline (a blocking socket read ignores interrupts). */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-deadline-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** The outcome of one attempt: an HTTP status, or an error without one. */
    public record Result(Integer status, String error) {
        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final CloseableHttpClient http;
    private final Duration timeout;
    private final boolean allowHttp;

    @Inject
    public WebhookSender(CountersightConfig config) {
        this(config, UrlSafety.SYSTEM_RESOLVER);
    }

    /** @param resolver answers the guard's one DNS question per connection (tests inject one) */
    public WebhookSender(CountersightConfig config, UrlSafety.Resolver resolver) {
        this.timeout = config.webhooks().timeout();
        this.allowHttp = config.webhooks().allowHttp();
        Timeout t = Timeout.ofMilliseconds(Math.max(1, timeout.toMillis()));
        AddressGuard guard = new AddressGuard(AddressPolicies.of(config), resolver);
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        // the guard answers the one DNS question; the canonical-name lookup is only for Kerberos (off)
                        .setDnsResolver(new SystemDefaultDnsResolver() {
                            @Override
                            public InetAddress[] resolve(String host) throws UnknownHostException {
                                return guard.resolve(host);
                            }
                        })
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build())
                        .setMaxConnTotal(Math.max(16, config.webhooks().concurrency() * 2))
                        .setMaxConnPerRoute(Math.max(2, config.webhooks().concurrency()))
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setContentCompressionEnabled(false)
                        .setProtocolUpgradeEnabled(false)
                        .setAuthenticationEnabled(false)
                        .setExpectContinueEnabled(false)
                        .setHardCancellationEnabled(true)
                        .setConnectionRequestTimeout(t)
                        .setResponseTimeout(t)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    @PreDestroy
    void close() {
        try {
            http.close();
        } catch (IOException e) {
            // shutting down: nothing left to do with the connections
        }
    }

    @org.eclipse.microprofile.faulttolerance.Timeout(value = 60, unit = ChronoUnit.SECONDS)
    public Result send(String url, String secret, String deliveryId, int attempt, byte[] body) {
        URI uri;
        try {
            uri = UrlSafety.checkForm(url);
        } catch (UrlSafety.UnsafeUrlException e) {
            return new Result(null, "URL refused: " + e.getMessage());
        }
        if (!SubscriberUrls.schemeAllowed(uri, allowHttp)) {
            return new Result(null, "URL refused: " + SubscriberUrls.HTTPS_ONLY);
        }
        HttpPost request = new HttpPost(uri);
        request.setHeader("User-Agent", "Countersight-Webhooks/1");
        request.setHeader(SIGNATURE_HEADER, WebhookSignature.sign(secret, Instant.now().getEpochSecond(), body));
        request.setHeader(DELIVERY_HEADER, deliveryId);
        request.setHeader(ATTEMPT_HEADER, Integer.toString(attempt));
        request.setHeader(EVENT_HEADER, "alert");
        request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watch = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            request.cancel();
        }, timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        ClassicHttpResponse response = null;
        try {
            response = http.executeOpen(null, request, null);
            int status = response.getCode();
            request.cancel(); // the receiver's answer is not needed, and it is neither read nor drained
            if (status >= 200 && status < 300) {
                return new Result(status, null);
            }
            if (status >= 300 && status < 400) {
                return new Result(status, "HTTP " + status + ": redirects are not followed; register the final URL");
            }
            return new Result(status, "HTTP " + status);
        } catch (IOException e) {
            if (timedOut.get()) {
                return new Result(null, "no answer within " + timeout.multipliedBy(2).toSeconds() + " s");
            }
            return new Result(null, describe(e, uri));
        } finally {
            watch.cancel(false);
            if (response != null) {
                try {
                    response.close();
                } catch (IOException | RuntimeException e) {
                    // the outcome is decided; the connection is simply not reused
                }
            }
        }
    }

    /** The error in words; addresses the host resolved to never appear (they may be internal). */
    private String describe(IOException error, URI uri) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AddressGuard.AddressRefusedException refused) {
                return "URL refused: " + refused.getMessage();
            }
            if (t instanceof ConnectTimeoutException) {
                return "could not connect to " + uri.getHost() + " within " + timeout.toSeconds() + " s";
            }
            if (t instanceof SocketTimeoutException) {
                return "no answer within " + timeout.toSeconds() + " s";
            }
            if (t instanceof ConnectException) {
                return "connection refused by " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            }
            if (t instanceof UnknownHostException) {
                return "host '" + uri.getHost() + "' does not resolve";
            }
        }
        String m = error.getMessage();
        return error.getClass().getSimpleName() + (m == null ? "" : ": " + UrlSafety.withoutAddresses(m, uri.getHost()));
    }
}
