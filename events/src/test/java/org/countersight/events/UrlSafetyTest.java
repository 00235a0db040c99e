package org.countersight.events;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UrlSafetyTest {

    private static UrlSafety.Resolver resolvesTo(String ip) {
        return host -> List.of(InetAddress.getByName(ip));
    }

    @Test
    void publicAddressIsAllowed() {
        assertDoesNotThrow(() -> UrlSafety.check("https://news.example/feed", false, resolvesTo("93.184.216.34")));
    }

    @Test
    void privateLoopbackLinkLocalAndFriendsAreRefused() {
        for (String ip : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
                "224.0.0.1", "100.64.0.1", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::")) {
            var e = assertThrows(UrlSafety.UnsafeUrlException.class,
                    () -> UrlSafety.check("http://host.example/", false, resolvesTo(ip)), ip);
            assertTrue(e.getMessage().contains("private networks are not allowed"), e.getMessage());
        }
    }

    @Test
    void literalLoopbackInUrlIsRefusedWithSystemResolver() {
        assertThrows(UrlSafety.UnsafeUrlException.class, () -> UrlSafety.check("http://127.0.0.1:8080/x", false));
        assertThrows(UrlSafety.UnsafeUrlException.class, () -> UrlSafety.check("http://[::1]/x", false));
    }

    @Test
    void operatorMayAllowPrivateNetworks() {
        assertDoesNotThrow(() -> UrlSafety.check("http://127.0.0.1:8080/x", true));
    }

    @Test
    void nonHttpSchemesAndCredentialsAreRefused() {
        assertThrows(UrlSafety.UnsafeUrlException.class, () -> UrlSafety.check("file:///etc/passwd", true));
        assertThrows(UrlSafety.UnsafeUrlException.class, () -> UrlSafety.check("gopher://x.example/", true));
        assertThrows(UrlSafety.UnsafeUrlException.class, () -> UrlSafety.check("http://user:pw@x.example/", true));
        assertThrows(UrlSafety.UnsafeUrlException.class, () -> UrlSafety.check("not a url", true));
    }
}
