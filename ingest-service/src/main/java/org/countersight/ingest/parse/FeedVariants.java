package org.countersight.ingest.parse;

import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

import static org.countersight.ingest.parse.Elements.firstChild;

/**
 * Brings the variants real feeds use to the form Rome recognises (namespaces, versions, base64 text), and names
 * the RSS/RDF documents that have no channel (an empty feed, on which Rome would fail).
 */
final class FeedVariants {

    private static final String ATOM_10 = "http://www.w3.org/2005/Atom";
    private static final String ATOM_03 = "http://purl.org/atom/ns#";
    private static final String RSS_10 = "http://purl.org/rss/1.0/";
    private static final String RSS_090 = "http://my.netscape.com/rdf/simple/0.9/";
    private static final Set<String> ROME_RSS_VERSIONS = Set.of("0.91", "0.92", "0.93", "0.94", "2.0");

    private FeedVariants() {
    }

    /**
     * An Atom {@code <feed>} without the Atom namespace (or under a draft's namespace) gets Atom 1.0's (0.3's when
     * it says {@code version="0.3"}); an {@code <rss>} under a namespace (Userland's, Harvard's) loses it, and one
     * with a missing or unknown {@code version} ("2.01", " 2.0 ") is read as 2.0, and items straight under it as
     * its channel's; an RDF document whose channel and items carry no namespace gets RSS 1.0's; Atom base64 text is
     * decoded ({@link #decodeBase64}).
     */
    static void normalise(Document doc) {
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
     * The feed type of an RSS or RDF document with no channel (an empty feed), or null when the document has a
     * channel or is neither.
     */
    static String channelless(Element root) {
        if ((!root.getName().equals("rss") && !root.getName().equals("RDF")) || firstChild(root, "channel") != null) {
            return null;
        }
        return root.getName().equals("rss") ? "rss_" + root.getAttributeValue("version", "?")
                : root.getNamespace("") != null && RSS_090.equals(root.getNamespace("").getURI()) ? "rss_0.9" : "rss_1.0";
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
}
