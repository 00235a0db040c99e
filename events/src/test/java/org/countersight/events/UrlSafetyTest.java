package org.countersight.events;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UrlSafetyTest {

    private static UrlSafety.Resolver resolvesTo(String... ips) {
        return host -> {
            List<InetAddress> out = new java.util.ArrayList<>();
            for (String ip : ips) {
                out.add(InetAddress.getByName(ip));
            }
            return out;
        };
    }

    @Test
    void publicAddressIsAllowed() {
        for (String ip : List.of("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "192.0.1.1", "198.17.255.255",
                "198.20.0.1", "203.0.114.1", "239.255.255.255".replace("239", "223"), "64:ff9b::808:808", "2002:808:808::1")) {
            assertDoesNotThrow(() -> UrlSafety.check("https://news.example/feed", false, resolvesTo(ip)), ip);
        }
    }

    @Test
    void privateLoopbackLinkLocalAndFriendsAreRefused() {
        for (String ip : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
                "224.0.0.1", "100.64.0.1", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::")) {
            assertRefused(ip);
        }
    }

    @Test
    void specialPurposeIpv4RangesAreRefused() {
        for (String ip : List.of(
                "192.0.0.1", "192.0.0.170",                       // IETF protocol assignments 192.0.0.0/24
                "198.18.0.1", "198.19.255.254",                   // benchmarking 198.18.0.0/15
                "192.0.2.10", "198.51.100.7", "203.0.113.200",    // TEST-NET-1, -2, -3
                "240.0.0.1", "250.1.2.3", "255.255.255.255",      // reserved 240/4 and broadcast
                "224.0.0.251", "239.255.255.250",                 // multicast
                "192.88.99.1")) {                                 // 6to4 relay anycast
            assertRefused(ip);
        }
    }

    @Test
    void ipv6FormsThatEmbedAnInternalIpv4AreRefused() {
        for (String ip : List.of(
                "::ffff:169.254.169.254",          // IPv4-mapped
                "::127.0.0.1", "::10.0.0.1",       // IPv4-compatible
                "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::a9fe:a9fe", // NAT64 well-known prefix
                "64:ff9b:1:7f00:0:100::",          // NAT64 local-use /48 carrying 127.0.0.1
                "2002:7f00:1::1", "2002:a00:1::",  // 6to4 of 127.0.0.1 and 10.0.0.1
                "2001:0:4136:e378:8000:63bf:80ff:fffe", // Teredo, client 127.0.0.1 (inverted in the last 32 bits)
                "2001:0:a00:1::1")) {              // Teredo with a private server address
            assertRefused(ip);
        }
    }

    @Test
    void ipv6LocalRangesAreRefused() {
        for (String ip : List.of("fc00::1", "fdff:ffff::1", "fe80::1", "febf::1", "fec0::1", "feff::1", "ff02::1",
                "2001:db8::1", "100::1")) {
            assertRefused(ip);
        }
    }

    @Test
    void aHostWithOnePrivateAddressAmongPublicOnesIsRefused() {
        assertThrows(UrlSafety.UnsafeUrlException.class,
                () -> UrlSafety.check("http://host.example/", false, resolvesTo("93.184.216.34", "10.0.0.8")));
    }

    @Test
    void refusalNamesTheKindOfNetworkButNeverTheResolvedAddress() {
        var e = assertThrows(UrlSafety.UnsafeUrlException.class,
                () -> UrlSafety.check("http://intranet.example/", false, resolvesTo("10.20.30.40")));
        assertTrue(e.getMessage().startsWith("address not allowed (private network): host 'intranet.example'"), e.getMessage());
        assertFalse(e.getMessage().contains("10.20.30.40"), e.getMessage());
        var mapped = assertThrows(UrlSafety.UnsafeUrlException.class,
                () -> UrlSafety.check("http://intranet.example/", false, resolvesTo("64:ff9b::a14:1e28")));
        assertTrue(mapped.getMessage().contains("private network, in an NAT64 64:ff9b::/96 address"), mapped.getMessage());
        assertFalse(mapped.getMessage().contains("a14:1e28"), mapped.getMessage());
    }

    @Test
    void anOperatorMayAllowOneNetworkWithoutOpeningTheRest() throws Exception {
        var policy = new UrlSafety.AddressPolicy(false, List.of("127.0.0.1/32", "fd00:1::/32"));
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")),
                UrlSafety.checkedAddresses("feed.local", policy, resolvesTo("127.0.0.1")));
        assertDoesNotThrow(() -> UrlSafety.checkedAddresses("feed.local", policy, resolvesTo("fd00:1:2::3")));
        assertThrows(UrlSafety.UnsafeUrlException.class, () -> UrlSafety.checkedAddresses("x.local", policy, resolvesTo("127.0.0.2")));
        assertThrows(UrlSafety.UnsafeUrlException.class, () -> UrlSafety.checkedAddresses("x.local", policy, resolvesTo("10.0.0.1")));
        assertThrows(IllegalArgumentException.class, () -> new UrlSafety.AddressPolicy(false, List.of("intranet/8")));
        assertThrows(IllegalArgumentException.class, () -> new UrlSafety.AddressPolicy(false, List.of("10.0.0.0/33")));
    }

    @Test
    void theGuardResolvesOnceAndReturnsExactlyTheCheckedAddresses() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        // a rebinding name: public to the first question, loopback to every later one
        UrlSafety.Resolver rebinding = host -> List.of(InetAddress.getByName(calls.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1"));
        AddressGuard guard = new AddressGuard(UrlSafety.AddressPolicy.PUBLIC_ONLY, rebinding);
        assertArrayEquals(new InetAddress[] {InetAddress.getByName("93.184.216.34")}, guard.resolve("rebind.example"));
        assertEquals(1, calls.get(), "one question per connection");
        var e = assertThrows(AddressGuard.AddressRefusedException.class, () -> guard.resolve("rebind.example"));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        assertThrows(UnknownHostException.class, () -> new AddressGuard(UrlSafety.AddressPolicy.PUBLIC_ONLY,
                host -> { throw new UnknownHostException(host); }).resolve("nowhere.example"));
    }

    @Test
    void errorTextsLoseTheirAddressesButKeepTheHostTheUserGave() {
        assertEquals("Connect to http://feed.example:80 [feed.example/<address>] failed: Connection refused",
                UrlSafety.withoutAddresses("Connect to http://feed.example:80 [feed.example/10.0.0.5] failed: Connection refused",
                        "feed.example"));
        assertEquals("Connect to http://10.0.0.5:80 [/10.0.0.5] failed", // the user's own literal stays
                UrlSafety.withoutAddresses("Connect to http://10.0.0.5:80 [/10.0.0.5] failed", "10.0.0.5"));
        assertFalse(UrlSafety.withoutAddresses("to [feed.example/fd00:0:0:0:0:0:0:7]", "feed.example").contains("fd00"));
        assertNull(UrlSafety.withoutAddresses(null, "x"));
    }

    @Test
    void literalLoopbackInUrlIsRefusedWithSystemResolver() {
        assertThrows(UrlSafety.UnsafeUrlException.class, () -> UrlSafety.check("http://127.0.0.1:8080/x", false));
        assertThrows(UrlSafety.UnsafeUrlException.class, () -> UrlSafety.check("http://[::1]/x", false));
        assertThrows(UrlSafety.UnsafeUrlException.class, () -> UrlSafety.check("http://[::ffff:7f00:1]/x", false));
        assertThrows(UrlSafety.UnsafeUrlException.class, () -> UrlSafety.check("http://[64:ff9b::a9fe:a9fe]/x", false));
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

    private static void assertRefused(String ip) {
        var e = assertThrows(UrlSafety.UnsafeUrlException.class,
                () -> UrlSafety.check("http://host.example/", false, resolvesTo(ip)), ip);
        assertTrue(e.getMessage().contains("private networks are not allowed"), e.getMessage());
        assertTrue(e.getMessage().startsWith("address not allowed ("), e.getMessage());
    }
}
