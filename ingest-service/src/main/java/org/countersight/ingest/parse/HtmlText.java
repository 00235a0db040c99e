package org.countersight.ingest.parse;

import org.countersight.events.XmlText;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.util.Set;

/** HTML to readable plain text: paragraphs stay apart (blank line), line breaks stay, scripts and styles go. */
public final class HtmlText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "header", "footer", "aside",
            "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table",
            "tr", "figure", "figcaption", "hr", "main", "nav", "address");

    private HtmlText() {
    }

    public static String toText(String html) {
        if (html == null || html.isBlank()) {
            return null;
        }
        if (html.indexOf('<') < 0 && html.indexOf('&') < 0) {
            return normalize(html);
        }
        Document doc = Jsoup.parseBodyFragment(html);
        doc.select("script, style, noscript, iframe, object, embed, svg, form, template").remove();
        StringBuilder out = new StringBuilder(html.length());
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    out.append(t.text());
                } else if (node instanceof Element e) {
                    String name = e.normalName();
                    if (name.equals("br")) {
                        out.append('\n');
                    } else if (BLOCKS.contains(name)) {
                        out.append("\n\n");
                    } else if (name.equals("td") || name.equals("th")) {
                        out.append(' ');
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    out.append("\n\n");
                }
            }
        }, doc.body());
        return normalize(out.toString());
    }

    /** Plain text as it came (e.g. Atom type="text"): only whitespace tidied. */
    public static String plain(String text) {
        return text == null || text.isBlank() ? null : normalize(text);
    }

    /** Whitespace tidied; characters XML 1.0 cannot carry (U+0001, lone surrogates…) dropped once, here at ingest. */
    private static String normalize(String s) {
        String t = XmlText.clean(s.replace('\u000B', ' ').replace('\f', ' ')).replace('\u00A0', ' ')
                .replaceAll("[ \\t\\r]+", " ")
                .replaceAll(" *\n *", "\n")
                .replaceAll("\n{3,}", "\n\n")
                .strip();
        return t.isEmpty() ? null : t;
    }
}
