package org.countersight.ingest.fulltext;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArticleExtractorTest {

    private static final String STORY = "The city council approved four hundred new street cameras for the old market district on Tuesday.";
    private static final String MORE = "Council members said the cameras would be linked to a new police control room, opening next spring.";

    private static String page(String containerMarks) {
        return "<html><body><div class=\"nav-menu\"><a href=\"/\">Home</a></div>"
                + "<div " + containerMarks + "><p>" + STORY + "</p><p>" + MORE + "</p>"
                + "<div class=\"share-buttons\"><p>Share this story with your friends on every network you use, please.</p></div>"
                + "</div>"
                + "<div id=\"comments\"><p>A reader wrote a long comment here that is not part of the article at all.</p></div>"
                + "<div class=\"related-links\"><p>Related: another story about cameras somewhere else in the country.</p></div>"
                + "</body></html>";
    }

    @Test
    void aStoryContainerThatAlsoSaysShareKeepsItsText() {
        String text = new ArticleExtractor().extract(Jsoup.parse(page("class=\"story-body share-bar\""))).text();
        assertNotNull(text, "the article was removed as boilerplate");
        assertTrue(text.startsWith(STORY), text);
        assertTrue(text.contains(MORE), text);
    }

    @Test
    void shareCommentAndRelatedBlocksAroundTheArticleStillGo() {
        for (String marks : new String[]{"class=\"story-body share-bar\"", "id=\"main-content\"", "class=\"text\""}) {
            String text = new ArticleExtractor().extract(Jsoup.parse(page(marks))).text();
            assertEquals(STORY + "\n\n" + MORE, text, marks);
            assertFalse(text.contains("reader wrote"), marks);
            assertFalse(text.contains("Related:"), marks);
            assertFalse(text.contains("Share this story"), marks);
        }
    }
}
