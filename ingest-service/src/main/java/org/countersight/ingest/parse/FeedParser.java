package org.countersight.ingest.parse;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SAXBuilder;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.impl.XmlFixerReader;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.JDOMException;
import org.jdom2.Namespace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses RSS 0.9x/1.0 (RDF)/2.0 and Atom 0.3/1.0 with Rome, and JSON Feed 1.x with Jackson. Hostile input is
 * refused before Rome sees it: the prolog is scanned and any DOCTYPE refused (no DTD, so no entity can be
 * declared: no billion laughs, no quadratic blow-up, no XXE), and Rome's own SAX builder with
 * {@code allowDoctypes=false} (the SAX feature {@code disallow-doctype-decl}) is the second line. HTML pages are
 * recognised and named as such. The character encoding is decided by {@link CharsetDetector} (BOM, HTTP charset,
 * XML declaration, then UTF-8 or windows-1252). The JDOM document Rome works on is also read for what Rome drops:
 * each entry's effective {@code xml:base}, its link and its date as written ({@link ParsedFeed.EntryHints}).
 */
public final class FeedParser {

    private static final Namespace XML = Namespace.XML_NAMESPACE;
    private static final List<String> DATE_ELEMENTS = List.of("pubDate", "published", "issued", "date", "created",
            "updated", "modified");

    /** Items read from one document unless configured otherwise ({@code countersight.poll.max-items-per-document}). */
    public static final int DEFAULT_MAX_ITEMS = 1000;

    private final int maxItems;
    private final JsonFeedParser json;

    public FeedParser() {
        this(DEFAULT_MAX_ITEMS);
    }

