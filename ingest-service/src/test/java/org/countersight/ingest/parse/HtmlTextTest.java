package org.countersight.ingest.parse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HtmlTextTest {

    @Test
    void keepsParagraphsAndLineBreaksDropsScripts() {
        assertEquals("Title\n\nFirst line\nsecond line\n\nA list item\n\nAnother",
                HtmlText.toText("<h2>Title</h2><p>First line<br>second   line</p><style>p{}</style>"
                        + "<ul><li>A list item</li><li>Another</li></ul><script>evil()</script>"));
    }

    @Test
    void decodesEntitiesAndLeavesPlainTextAlone() {
        assertEquals("Fish & chips \u2014 \"good\"", HtmlText.toText("Fish &amp; chips &mdash; &quot;good&quot;"));
        assertEquals("a < b and c > d", HtmlText.plain("a < b   and c > d"));
        assertNull(HtmlText.toText("  "));
        assertNull(HtmlText.toText("<p> </p>"));
    }
}
