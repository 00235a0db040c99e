package org.countersight.ingest.fulltext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.countersight.ingest.parse.LenientDates;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Main text of an article page by paragraph density (our own jsoup extractor): boilerplate containers go
 * (scripts, navigation, headers, footers, asides, forms, elements whose class or id says comment/share/related/
 * promo/cookie, unless it also says article/body/content/story..., Readability's guard for containers such as
 * {@code class="story-body share-bar"}), every {@code <p>} with real text scores its parent (full length) and grandparent (half), links
 * count against a paragraph, and the best-scoring container's paragraphs, headings, list items and quotes are
 * the text. The publication time comes from {@code article:published_time} / {@code og:published_time} /
 * {@code itemprop=datePublished} / {@code <meta name=date>}, JSON-LD {@code datePublished} (also inside
 * {@code @graph} and arrays), else the first {@code <time datetime>} of the article.
 */
public final class ArticleExtractor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BOILERPLATE = Pattern.compile(
            "(?i)comment|share|social|related|promo|advert|\\bads?\\b|cookie|newsletter|subscribe|sidebar|footer|breadcrumb|menu|popup|modal");
    /** Marks of a container that may hold the article even when it also says "share" or "comments". */
    private static final Pattern MAYBE_ARTICLE = Pattern.compile("(?i)article|body|content|entry|main|post|story|column");
    private static final int MIN_PARAGRAPH = 40;

    public record Extracted(String text, Instant publishedAt) {
    }

    public Extracted extract(Document doc) {
        Instant published = publishedAt(doc);
        Element body = doc.body();
        if (body == null) {
            return new Extracted(null, published);
        }
        body.select("script, style, noscript, iframe, object, embed, svg, form, template, nav, header, footer, aside, "
                + "button, select, input, figure figcaption").remove();
        for (Element e : body.select("[class], [id]")) {
            String marks = e.className() + " " + e.id();
            if (!e.normalName().equals("body") && !e.normalName().equals("article") && !e.normalName().equals("main")
                    && BOILERPLATE.matcher(marks).find() && !MAYBE_ARTICLE.matcher(marks).find()) {
                e.remove();
            }
        }
        Map<Element, Double> scores = new HashMap<>();
        for (Element p : body.select("p")) {
            String text = p.text().strip();
            if (text.length() < MIN_PARAGRAPH) {
                continue;
            }
            int linkChars = p.select("a").text().length();
            double score = text.length() * (1.0 - Math.min(1.0, (double) linkChars / text.length())) + 10 * count(text, ',');
            Element parent = p.parent();
            if (parent != null) {
                scores.merge(parent, score, Double::sum);
                if (parent.parent() != null) {
                    scores.merge(parent.parent(), score / 2, Double::sum);
                }
            }
        }
        Element best = null;
        double bestScore = 0;
        for (Map.Entry<Element, Double> e : scores.entrySet()) {
            if (e.getValue() > bestScore) {
                best = e.getKey();
                bestScore = e.getValue();
            }
        }
        if (best == null) {
            return new Extracted(null, published);
        }
        StringBuilder out = new StringBuilder();
        for (Element e : best.select("p, h2, h3, h4, li, blockquote, pre")) {
            if (nestedInBlock(e, best)) {
                continue; // its text is already in the enclosing block
            }
            String text = e.text().strip();
            boolean heading = e.normalName().startsWith("h");
            if (text.isEmpty() || (!heading && e.normalName().equals("li") && text.length() < MIN_PARAGRAPH)) {
                continue;
            }
            if (out.length() > 0) {
                out.append("\n\n");
            }
            out.append(text);
        }
        return new Extracted(out.length() == 0 ? null : out.toString(), published);
    }

    private static boolean nestedInBlock(Element e, Element top) {
        for (Element a = e.parent(); a != null && a != top; a = a.parent()) {
            String n = a.normalName();
            if (n.equals("p") || n.equals("li") || n.equals("blockquote") || n.equals("pre")) {
                return true;
            }
        }
        return false;
    }

    static Instant publishedAt(Document doc) {
        for (String css : List.of("meta[property=article:published_time]", "meta[property=og:published_time]",
                "meta[itemprop=datePublished]", "meta[name=article:published_time]", "meta[name=date]",
                "meta[name=dc.date]", "meta[name=DC.date.issued]")) {
            Element m = doc.selectFirst(css);
            if (m != null) {
                Instant t = LenientDates.parse(m.attr("content"));
                if (t != null) {
                    return t;
                }
            }
        }
        for (Element script : doc.select("script[type=application/ld+json]")) {
            try {
                Instant t = datePublished(JSON.readTree(script.data()), 0);
                if (t != null) {
                    return t;
                }
            } catch (Exception e) {
                // broken JSON-LD is common: ignore it
            }
        }
        Element time = doc.selectFirst("article time[datetime], time[itemprop=datePublished], time[pubdate]");
        return time == null ? null : LenientDates.parse(time.attr("datetime"));
    }

    private static Instant datePublished(JsonNode node, int depth) {
        if (node == null || depth > 8) {
            return null;
        }
        if (node.isArray()) {
            for (JsonNode n : node) {
                Instant t = datePublished(n, depth + 1);
                if (t != null) {
                    return t;
                }
            }
            return null;
        }
        if (!node.isObject()) {
            return null;
        }
        JsonNode d = node.get("datePublished");
        if (d != null && d.isTextual()) {
            Instant t = LenientDates.parse(d.asText());
            if (t != null) {
                return t;
            }
        }
        return datePublished(node.get("@graph"), depth + 1);
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
