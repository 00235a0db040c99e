package org.countersight.ingest.corpus;

import com.rometools.rome.feed.synd.SyndEntry;
import org.countersight.events.RawArticle;
import org.countersight.events.Source;
import org.countersight.ingest.parse.ArticleMapper;
import org.countersight.ingest.parse.FeedParser;
import org.countersight.ingest.parse.FeedRefusedException;
import org.countersight.ingest.parse.HtmlText;
import org.countersight.ingest.parse.ParsedFeed;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the parser against the expected values other parsers' suites carry in the feed corpus (read in place,
 * never copied): feedparser's {@code Expect:} lines and Rome's {@code .output} files. Only what Countersight reads
 * is compared:
 * <ul>
 *   <li><b>items</b>: an expectation that names {@code entries[i]} needs at least i+1 entries, {@code len(entries) == n}
 *       exactly n (for a Rome pair: as many items as the expected output);</li>
 *   <li><b>titles</b>: {@code entries[i]['title'] == '…'} against the article's title, both as text (markup
 *       stripped and whitespace collapsed on both sides: Countersight keeps titles as plain text);</li>
 *   <li><b>dates</b>: {@code entries[i]['published_parsed'|'updated_parsed'|'created_parsed'] == (y, m, d, H, M, S, …)}
 *       (UTC) against the article's {@code publishedAt}, which must not be an estimate;</li>
 *   <li><b>well-formedness</b>: feedparser's {@code bozo} (not well-formed) against ours (refused, or read
 *       leniently); documents with a DTD are refused by design and counted apart.</li>
 * </ul>
 * Expectations about what Countersight does not keep (feed-level fields, authors, tags, enclosures, sanitised
 * HTML, encodings — those have CorpusEncodingTest) are not scored.
 */
public final class Conformance {

    private static final Pattern EXPECT = Pattern.compile("Expect:\\s*(.*?)\\s*(?:-->|\\R)");
    private static final Pattern HEADER = Pattern.compile("Header:\\s*Content-type:\\s*(.*)", Pattern.CASE_INSENSITIVE);
    private static final String PY_STR = "u?(?:'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\")";
    private static final Pattern ENTRY_REF = Pattern.compile("entries\\[(\\d+)\\]");
    private static final Pattern LEN = Pattern.compile("len\\(entries\\)\\s*==\\s*(\\d+)");
    private static final Pattern TITLE = Pattern.compile(
            "entries\\[(\\d+)\\](?:\\['title'\\]|\\.title)\\s*==\\s*(" + PY_STR + "(?:\\s*\\+\\s*" + PY_STR + ")*)");
    private static final Pattern DATE = Pattern.compile("entries\\[(\\d+)\\]\\['(?:published|updated|created)_parsed'\\]\\s*==\\s*"
            + "\\((\\d+),\\s*(\\d+),\\s*(\\d+),\\s*(\\d+),\\s*(\\d+),\\s*(\\d+)");
    private static final Pattern STRING = Pattern.compile(PY_STR);
    private static final Instant FETCHED = Instant.parse("2026-03-05T12:00:00Z");

    /** Agreement on one kind of value: how many were checked and how many agreed. */
    public static final class Tally {
        int checked;
        int agreed;

        void add(boolean agree) {
            checked++;
            agreed += agree ? 1 : 0;
        }

        public int checked() {
            return checked;
        }

        public int agreed() {
            return agreed;
        }

        public double share() {
            return checked == 0 ? 1 : (double) agreed / checked;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d of %d (%.1f %%)", agreed, checked, 100.0 * share());
        }
    }

    public record Report(int files, Tally items, Tally titles, Tally dates, int bozo, int bozoReadLeniently,
                         int bozoRefused, int wellFormed, int wellFormedStrict, int wellFormedLenient,
                         int wellFormedRefusedDtd, int wellFormedRefusedOther, List<String> disagreements) {

        public void print(PrintStream out) {
            out.printf("conformance: %d corpus files with expected values (feedparser Expect:, Rome .output)%n", files);
            out.printf("  items:  %s%n", items);
            out.printf("  titles: %s%n", titles);
            out.printf("  dates:  %s%n", dates);
            out.printf("  feedparser bozo (not well-formed): %d; we read %d leniently (flagged), refuse %d%n",
                    bozo, bozoReadLeniently, bozoRefused);
            out.printf("  feedparser well-formed: %d; we read %d strictly, %d leniently; refuse %d for a DTD (by design), %d otherwise%n",
                    wellFormed, wellFormedStrict, wellFormedLenient, wellFormedRefusedDtd, wellFormedRefusedOther);
        }
    }

    private Conformance() {
    }

