package org.countersight.events;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CanonicalUrlTest {

    @Test
    void lowercasesSchemeAndHostButNotPath() {
        assertEquals("https://example.org/News/Item-1", CanonicalUrl.canonicalize("HTTPS://Example.ORG/News/Item-1"));
    }

    @Test
    void dropsFragment() {
        assertEquals("https://example.org/a", CanonicalUrl.canonicalize("https://example.org/a#comments"));
    }

    @Test
    void dropsDefaultPortsOnly() {
        assertEquals("http://example.org/a", CanonicalUrl.canonicalize("http://example.org:80/a"));
        assertEquals("https://example.org/a", CanonicalUrl.canonicalize("https://example.org:443/a"));
        assertEquals("https://example.org:8443/a", CanonicalUrl.canonicalize("https://example.org:8443/a"));
        assertEquals("http://example.org:443/a", CanonicalUrl.canonicalize("http://example.org:443/a"));
    }

    @Test
    void removesTrackingParameters() {
        assertEquals("https://example.org/a?id=7",
                CanonicalUrl.canonicalize("https://example.org/a?utm_source=rss&id=7&utm_Medium=feed&fbclid=XyZ&gclid=1"));
        assertEquals("https://example.org/a", CanonicalUrl.canonicalize("https://example.org/a?utm_campaign=x"));
    }

    @Test
    void sortsRemainingParameters() {
        assertEquals("https://example.org/a?a=2&b=1&c=3", CanonicalUrl.canonicalize("https://example.org/a?c=3&b=1&a=2"));
        assertEquals("https://example.org/a?k=1&k=2", CanonicalUrl.canonicalize("https://example.org/a?k=2&k=1"));
    }

    @Test
    void emptyPathBecomesSlash() {
        assertEquals("https://example.org/", CanonicalUrl.canonicalize("https://example.org"));
    }

    @Test
    void variantsOfOneArticleShareOneId() {
        String id = ArticleIds.fromUrl("https://example.org/news/123?b=2&a=1");
        assertEquals(id, ArticleIds.fromUrl("HTTPS://EXAMPLE.org:443/news/123?a=1&utm_source=x&b=2#top"));
        assertEquals(32, id.length());
        assertEquals(id.toLowerCase(), id);
    }

    @Test
    void articleIdIsFirst16BytesOfSha256OfCanonicalUrl() {
        // printf 'https://example.org/' | sha256sum | cut -c1-32
        assertEquals("8198d1bac40a1033653a78e48800cefc", ArticleIds.fromUrl("https://EXAMPLE.org"));
    }

    @Test
    void rejectsNonHttpAndGarbage() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.canonicalize("ftp://example.org/a"));
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.canonicalize("javascript:alert(1)"));
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.canonicalize("http://"));
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.canonicalize(" "));
        assertThrows(IllegalArgumentException.class, () -> CanonicalUrl.canonicalize("http://exa mple.org/"));
    }
}
