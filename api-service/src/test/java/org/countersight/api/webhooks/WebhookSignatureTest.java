package org.countersight.api.webhooks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signature header: its exact form, and the receiver's check with a replay window. */
class WebhookSignatureTest {

    static final String SECRET = "a-long-enough-shared-secret";
    static final byte[] BODY = "{\"type\":\"alert\",\"deliveryId\":\"d1\"}".getBytes(StandardCharsets.UTF_8);
    static final long T = 1_767_225_600L; // 2026-01-01T00:00:00Z

    @Test
    void headerIsTimestampAndHmacOfTimestampDotBody() {
        // expected value computed outside Java:
        // printf '%s' '1767225600.{"type":"alert","deliveryId":"d1"}' | openssl dgst -sha256 -hmac 'a-long-enough-shared-secret'
        assertEquals("t=1767225600,v1=3babcd5eb5655bb0dcac2ae953a2fa97073bd80754dc3f6d7f619cf2354e5c52",
                WebhookSignature.sign(SECRET, T, BODY));
    }

    @Test
    void aFreshSignatureVerifiesWithinTheToleranceWindow() {
        String header = WebhookSignature.sign(SECRET, T, BODY);
        assertTrue(WebhookSignature.verify(header, SECRET, BODY, T, 300));
        assertTrue(WebhookSignature.verify(header, SECRET, BODY, T + 299, 300), "a few minutes of clock skew or queueing");
        assertTrue(WebhookSignature.verify(header, SECRET, BODY, T - 60, 300), "a receiver clock behind the sender's");
    }

    @Test
    void aReplayedDeliveryOutsideTheWindowIsRefused() {
        String recorded = WebhookSignature.sign(SECRET, T, BODY);
        assertFalse(WebhookSignature.verify(recorded, SECRET, BODY, T + 301, 300));
        assertFalse(WebhookSignature.verify(recorded, SECRET, BODY, T + 86_400, 300));
    }

    @Test
    void aChangedTimestampBodyOrSecretIsRefused() {
        String header = WebhookSignature.sign(SECRET, T, BODY);
        String movedTimestamp = header.replace("t=" + T, "t=" + (T + 3600)); // an attacker refreshing t keeps the old HMAC
        assertFalse(WebhookSignature.verify(movedTimestamp, SECRET, BODY, T + 3600, 300));
        assertFalse(WebhookSignature.verify(header, SECRET, "{\"type\":\"alert\"}".getBytes(StandardCharsets.UTF_8), T, 300));
        assertFalse(WebhookSignature.verify(header, "another-long-enough-secret", BODY, T, 300));
    }

    @Test
    void malformedHeadersAreRefused() {
        for (String header : new String[] {null, "", "sha256=abc", "t=,v1=00", "t=abc,v1=00", "t=" + T, "v1=00",
                "t=" + T + ",v1=zz", "t=" + T + ",v1="}) {
            assertFalse(WebhookSignature.verify(header, SECRET, BODY, T, 300), String.valueOf(header));
        }
    }
}