    public static void main(String[] args) throws IOException {
        Path corpus = args.length > 0 ? Path.of(args[0]).toAbsolutePath().normalize() : SharedCorpus.feeds();
        if (corpus == null) {
            throw new IllegalArgumentException(SharedCorpus.NOT_FOUND + "; or give the folder as the argument");
        }
        Report r = run(corpus);
        r.print(System.out);
        r.disagreements().forEach(System.out::println);
    }

    public static Report run(Path corpus) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("feedparser", "feedparser-5.2.1-extra", "rome")) {
            Path d = corpus.resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.walk(d)) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            }
        }
        Tally items = new Tally();
        Tally titles = new Tally();
        Tally dates = new Tally();
        int[] wf = new int[9];
        List<String> disagreements = new ArrayList<>();
        int scored = 0;
        FeedParser parser = new FeedParser();
        ArticleMapper mapper = new ArticleMapper();
        for (Path file : files) {
            String name = corpus.relativize(file).toString().replace('\\', '/');
            if (name.endsWith(".output")) {
                Path input = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.output$", ""));
                if (Files.isRegularFile(input)) {
                    scored++;
                    romePair(parser, mapper, name, input, file, items, titles, dates, disagreements);
                }
                continue;
            }
            byte[] body = Files.readAllBytes(file);
            String head = new String(body, 0, Math.min(body.length, 8192), StandardCharsets.ISO_8859_1);
            Matcher e = EXPECT.matcher(head);
            if (!e.find() || !name.startsWith("feedparser")) {
                continue;
            }
            String expect = e.group(1);
            scored++;
            Matcher h = HEADER.matcher(head);
            String contentType = h.find() ? h.group(1).strip()
                    : name.endsWith(".json") ? "application/feed+json" : "application/xml";
            String url = "http://127.0.0.1/" + name;
            Source source = new Source(1, Source.idFor(url), url, name, null, null, null, FETCHED);
            ParsedFeed feed = null;
            String refusal = null;
            try {
                feed = parser.parse(body, contentType, URI.create(url));
            } catch (FeedRefusedException ex) {
                refusal = ex.getMessage();
            } catch (RuntimeException ex) {
                refusal = "crash: " + ex;
            }
            if (wellFormedness(expect, feed, refusal, wf)) {
                disagreements.add("refused  " + name + "  (feedparser: well-formed): " + refusal);
            }
            int entries = feed == null ? 0 : feed.entries().size();
            int needed = -1;
            Matcher ref = ENTRY_REF.matcher(expect);
            while (ref.find()) {
                needed = Math.max(needed, Integer.parseInt(ref.group(1)) + 1);
            }
            Matcher len = LEN.matcher(expect);
            if (len.find()) {
                int n = Integer.parseInt(len.group(1));
                boolean agree = entries == n;
                items.add(agree);
                note(disagreements, agree, "items", name, "len(entries) == " + n, entries, refusal);
            } else if (needed > 0) {
                boolean agree = entries >= needed;
                items.add(agree);
                note(disagreements, agree, "items", name, "at least " + needed, entries, refusal);
            }
            Matcher t = TITLE.matcher(expect);
            while (t.find()) {
                int i = Integer.parseInt(t.group(1));
                String literal = python(t.group(2));
                String expected = text(literal);
                RawArticle a = article(mapper, feed, i, source);
                String ours = a == null ? null : collapse(a.title());
                // feedparser gives a title as text or as (sanitised) HTML: either reading of it may agree
                boolean agree = a != null && (Objects.equals(expected, ours) || Objects.equals(collapse(literal), ours));
                titles.add(agree);
                note(disagreements, agree, "title", name, expected, a == null ? "(no article)" : ours, refusal);
            }
            Matcher d = DATE.matcher(expect);
            while (d.find()) {
                int i = Integer.parseInt(d.group(1));
                Instant expected = LocalDateTime.of(num(d, 2), num(d, 3), num(d, 4), num(d, 5), num(d, 6), num(d, 7))
                        .toInstant(ZoneOffset.UTC);
                RawArticle a = article(mapper, feed, i, source);
                Instant ours = a == null || a.publishedAtEstimated() ? null : a.publishedAt();
                boolean agree = expected.equals(ours);
                dates.add(agree);
                note(disagreements, agree, "date", name, expected, a == null ? "(no article)" : ours, refusal);
            }
        }
        return new Report(scored, items, titles, dates, wf[0], wf[1], wf[2], wf[3], wf[4], wf[5], wf[6], wf[7],
                disagreements);
    }

    /** feedparser's bozo against ours: wf[0..2] bozo / read leniently / refused; wf[3..7] well-formed / strict / lenient / DTD / other. */
    /** @return true when feedparser reads the file as well-formed and we refuse it for a reason other than a DTD */
    private static boolean wellFormedness(String expect, ParsedFeed feed, String refusal, int[] wf) {
        String first = expect.split("\\s+and\\s+", 2)[0].strip();
        if (first.equals("bozo") || first.equals("bozo == 1")) {
            wf[0]++;
            if (feed != null && feed.leniency() != null) {
                wf[1]++;
            } else if (feed == null) {
                wf[2]++;
            }
        } else if (first.equals("not bozo") || first.equals("bozo == 0")) {
            wf[3]++;
            if (feed != null) {
                wf[feed.leniency() == null ? 4 : 5]++;
            } else {
                boolean dtd = refusal != null && refusal.contains("DTD");
                wf[dtd ? 6 : 7]++;
                return !dtd;
            }
        }
        return false;
    }

    private static void romePair(FeedParser parser, ArticleMapper mapper, String name, Path input, Path output,
                                 Tally items, Tally titles, Tally dates, List<String> disagreements) throws IOException {
        String url = "http://127.0.0.1/" + name;
        Source source = new Source(1, Source.idFor(url), url, name, null, null, null, FETCHED);
        List<RawArticle> expected;
        List<RawArticle> ours;
        try {
            expected = mapper.map(parser.parse(Files.readAllBytes(output), "application/xml", URI.create(url)), source, FETCHED);
        } catch (FeedRefusedException e) {
            disagreements.add("rome expected output unreadable: " + name + ": " + e.getMessage());
            return;
        }
        String refusal = null;
        try {
            ours = mapper.map(parser.parse(Files.readAllBytes(input), "application/xml", URI.create(url)), source, FETCHED);
        } catch (FeedRefusedException e) {
            ours = List.of();
            refusal = e.getMessage();
        }
        boolean agree = ours.size() == expected.size();
        items.add(agree);
        note(disagreements, agree, "items", name, expected.size(), ours.size(), refusal);
        for (int i = 0; i < expected.size(); i++) {
            RawArticle o = i < ours.size() ? ours.get(i) : null;
            String et = collapse(expected.get(i).title());
            boolean t = o != null && Objects.equals(et, collapse(o.title()));
            titles.add(t);
            note(disagreements, t, "title", name + " #" + i, et, o == null ? "(missing)" : o.title(), refusal);
            if (!expected.get(i).publishedAtEstimated()) {
                boolean d = o != null && !o.publishedAtEstimated() && o.publishedAt().equals(expected.get(i).publishedAt());
                dates.add(d);
                note(disagreements, d, "date", name + " #" + i, expected.get(i).publishedAt(), o == null ? "(missing)" : o.publishedAt(), refusal);
            }
        }
    }

    private static RawArticle article(ArticleMapper mapper, ParsedFeed feed, int i, Source source) {
        if (feed == null || i >= feed.entries().size()) {
            return null;
        }
        SyndEntry entry = feed.entries().get(i);
        if (entry.getUri() == null || entry.getUri().isBlank()) {
            // the suites' entries often carry only the field under test; an id of our own keeps the item mapped
            // (Countersight drops an item with neither link, guid nor title), so titles and dates are still compared
            entry.setUri("conformance:" + i);
        }
        return mapper.map(entry, feed.hintsOf(i), feed, source, FETCHED);
    }

    private static void note(List<String> out, boolean agree, String what, String file, Object expected, Object ours,
                             String refusal) {
        if (!agree) {
            out.add(what + "  " + file + "  expected: " + expected + "  ours: " + ours
                    + (refusal == null ? "" : "  (refused: " + refusal + ")"));
        }
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    /** Text as Countersight keeps it: markup stripped, entities resolved, whitespace collapsed; null when empty. */
    static String text(String s) {
        String t = HtmlText.toText(s);
        return t == null ? null : t.replaceAll("\\s+", " ").strip();
    }

    static String collapse(String s) {
        if (s == null) {
            return null;
        }
        String t = s.replaceAll("\\s+", " ").strip();
        return t.isEmpty() ? null : t;
    }

    /** A Python string expression of literals joined by {@code +}, decoded. */
    static String python(String expr) {
        StringBuilder out = new StringBuilder();
        Matcher m = STRING.matcher(expr);
        while (m.find()) {
            String lit = m.group();
            if (lit.startsWith("u")) {
                lit = lit.substring(1);
            }
            String body = lit.substring(1, lit.length() - 1);
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c != '\\' || i + 1 >= body.length()) {
                    out.append(c);
                    continue;
                }
                char n = body.charAt(++i);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'x' -> {
                        out.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    case 'u' -> {
                        out.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    case 'U' -> {
                        out.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 9), 16));
                        i += 8;
                    }
                    default -> out.append(n);
                }
            }
        }
        return out.toString();
    }
}
