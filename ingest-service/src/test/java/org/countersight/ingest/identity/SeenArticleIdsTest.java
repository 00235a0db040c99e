package org.countersight.ingest.identity;

import org.countersight.events.ArticleIds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeenArticleIdsTest {

    @Test
    void remembersEveryIdThroughGrowthAndNothingElse() {
        SeenArticleIds seen = new SeenArticleIds(16);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            ids.add(ArticleIds.fromUrl("https://example.org/article/" + i));
        }
        for (String id : ids) {
            assertTrue(seen.add(id));
        }
        assertEquals(ids.size(), seen.size());
        for (String id : ids) {
            assertTrue(seen.contains(id));
            assertFalse(seen.add(id), "second add is not new");
        }
        for (int i = 0; i < 10_000; i++) {
            assertFalse(seen.contains(ArticleIds.fromUrl("https://example.org/other/" + i)));
        }
        assertEquals(ids.size(), seen.size());
        // at most 17 bytes per slot at a load between 0.3 and 0.6
        assertTrue(seen.tableBytes() <= ids.size() * 17L / 0.3, "table bytes " + seen.tableBytes());
    }

    @Test
    void allZeroAndOddKeysWork() {
        SeenArticleIds seen = new SeenArticleIds();
        String zero = "0".repeat(32);
        assertFalse(seen.contains(zero));
        assertTrue(seen.add(zero));
        assertTrue(seen.contains(zero));
        assertTrue(seen.add("not-an-article-id"));
        assertTrue(seen.contains("not-an-article-id"));
        assertFalse(seen.contains("ABCDEF0123456789ABCDEF0123456789"), "upper case is not an articleId");
        assertEquals(2, seen.size());
    }
}
