package org.countersight.api.rest;

import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Row writers for the export endpoint; each row is written as soon as it is read from the index. */
interface Exporter {

    void header(Writer w) throws IOException;

    void row(Writer w, TaggedArticle a) throws IOException;

    String mediaType();

    String extension();

    /** One full tagged article per line, exactly as the API returns it for /articles/{id}. */
    final class JsonLines implements Exporter {
        @Override
        public void header(Writer w) {
        }

        @Override
        public void row(Writer w, TaggedArticle a) throws IOException {
            w.write(new String(Json.write(a), StandardCharsets.UTF_8));
            w.write('\n');
        }

        @Override
        public String mediaType() {
            return "application/x-ndjson";
        }

        @Override
        public String extension() {
            return "jsonl";
        }
    }

    /**
     * RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break. One row per article;
     * multi-valued columns are joined with "; ", and events are flattened as
     * {@code category/country/confidence: evidence sentence} joined with " | ". Cells that would start a formula
     * are defused (see {@link #cell}).
     */
    final class Csv implements Exporter {
        private static final List<String> COLUMNS = List.of("id", "publishedAt", "url", "title", "sourceName", "language",
                "surveillance", "relevance", "eventCountries", "mentionedCountries", "categories", "vendors", "events");

        @Override
        public void header(Writer w) throws IOException {
            w.write(String.join(",", COLUMNS));
            w.write("\r\n");
        }

        @Override
        public void row(Writer w, TaggedArticle a) throws IOException {
            ArticleItem item = ArticleItem.of(a, null, null);
            List<String> cells = List.of(
                    nz(a.id()), a.publishedAt() == null ? "" : a.publishedAt().toString(), nz(a.url()), nz(a.title()),
                    nz(a.sourceName()), nz(a.language()), Boolean.toString(a.surveillance()),
                    String.format(Locale.ROOT, "%.3f", a.relevance()),
                    String.join("; ", item.countries()), String.join("; ", item.mentionedCountries()),
                    String.join("; ", item.categories()), String.join("; ", item.vendors()),
                    item.events().stream().map(Csv::event).collect(Collectors.joining(" | ")));
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    w.write(',');
                }
                w.write(cell(cells.get(i)));
            }
            w.write("\r\n");
        }

        private static String event(TaggedArticle.Event e) {
            return nz(e.category()) + "/" + nz(e.country()) + "/" + String.format(Locale.ROOT, "%.2f", e.confidence())
                    + (e.denied() ? "/denied" : "") + ": " + nz(e.sentence()).replaceAll("\\s+", " ").strip();
        }

        /**
         * A cell a spreadsheet would run as a formula ({@code =HYPERLINK(…)}, {@code +cmd|…}, {@code -2+3}, {@code @SUM},
         * or such a cell behind a tab or CR) gets a leading {@code '}, which spreadsheets show as text; then RFC 4180 quoting.
         */
        static String cell(String s) {
            return quote(defuse(s));
        }

        static String defuse(String s) {
            if (s.isEmpty()) {
                return s;
            }
            char c = s.charAt(0);
            return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
        }

        static String quote(String s) {
            if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
                return s;
            }
            return '"' + s.replace("\"", "\"\"") + '"';
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }

        @Override
        public String mediaType() {
            return "text/csv; charset=utf-8";
        }

        @Override
        public String extension() {
            return "csv";
        }
    }
}