    /** @param maxItems items read from one document, the newest ({@link ItemCap}); the rest never reach a tree */
    public FeedParser(int maxItems) {
        this.maxItems = Math.max(1, maxItems);
        this.json = new JsonFeedParser(this.maxItems);
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

    public ParsedFeed parse(byte[] body, String contentType, URI feedUri) throws FeedRefusedException {
        if (body == null || body.length == 0) {
            throw new FeedRefusedException("response is empty, not a feed");
        }
        CharsetDetector.Decoded decoded = CharsetDetector.decode(body, contentType);
        String text = decoded.text();
        String charset = decoded.charset().name() + " (" + decoded.from() + ")";
        String start = text.stripLeading();
        if (start.startsWith("\uFEFF")) {
            start = start.substring(1).stripLeading();
        }
        if (start.startsWith("{")) {
            return json.parse(start, feedUri, charset);
        }
        checkProlog(text, contentType);
        ItemCap.Capped capped = ItemCap.apply(text, maxItems);
        text = capped.text();
        // only a cut document reports its own count: otherwise the entries Rome reads are the items
        int itemsInDocument = capped.itemsInDocument() > maxItems ? capped.itemsInDocument() : 0;
        Document doc;
        String leniency = null;
        String strictError = null;
        try {
            doc = strict(text);
        } catch (JDOMException | IOException e) {
            if (allMessages(e).contains("DOCTYPE")) {
                throw new FeedRefusedException(FeedRefusedException.DTD_REFUSED);
            }
            strictError = "feed is not well-formed XML" + detail(rootCause(e));
            if (XmlRepair.hasMarkupDeclaration(text)) {
                // never lenient about DTDs: a broken document that declares one anywhere is refused as such
                throw new FeedRefusedException(FeedRefusedException.DTD_REFUSED);
            }
            Lenient lenient = lenient(text);
            if (lenient == null) {
                throw new FeedRefusedException(strictError);
            }
            doc = lenient.doc;
            leniency = lenient.what + " (" + detail(rootCause(e)).replaceFirst("^: ", "") + ")";
        } catch (RuntimeException e) {
            throw new FeedRefusedException("feed cannot be parsed" + detail(rootCause(e)));
        }
        try {
            normaliseVariants(doc);
        } catch (RuntimeException e) {
            // a variant that cannot be brought to Rome's form is left as it is: Rome decides, with its reason
        }
        Element root = doc.getRootElement();
        if ((root.getName().equals("rss") || root.getName().equals("RDF")) && firstChild(root, "channel") == null) {
            // an RSS or RDF document with no channel is an empty feed (Rome would fail on it with a NullPointerException)
            String type = root.getName().equals("rss") ? "rss_" + root.getAttributeValue("version", "?")
                    : root.getNamespace("") != null && RSS_090.equals(root.getNamespace("").getURI()) ? "rss_0.9" : "rss_1.0";
            return new ParsedFeed(type, null, null, feedUri, List.of(), List.of(), charset, leniency, itemsInDocument);
        }
        SyndFeed feed;
        try {
            feed = new SyndFeedInput().build(doc);
        } catch (IllegalArgumentException e) {
            // a repaired document that is no feed: the original fault is the reason a person can act on
            throw new FeedRefusedException(strictError != null ? strictError : "XML is not an RSS, RDF or Atom feed" + detail(e));
        } catch (FeedException e) {
            throw new FeedRefusedException(strictError != null ? strictError : "feed cannot be read" + detail(rootCause(e)));
        } catch (RuntimeException e) {
            throw new FeedRefusedException(strictError != null ? strictError : "feed cannot be parsed" + detail(rootCause(e)));
        }
        List<SyndEntry> entries = feed.getEntries() == null ? List.of() : feed.getEntries();
        List<ParsedFeed.EntryHints> hints;
        try {
            hints = hints(doc, feedUri);
        } catch (RuntimeException e) {
            hints = List.of(); // hints only improve the mapping; without them Rome's values are used
        }
        return new ParsedFeed(feed.getFeedType(), feed.getTitle(), feed.getLanguage(), feedUri, entries, hints, charset,
                leniency, Math.max(itemsInDocument, entries.size()));
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

    private static final String ATOM_10 = "http://www.w3.org/2005/Atom";
    private static final String ATOM_03 = "http://purl.org/atom/ns#";
    private static final String RSS_10 = "http://purl.org/rss/1.0/";
    private static final String RSS_090 = "http://my.netscape.com/rdf/simple/0.9/";
    private static final Set<String> ROME_RSS_VERSIONS = Set.of("0.91", "0.92", "0.93", "0.94", "2.0");

    /**
     * Brings variants real feeds use to the form Rome recognises: an Atom {@code <feed>} without the Atom namespace
     * (or under a draft's namespace) gets Atom 1.0's (0.3's when it says {@code version="0.3"}); an {@code <rss>}
     * under a namespace (Userland's, Harvard's) loses it, and one with a missing or unknown {@code version} ("2.01",
     * " 2.0 ") is read as 2.0, and items straight under it as its channel's; an RDF document whose channel and
     * items carry no namespace gets RSS 1.0's; Atom base64 text is decoded ({@link #decodeBase64}).
     */
    static void normaliseVariants(Document doc) {
        Element root = doc.getRootElement();
        String ns = root.getNamespaceURI();
        switch (root.getName()) {
            case "feed" -> {
                if (!ns.equals(ATOM_10) && !ns.equals(ATOM_03)) {
                    String version = root.getAttributeValue("version", "").strip();
                    retarget(root, ns, Namespace.getNamespace(version.startsWith("0.") ? ATOM_03 : ATOM_10));
                }
                decodeBase64(root);
            }
            case "rss" -> {
                if (!ns.isEmpty()) {
                    retarget(root, ns, Namespace.NO_NAMESPACE);
                }
                if (firstChild(root, "channel") == null && firstChild(root, "item") != null) {
                    // items straight under <rss>: read them as the channel's
                    Element channel = new Element("channel");
                    for (Element c : new ArrayList<>(root.getChildren())) {
                        channel.addContent(c.detach());
                    }
                    root.addContent(channel);
                }
                String version = root.getAttributeValue("version", "").strip();
                if (!ROME_RSS_VERSIONS.contains(version)) {
                    root.setAttribute("version", "2.0");
                } else if (!version.equals(root.getAttributeValue("version"))) {
                    root.setAttribute("version", version);
                }
            }
            case "RDF" -> {
                boolean known = false;
                for (Element c : root.getChildren()) {
                    String u = c.getNamespaceURI();
                    known |= u.equals(RSS_10) || u.equals(RSS_090);
                }
                boolean bare = root.getChildren().stream().anyMatch(c -> c.getNamespaceURI().isEmpty());
                Namespace defaultNs = root.getNamespace("");
                if (!known && bare && (defaultNs == null || defaultNs.getURI().isEmpty())) {
                    Namespace rss10 = Namespace.getNamespace(RSS_10);
                    root.addNamespaceDeclaration(rss10);
                    for (Element c : root.getChildren()) {
                        retarget(c, "", rss10);
                    }
                }
            }
            default -> {
            }
        }
    }

    /**
     * Atom text that is base64 (Atom 0.3's {@code mode="base64"}; in Atom 1.0 a type that is neither text nor XML,
     * RFC 4287 §4.1.3.3) is decoded to its UTF-8 text: Rome fails on the first and keeps the second encoded.
     */
    private static void decodeBase64(Element root) {
        ArrayDeque<Element> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Element e = todo.pop();
            String mode = e.getAttributeValue("mode");
            String type = e.getAttributeValue("type", "").strip().toLowerCase(Locale.ROOT);
            boolean atom03 = "base64".equalsIgnoreCase(mode);
            boolean atom10 = e.getNamespaceURI().equals(ATOM_10) && type.contains("/") && !type.startsWith("text/")
                    && !type.endsWith("xml") && e.getChildren().isEmpty();
            if (atom03 || atom10) {
                try {
                    byte[] bytes = Base64.getMimeDecoder().decode(e.getTextTrim());
                    String decoded = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
                    e.setText(decoded);
                    if (atom10) {
                        e.setAttribute("type", "html");
                    } else {
                        e.setAttribute("mode", "escaped"); // the decoded text is the markup itself
                        if (!type.startsWith("text/")) {
                            e.setAttribute("type", "text/html");
                        }
                    }
                } catch (IllegalArgumentException | CharacterCodingException ex) {
                    e.removeAttribute("mode"); // not base64 text after all: kept as written
                }
            }
            for (Element c : e.getChildren()) {
                todo.push(c);
            }
        }
    }

    /** Moves {@code element} and every descendant in namespace {@code from} into {@code to}. */
    private static void retarget(Element element, String from, Namespace to) {
        ArrayDeque<Element> todo = new ArrayDeque<>();
        todo.push(element);
        while (!todo.isEmpty()) {
            Element e = todo.pop();
            if (e.getNamespaceURI().equals(from)) {
                e.setNamespace(to);
            }
            for (Element c : e.getChildren()) {
                todo.push(c);
            }
        }
    }

    /** The item/entry elements in document order, as Rome reads them, each with its base, raw link and raw date. */
    static List<ParsedFeed.EntryHints> hints(Document doc, URI feedUri) {
        Element root = doc.getRootElement();
        List<Element> items = new ArrayList<>();
        String rootName = root.getName();
        if (rootName.equals("rss")) {
            Element channel = firstChild(root, "channel");
            if (channel != null) {
                items.addAll(children(channel, "item"));
            }
        } else if (rootName.equals("RDF")) {
            items.addAll(children(root, "item"));
        } else if (rootName.equals("feed")) {
            items.addAll(children(root, "entry"));
        }
        List<ParsedFeed.EntryHints> out = new ArrayList<>(items.size());
        boolean atom = rootName.equals("feed");
        for (Element item : items) {
            URI base = baseOf(item, feedUri);
            String link = null;
            URI linkBase = base;
            for (Element child : item.getChildren()) {
                if (!child.getName().equals("link") || !child.getNamespace().equals(item.getNamespace())) {
                    continue;
                }
                String rel = child.getAttributeValue("rel");
                String raw = atom ? child.getAttributeValue("href") : child.getTextTrim();
                if (raw != null && !raw.isBlank() && (rel == null || rel.equals("alternate"))) {
                    link = raw.strip();
                    linkBase = withBase(base, child.getAttributeValue("base", XML));
                    break;
                }
            }
            String date = null;
            for (String name : DATE_ELEMENTS) {
                Element d = firstChild(item, name);
                if (d != null && !d.getTextTrim().isEmpty()) {
                    date = d.getTextTrim();
                    break;
                }
            }
            out.add(new ParsedFeed.EntryHints(linkBase, link, date));
        }
        return out;
    }

    private static URI baseOf(Element element, URI feedUri) {
        List<Element> path = new ArrayList<>();
        for (Element e = element; e != null; e = e.getParentElement()) {
            path.add(0, e);
        }
        URI base = feedUri;
        for (Element e : path) {
            base = withBase(base, e.getAttributeValue("base", XML));
        }
        return base;
    }

    /** {@code base} with an {@code xml:base} value resolved into it; an unusable or non-http(s) value is ignored. */
    static URI withBase(URI base, String xmlBase) {
        if (xmlBase == null || xmlBase.isBlank()) {
            return base;
        }
        try {
            URI value = new URI(xmlBase.strip().replace(" ", "%20"));
            URI resolved = base == null ? value : base.resolve(value);
            String scheme = resolved.getScheme();
            if (scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return resolved;
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // malformed xml:base: keep the outer one
        }
        return base;
    }

    private static Element firstChild(Element parent, String name) {
        for (Element c : parent.getChildren()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Element c : parent.getChildren()) {
            if (c.getName().equals(name)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Looks at what comes before the root element: XML declaration, processing instructions, comments,
     * whitespace. A DOCTYPE there is refused (an HTML one is reported as HTML); a root {@code <html>} is HTML.
     */
    static void checkProlog(String text, String contentType) throws FeedRefusedException {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\uFEFF' || Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c != '<') {
                throw new FeedRefusedException(notMarkup(text.substring(i), contentType));
            }
            if (text.startsWith("<?", i)) {
                int end = text.indexOf("?>", i + 2);
                if (end < 0) {
                    throw new FeedRefusedException("feed is not well-formed XML: unterminated processing instruction");
                }
                i = end + 2;
            } else if (text.startsWith("<!--", i)) {
                int end = text.indexOf("-->", i + 4);
                if (end < 0) {
                    throw new FeedRefusedException("feed is not well-formed XML: unterminated comment");
                }
                i = end + 3;
            } else if (text.regionMatches(true, i, "<!DOCTYPE", 0, 9)) {
                String rest = text.substring(i + 9, Math.min(n, i + 9 + 40)).stripLeading().toLowerCase(Locale.ROOT);
                if (rest.startsWith("html")) {
                    throw new FeedRefusedException(FeedRefusedException.HTML);
                }
                throw new FeedRefusedException(FeedRefusedException.DTD_REFUSED);
            } else if (text.startsWith("<!", i)) {
                throw new FeedRefusedException("feed is not well-formed XML: unexpected markup before the root element");
            } else {
                String root = text.substring(i + 1, Math.min(n, i + 12)).toLowerCase(Locale.ROOT);
                if (root.startsWith("html") || root.startsWith("head") || root.startsWith("body")) {
                    throw new FeedRefusedException(FeedRefusedException.HTML);
                }
                return;
            }
        }
        throw new FeedRefusedException("response has no XML element, not a feed");
    }

    private static String notMarkup(String rest, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("html")) {
            return FeedRefusedException.HTML;
        }
        if (rest.startsWith("[") || type.contains("json")) {
            return "response is JSON but not a JSON Feed";
        }
        return "response is not XML, not a feed";
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String allMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getMessage()).append(' ');
        }
        return sb.toString();
    }

    private static String detail(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return "";
        }
        m = m.strip();
        return ": " + (m.length() > 200 ? m.substring(0, 200) + "…" : m);
    }
}
