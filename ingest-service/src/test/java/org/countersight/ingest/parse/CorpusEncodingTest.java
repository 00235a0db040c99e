package org.countersight.ingest.parse;

import org.countersight.ingest.corpus.SharedCorpus;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feedparser encoding files (read in place from the feed corpus, never copied): each carries its HTTP
 * Content-Type in a "Header:" comment line and its expectation in "Expect:". Two kinds are checked:
 * {@code feed['title'] == u'\xNN'} (the decoded title) and {@code encoding == 'x'} (the charset chosen).
 */
public class CorpusEncodingTest {

    private static final Pattern TITLE = Pattern.compile("Expect:\\s*not bozo and feed\\['title'\\] == u?'((?:\\\\[xu][0-9a-fA-F]+)+)'");
    private static final Pattern ENCODING = Pattern.compile("Expect:\\s*not bozo and encoding == '([^']+)'");
    private static final Pattern HEADER = Pattern.compile("Header:\\s*Content-type:\\s*(.*)", Pattern.CASE_INSENSITIVE);
    /** Declared charsets Java has no decoder for (Python knows them): the fallback decodes these files, wrongly. */
    private static final Set<String> NO_JAVA_DECODER = Set.of("cp1125", "koi8-t", "tcvn", "tcvn-5712", "tcvn5712-1",
            "viscii", "dbcs");

    static Path corpus() {
        return SharedCorpus.feeds();
    }

    @Test
    void feedparserEncodingFilesDecodeAsExpected() throws Exception {
        Path corpus = corpus();
        Assumptions.assumeTrue(corpus != null, "SKIPPED: " + SharedCorpus.NOT_FOUND + "; encoding checks not run");
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("feedparser/tests/encoding", "feedparser-5.2.1-extra/feedparser/tests/encoding")) {
            try (Stream<Path> s = Files.list(corpus.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".xml")).sorted().forEach(files::add);
            }
        }
        FeedParser parser = new FeedParser();
        int titles = 0;
        int encodings = 0;
        int unsupported = 0;
        List<String> wrong = new ArrayList<>();
        for (Path file : files) {
            byte[] body = Files.readAllBytes(file);
            String ascii = new String(body, StandardCharsets.ISO_8859_1);
            Matcher h = HEADER.matcher(ascii);
            String contentType = h.find() ? h.group(1).strip() : null;
            String name = file.getFileName().toString();
            Matcher t = TITLE.matcher(ascii);
            Matcher e = ENCODING.matcher(ascii);
            if (t.find()) {
                String expected = unescape(t.group(1));
                String declared = name.startsWith("x80_") ? name.substring(4, name.length() - 4) : null;
                ParsedFeed feed = parser.parse(body, contentType, URI.create("http://127.0.0.1/" + name));
                if (declared != null && NO_JAVA_DECODER.contains(declared)) {
                    unsupported++;
                } else if (!expected.equals(feed.title())) {
                    wrong.add(name + ": title " + feed.title() + " expected " + expected + " via " + feed.charset());
                } else {
                    titles++;
                }
            } else if (e.find()) {
                String expected = e.group(1);
                boolean headerCharset = CharsetDetector.charsetParameter(contentType) != null;
                if (expected.equals("us-ascii") && !headerCharset) {
                    continue; // RFC 3023's text/* default, deliberately not followed (RFC 7303)
                }
                ParsedFeed feed = parser.parse(body, contentType, URI.create("http://127.0.0.1/" + name));
                Charset want = CharsetDetector.lookup(expected);
                if (!feed.charset().startsWith(want.name() + " ")) {
                    wrong.add(name + ": charset " + feed.charset() + " expected " + want.name());
                } else {
                    encodings++;
                }
            }
        }
        System.out.printf("feedparser encoding files: %d titles decoded as expected, %d charsets as expected, "
                + "%d skipped (charset without a Java decoder), %d wrong%n", titles, encodings, unsupported, wrong.size());
        assertEquals(List.of(), wrong);
        assertTrue(titles >= 90, "titles checked: " + titles);
        assertTrue(encodings >= 20, "charsets checked: " + encodings);
    }

    private static String unescape(String python) {
        StringBuilder sb = new StringBuilder();
        Matcher m = Pattern.compile("\\\\([xu])([0-9a-fA-F]+)").matcher(python);
        while (m.find()) {
            sb.append((char) Integer.parseInt(m.group(2), 16));
        }
        return sb.toString();
    }
}
