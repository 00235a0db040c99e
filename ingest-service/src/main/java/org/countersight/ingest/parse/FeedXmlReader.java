package org.countersight.ingest.parse;

import com.rometools.rome.io.SAXBuilder;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.impl.XmlFixerReader;
import org.jdom2.Document;
import org.jdom2.JDOMException;

import java.io.IOException;
import java.io.StringReader;

import static org.countersight.ingest.parse.FailureDetail.allMessages;
import static org.countersight.ingest.parse.FailureDetail.detail;
import static org.countersight.ingest.parse.FailureDetail.rootCause;

/**
 * Reads feed text into a JDOM document with Rome's own secured SAX builder ({@code allowDoctypes=false}: the SAX
 * feature {@code disallow-doctype-decl}, external entities off), strictly first; a document that is not
 * well-formed is read again through {@link XmlRepair} unless it declares a DTD anywhere, which is refused.
 */
final class FeedXmlReader {

    private FeedXmlReader() {
    }

    /**
     * A document as read.
     *
     * @param leniency    what was repaired and why, or null when the text was well-formed
     * @param strictError the strict parser's reason when it failed (the reason to give if the repaired document
     *                    turns out to be no feed), else null
     */
    record Read(Document doc, String leniency, String strictError) {
    }

    /** Rome's own secured SAX builder (doctypes disallowed, external entities off, empty entity resolver). */
    private static final class Builder extends WireFeedInput {
        Builder() {
            setAllowDoctypes(false);
        }

        SAXBuilder sax() {
            return createSAXBuilder();
        }
    }

    static Read read(String text) throws FeedRefusedException {
        try {
            return new Read(strict(text), null, null);
        } catch (JDOMException | IOException e) {
            if (allMessages(e).contains("DOCTYPE")) {
                throw new FeedRefusedException(FeedRefusedException.DTD_REFUSED);
            }
            String strictError = "feed is not well-formed XML" + detail(rootCause(e));
            if (XmlRepair.hasMarkupDeclaration(text)) {
                // never lenient about DTDs: a broken document that declares one anywhere is refused as such
                throw new FeedRefusedException(FeedRefusedException.DTD_REFUSED);
            }
            Lenient lenient = lenient(text);
            if (lenient == null) {
                throw new FeedRefusedException(strictError);
            }
            String leniency = lenient.what + " (" + detail(rootCause(e)).replaceFirst("^: ", "") + ")";
            return new Read(lenient.doc, leniency, strictError);
        } catch (RuntimeException e) {
            throw new FeedRefusedException("feed cannot be parsed" + detail(rootCause(e)));
        }
    }

    private static Document strict(String text) throws JDOMException, IOException {
        return new Builder().sax().build(new XmlFixerReader(new StringReader(text)));
    }

    private record Lenient(Document doc, String what) {
    }

    /**
     * The lenient path ({@link XmlRepair}): first only XML-illegal characters and references dropped, else the
     * document rebuilt; each result goes through the same secured strict parser. Null when neither gives a
     * document (the caller refuses the feed with the strict parser's reason).
     */
    private static Lenient lenient(String text) {
        XmlRepair.Repaired dropped = XmlRepair.dropIllegal(text);
        if (dropped != null) {
            try {
                return new Lenient(strict(dropped.text()), dropped.what());
            } catch (JDOMException | IOException | RuntimeException e) {
                // more is broken than characters: rebuild
            }
        }
        try {
            XmlRepair.Repaired rebuilt = XmlRepair.rebuild(text);
            if (rebuilt == null) {
                return null;
            }
            String what = "repaired broken XML";
            if (dropped != null) {
                what += ", " + dropped.what();
            }
            if (rebuilt.what() != null) {
                what += ", " + rebuilt.what();
            }
            return new Lenient(strict(rebuilt.text()), what);
        } catch (JDOMException | IOException | RuntimeException e) {
            return null;
        }
    }
}
