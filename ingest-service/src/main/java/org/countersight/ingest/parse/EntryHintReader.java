package org.countersight.ingest.parse;

import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

import static org.countersight.ingest.parse.Elements.children;
import static org.countersight.ingest.parse.Elements.firstChild;

/**
 * Reads from the JDOM document what Rome drops about each item/entry ({@link ParsedFeed.EntryHints}): its
 * effective {@code xml:base}, its link and its date as written.
 */
final class EntryHintReader {

    private static final Namespace XML = Namespace.XML_NAMESPACE;
    private static final List<String> DATE_ELEMENTS = List.of("pubDate", "published", "issued", "date", "created",
            "updated", "modified");

    private EntryHintReader() {
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
}
