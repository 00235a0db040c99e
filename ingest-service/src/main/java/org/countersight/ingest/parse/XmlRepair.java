package org.countersight.ingest.parse;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.XmlDeclaration;
import org.jsoup.parser.Parser;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Repairs a feed that is not well-formed XML, like feedparser's "bozo" mode: the caller tries the strict parser
 * first and only comes here when it failed. Two steps, the smallest that works is used:
 * <ol>
 *   <li>{@link #dropIllegal}: characters XML 1.0 forbids (control characters, U+FFFE/U+FFFF, lone surrogates) and
 *       character references to them ({@code &#1;}) are dropped;</li>
 *   <li>{@link #rebuild}: the text is read by jsoup's forgiving XML parser and written out again well-formed —
 *       unclosed elements and CDATA sections closed, mismatched end tags and a broken tail dropped, bare
 *       {@code &} escaped, HTML entities such as {@code &nbsp;} resolved, undeclared namespace prefixes declared on
 *       the root, anything after the first root element dropped.</li>
 * </ol>
 * Never lenient about DTDs: a document with a markup declaration anywhere ({@code <!DOCTYPE}, {@code <!ENTITY}, ...)
 * is not repaired (the caller refuses it), jsoup declares no entities, and the repaired text goes through the same
 * secured strict parser (doctypes disallowed) as any feed. Size caps are the fetcher's and apply before.
 */
final class XmlRepair {

    private static final Pattern DECLARATION = Pattern.compile("<!\\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CHAR_REF = Pattern.compile("&#(?:[xX]([0-9A-Fa-f]{1,8})|([0-9]{1,10}));");

    /** Namespaces feeds commonly use without declaring them; any other prefix gets a placeholder URI. */
    private static final Map<String, String> KNOWN_PREFIXES = Map.ofEntries(
            Map.entry("itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
            Map.entry("dc", "http://purl.org/dc/elements/1.1/"),
            Map.entry("dcterms", "http://purl.org/dc/terms/"),
            Map.entry("content", "http://purl.org/rss/1.0/modules/content/"),
            Map.entry("media", "http://search.yahoo.com/mrss/"),
            Map.entry("atom", "http://www.w3.org/2005/Atom"),
            Map.entry("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
            Map.entry("slash", "http://purl.org/rss/1.0/modules/slash/"),
            Map.entry("wfw", "http://wellformedweb.org/CommentAPI/"),
            Map.entry("sy", "http://purl.org/rss/1.0/modules/syndication/"),
            Map.entry("georss", "http://www.georss.org/georss"),
            Map.entry("geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"));

    /** The repaired text and what was done, for the source's status. */
    record Repaired(String text, String what) {
    }

    private XmlRepair() {
    }

    /** True when the text declares a DTD or markup declarations anywhere: such a document is never repaired. */
    static boolean hasMarkupDeclaration(String text) {
        return DECLARATION.matcher(text).find();
    }

    /** Step 1: drops XML-illegal characters and character references to them; null when there were none. */
    static Repaired dropIllegal(String text) {
        int[] dropped = new int[1];
        Matcher m = CHAR_REF.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            long cp;
            try {
                cp = m.group(1) != null ? Long.parseLong(m.group(1), 16) : Long.parseLong(m.group(2));
            } catch (NumberFormatException e) {
                cp = -1;
            }
            if (cp > Integer.MAX_VALUE || !legal((int) cp)) {
                m.appendReplacement(sb, "");
                dropped[0]++;
            } else {
                m.appendReplacement(sb, Matcher.quoteReplacement(m.group()));
            }
        }
        m.appendTail(sb);
        String out = stripIllegalChars(sb.toString(), dropped);
        return dropped[0] == 0 ? null
                : new Repaired(out, "dropped " + dropped[0] + " XML-illegal character" + (dropped[0] == 1 ? "" : "s")
                + " or character reference" + (dropped[0] == 1 ? "" : "s"));
    }

    /** Step 2: jsoup's forgiving XML parser, written out again as well-formed XML. */
    static Repaired rebuild(String text) {
        Document doc = Jsoup.parse(stripIllegalChars(text, new int[1]), "", Parser.xmlParser());
        Element root = null;
        for (Node n : new ArrayList<>(doc.childNodes())) {
            if (n instanceof XmlDeclaration || n instanceof DocumentType) {
                n.remove();
            } else if (n instanceof Element e) {
                if (root == null) {
                    root = e;
                } else {
                    e.remove(); // a second root: content after the document's end
                }
            } else if (!(n instanceof org.jsoup.nodes.Comment)) {
                n.remove(); // text outside the root
            }
        }
        if (root == null) {
            return null;
        }
        for (Element e : root.getAllElements()) {
            for (Node n : new ArrayList<>(e.childNodes())) {
                if (n instanceof XmlDeclaration || n instanceof DocumentType) {
                    n.remove();
                }
            }
        }
        int declared = declareMissingPrefixes(root);
        doc.outputSettings().syntax(Document.OutputSettings.Syntax.xml).escapeMode(Entities.EscapeMode.xhtml)
                .prettyPrint(false).charset("UTF-8");
        String out = stripIllegalChars(root.outerHtml(), new int[1]);
        return new Repaired(out, declared > 0 ? "declared " + declared + " undeclared namespace prefix"
                + (declared == 1 ? "" : "es") : null);
    }

    /** Adds {@code xmlns:p} on the root for every prefix used but declared nowhere; returns how many. */
    private static int declareMissingPrefixes(Element root) {
        Set<String> used = new LinkedHashSet<>();
        Set<String> declared = new LinkedHashSet<>();
        for (Element e : root.getAllElements()) {
            prefixOf(e.tagName(), used);
            for (Attribute a : e.attributes()) {
                String key = a.getKey();
                if (key.startsWith("xmlns:")) {
                    declared.add(key.substring(6));
                } else if (!key.equals("xmlns")) {
                    prefixOf(key, used);
                }
            }
        }
        used.remove("xml");
        used.remove("xmlns");
        used.removeAll(declared);
        for (String p : used) {
            root.attr("xmlns:" + p, KNOWN_PREFIXES.getOrDefault(p, "urn:countersight:undeclared:" + p));
        }
        return used.size();
    }

    private static void prefixOf(String name, Set<String> into) {
        int colon = name.indexOf(':');
        if (colon > 0 && colon < name.length() - 1 && name.indexOf(':', colon + 1) < 0) {
            into.add(name.substring(0, colon));
        }
    }

    private static String stripIllegalChars(String s, int[] dropped) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            boolean ok = legal(cp) && !(len == 1 && Character.isSurrogate(s.charAt(i)));
            if (!ok) {
                if (sb == null) {
                    sb = new StringBuilder(s.length());
                    sb.append(s, 0, i);
                }
                dropped[0]++;
            } else if (sb != null) {
                sb.appendCodePoint(cp);
            }
            i += len;
        }
        return sb == null ? s : sb.toString();
    }

    /** XML 1.0's Char production. */
    static boolean legal(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
