package org.countersight.api.webhooks;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.countersight.api.config.CountersightConfig;
import org.countersight.events.UrlSafety;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outbound webhook calls under the production defaults of the %test profile (private networks refused, https only),
 * against a real TCP server on loopback that counts every connection made to it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class WebhookSenderGuardTest {

    static final byte[] BODY = "{\"type\":\"alert\"}".getBytes(StandardCharsets.UTF_8);

    @Inject
    CountersightConfig config;

    ServerSocket internal;
    final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void startInternalServer() throws IOException {
        internal = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!internal.isClosed()) {
                try (Socket s = internal.accept()) {
                    connections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "internal-server");
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stop() throws IOException {
        internal.close();
    }

    @Test
    void aRebindingSubscriberHostIsNeverConnectedOnItsInternalAnswer() {
        // "localhost" answers a public address to the first DNS question and loopback (this server) to later ones;
        // a client that asked again to connect would reach the internal server
        AtomicInteger questions = new AtomicInteger();
        UrlSafety.Resolver rebinding = host -> List.of(InetAddress.getByName(
                questions.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1"));
        WebhookSender sender = new WebhookSender(config, rebinding);
        WebhookSender.Result r = sender.send("https://localhost:" + internal.getLocalPort() + "/hook",
                "a-long-enough-shared-secret", "d1", 1, BODY);
        assertFalse(r.delivered(), String.valueOf(r));
        assertNull(r.status());
        assertEquals(0, connections.get(), "no connection to the internal address: " + r.error());
        assertEquals(1, questions.get(), "one DNS question; the connection used its (checked) answer");
        assertFalse(r.error().contains("93.184.216.34") || r.error().contains("127.0.0.1"), r.error());
    }

    @Test
    void aSubscriberThatResolvesToAnInternalAddressIsRefusedWithoutShowingIt() {
        WebhookSender sender = new WebhookSender(config, host -> List.of(InetAddress.getByName("127.0.0.1")));
        WebhookSender.Result r = sender.send("https://hooks.example.org:" + internal.getLocalPort() + "/hook",
                "a-long-enough-shared-secret", "d2", 1, BODY);
        assertTrue(r.error().startsWith("URL refused: address not allowed (loopback)"), r.error());
        assertFalse(r.error().contains("127.0.0.1"), r.error());
        assertEquals(0, connections.get());
    }

    @Test
    void plainHttpSubscribersAreRefusedOutsideTheDemo() {
        WebhookSender sender = new WebhookSender(config, UrlSafety.SYSTEM_RESOLVER);
        WebhookSender.Result r = sender.send("http://198.51.100.9/hook", "a-long-enough-shared-secret", "d3", 1, BODY);
        assertTrue(r.error().startsWith("URL refused: only https subscriber URLs are accepted"), r.error());
    }
}
