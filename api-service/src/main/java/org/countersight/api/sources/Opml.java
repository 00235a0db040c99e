package org.countersight.api.sources;

import org.countersight.events.Source;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayInputStream;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads and writes OPML subscription lists. Reading is hostile-input safe: a document with a DTD is refused
 * (so no entity expansion and no external entity is ever processed), and size, depth and the number of outlines
 * are capped.
 */
public final class Opml {

    public static final String NAMESPACE = "urn:countersight:opml";
    public static final int MAX_BYTES = 1024 * 1024;
    public static final int MAX_OUTLINES = 2000;
    public static final int MAX_DEPTH = 32;

    /** A document that cannot be read at all; the message says why. */
    public static final class OpmlException extends Exception {
        public OpmlException(String message) {
            super(message);
        }
    }

    /**
     * One outline as found: a feed ({@code xmlUrl} set) or an outline that is not one ({@code problem} set).
     * {@code folder} is the path of enclosing outlines' titles.
     */
    public record Outline(String folder, String title, String xmlUrl, String language, String country,
                          String pollIntervalMinutes, String problem) {
    }

    private static final class Frame {
        final String title;
        final String xmlUrl;
        final Outline outline;
        int children;

        Frame(String title, String xmlUrl, Outline outline) {
            this.title = title;
            this.xmlUrl = xmlUrl;
            this.outline = outline;
        }
    }

    private Opml() {
    }

    private static XMLInputFactory inputFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    }

    /** Every outline of the document, in document order; folders (outlines that only hold others) are not listed. */
    public static List<Outline> read(byte[] document) throws OpmlException {
        if (document.length > MAX_BYTES) {
            throw new OpmlException("the OPML document is larger than " + MAX_BYTES + " bytes");
        }
        List<Outline> out = new ArrayList<>();
        Deque<Frame> stack = new ArrayDeque<>();
        XMLStreamReader r = null;
        boolean sawRoot = false;
        int elements = 0;
        try {
            r = inputFactory().createXMLStreamReader(new ByteArrayInputStream(document));
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD ->
                            throw new OpmlException("documents with a DTD (<!DOCTYPE …>) are not accepted: OPML needs none, "
                                    + "and entity declarations are a known attack");
                    case XMLStreamConstants.ENTITY_REFERENCE ->
                            throw new OpmlException("entity references other than the five XML ones are not accepted");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++elements > MAX_OUTLINES * 2 + 100) {
                            throw new OpmlException("the document has too many elements (at most " + MAX_OUTLINES + " outlines)");
                        }
                        String name = r.getLocalName();
                        if (!sawRoot) {
                            if (!name.equalsIgnoreCase("opml")) {
                                throw new OpmlException("not an OPML document: the root element is <" + name + ">, expected <opml>");
                            }
                            sawRoot = true;
                        }
                        if (name.equalsIgnoreCase("outline")) {
                            if (stack.size() >= MAX_DEPTH) {
                                throw new OpmlException("outlines are nested deeper than " + MAX_DEPTH + " levels");
                            }
                            if (!stack.isEmpty()) {
                                stack.peek().children++;
                            }
                            String title = first(attr(r, "title"), attr(r, "text"));
                            String xmlUrl = first(attr(r, "xmlUrl"), attr(r, "xmlurl"), attr(r, "url"));
                            Outline o = null;
                            if (xmlUrl != null) {
                                o = new Outline(folder(stack), title, xmlUrl, attr(r, "language"),
                                        r.getAttributeValue(NAMESPACE, "country"),
                                        r.getAttributeValue(NAMESPACE, "pollIntervalMinutes"), null);
                                add(out, o);
                            }
                            stack.push(new Frame(title, xmlUrl, o));
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (r.getLocalName().equalsIgnoreCase("outline") && !stack.isEmpty()) {
                            Frame f = stack.pop();
                            if (f.xmlUrl == null && f.children == 0) {
                                // a leaf that is not a feed: say so rather than skip it silently
                                add(out, new Outline(folder(stack), f.title, null, null, null, null,
                                        "the outline has no xmlUrl, so it is not a feed"));
                            }
                        }
                    }
                    default -> {
                        // text, comments, processing instructions: nothing to do
                    }
                }
            }
        } catch (XMLStreamException e) {
            String m = e.getMessage() == null ? "malformed XML" : e.getMessage().replaceAll("\\s+", " ");
            throw new OpmlException("the document is not well-formed XML: " + m);
        } catch (java.util.MissingResourceException e) {
            // the JDK's StAX parser fails this way on some broken DTDs (its message for the error is missing)
            throw new OpmlException("the document is not well-formed XML (" + e.getKey() + ")");
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held
                }
            }
        }
        if (!sawRoot) {
            throw new OpmlException("the document is empty");
        }
        return out;
    }

    private static void add(List<Outline> out, Outline o) throws OpmlException {
        if (out.size() >= MAX_OUTLINES) {
            throw new OpmlException("the document has more than " + MAX_OUTLINES + " outlines; split it");
        }
        out.add(o);
    }

    private static String folder(Deque<Frame> stack) {
        if (stack.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        stack.descendingIterator().forEachRemaining(f -> names.add(f.title == null ? "?" : f.title));
        return String.join(" / ", names);
    }

    private static String attr(XMLStreamReader r, String name) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String ns = r.getAttributeNamespace(i);
            if ((ns == null || ns.isEmpty()) && r.getAttributeLocalName(i).equals(name)) {
                String v = r.getAttributeValue(i);
                return v == null || v.isBlank() ? null : v.strip();
            }
        }
        return null;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** Drops characters XML 1.0 cannot carry, so a name with control characters still gives a valid document. */
    static String clean(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        v.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF)).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    /** OPML 2.0 of the given sources; country and poll interval ride along in Countersight's namespace. */
    public static void write(List<Source> sources, Writer out) throws XMLStreamException {
        XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
        w.writeStartDocument("UTF-8", "1.0");
        w.writeCharacters("\n");
        w.writeStartElement("opml");
        w.writeAttribute("version", "2.0");
        w.writeNamespace("cs", NAMESPACE);
        w.writeCharacters("\n  ");
        w.writeStartElement("head");
        w.writeStartElement("title");
        w.writeCharacters("Countersight sources");
        w.writeEndElement();
        w.writeStartElement("dateCreated");
        w.writeCharacters(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        w.writeEndElement();
        w.writeEndElement();
        w.writeCharacters("\n  ");
        w.writeStartElement("body");
        for (Source s : sources) {
            w.writeCharacters("\n    ");
            w.writeEmptyElement("outline");
            w.writeAttribute("type", "rss");
            String name = clean(s.name() == null ? s.url() : s.name());
            w.writeAttribute("text", name);
            w.writeAttribute("title", name);
            w.writeAttribute("xmlUrl", clean(s.url()));
            if (s.language() != null) {
                w.writeAttribute("language", s.language());
            }
            if (s.country() != null) {
                w.writeAttribute("cs", NAMESPACE, "country", s.country());
            }
            if (s.pollIntervalMinutes() != null) {
                w.writeAttribute("cs", NAMESPACE, "pollIntervalMinutes", s.pollIntervalMinutes().toString());
            }
        }
        w.writeCharacters("\n  ");
        w.writeEndElement();
        w.writeCharacters("\n");
        w.writeEndElement();
        w.writeEndDocument();
        w.flush();
    }
}
