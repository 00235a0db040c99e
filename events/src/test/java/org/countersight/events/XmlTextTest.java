package org.countersight.events;

import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XmlTextTest {

    @Test
    void dropsControlCharactersButKeepsTabAndLineBreaks() {
        assertEquals("a\tb\nc\rd", XmlText.clean("\u0000a\t\u0001b\n\u001Fc\r\u000Bd\u000C"));
    }

    @Test
    void dropsNonCharactersAndLoneSurrogatesButKeepsPairs() {
        String emoji = "\uD83D\uDE00";
        assertEquals("x" + emoji + "yz", XmlText.clean("x\uFFFE" + emoji + "\uD800y\uDC00\uFFFFz\uD83D"));
        assertEquals("\uFFFD\uE000\uD7FF", XmlText.clean("\uFFFD\uE000\uD7FF"));
    }

    @Test
    void cleanTextIsReturnedAsItIs() {
        String s = "Police cameras in Phnom Penh — 監視 \uD83D\uDE00";
        assertSame(s, XmlText.clean(s));
        assertFalse(XmlText.hasIllegal(s));
        assertTrue(XmlText.hasIllegal("a\u0001"));
        assertNull(XmlText.clean(null));
    }

    @Test
    void everyCodeUnitSequenceCleanedParsesAsXml() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x40; c++) {
            all.append(c);
        }
        all.append("\uD800\uDBFF\uDC00\uDFFF\uFFFE\uFFFF\uD83D\uDE00 end");
        String doc = "<t>" + XmlText.clean(all.toString()).replace("&", "&amp;").replace("<", "&lt;") + "</t>";
        var parsed = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
        assertTrue(parsed.getDocumentElement().getTextContent().endsWith("\uD83D\uDE00 end"));
    }
}
