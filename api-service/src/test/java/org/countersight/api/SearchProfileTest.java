package org.countersight.api;

import org.countersight.api.index.ArticleIndex;
import org.countersight.api.index.ArticleQuery;
import org.countersight.api.index.ArticleSearch;
import org.countersight.api.index.IndexService;
import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Profiling aid, not a test (skipped unless -Dprofile=true): the benchmark's queries straight against ArticleSearch
 * (no HTTP, no Kafka) on an index of {@code -Dprofile.articles} (default 200,000) of the benchmark's synthetic articles,
 * kept in target/ between runs. Attach JFR with -DargLine="-XX:StartFlightRecording=filename=target/profile.jfr,settings=profile".
 */
@EnabledIfSystemProperty(named = "profile", matches = "true")
class SearchProfileTest {

    static final int N = Integer.getInteger("profile.articles", 200_000);

    @Test
    void profile() throws Exception {
        Path dir = Path.of("target", "profile-index-v" + org.countersight.api.index.ArticleDocuments.SCHEMA_VERSION + "-" + N);
        boolean exists = Files.exists(dir.resolve("done"));
        try (ArticleIndex index = ArticleIndex.open(dir.resolve("index"), !exists)) {
            if (!exists) {
                long t0 = System.nanoTime();
                Random random = new Random(1);
                for (int i = 0; i < N; i++) {
                    TaggedArticle a = ApiBenchmarkIT.article(i, random);
                    index.upsert(a, Json.write(a));
                    if (i % 25_000 == 0) {
                        index.commit(Map.of()); // several flushes, like the feeder's periodic commits
                    }
                }
                index.commit(Map.of());
                Files.writeString(dir.resolve("done"), "");
                System.out.printf("PROFILE indexed %d in %.1f s%n", N, (System.nanoTime() - t0) / 1e9);
            }
            index.refresh();
            IndexService service = new IndexService(null, null, null) {
                @Override
                public ArticleIndex index() {
                    return index;
                }
            };
            ArticleSearch search = new ArticleSearch(service);
            if (Boolean.getBoolean("profile.check")) {
                check(search, index);
                return;
            }
            run(search, 100, false);
            run(search, Integer.getInteger("profile.queries", 500), true);
        }
    }

    /** The page's snippets equal those of a fresh highlighter per hit (how they were computed before the per-page one). */
    void check(ArticleSearch search, ArticleIndex index) {
        Random r = new Random(5);
        int compared = 0;
        for (int q = 0; q < 300; q++) {
            List<String> w = ApiBenchmarkIT.WORDS;
            String text = switch (q % 5) {
                case 0 -> w.get(r.nextInt(w.size()));
                case 1 -> w.get(r.nextInt(w.size())) + " " + w.get(r.nextInt(w.size()));
                case 2 -> "\"" + w.get(r.nextInt(w.size())) + " " + w.get(r.nextInt(w.size())) + "\"";
                case 3 -> ApiBenchmarkIT.COUNTRIES.get(r.nextInt(20)) + " " + w.get(r.nextInt(w.size())); // one word only in titles
                default -> w.get(r.nextInt(w.size())).substring(0, 4) + "* -" + w.get(r.nextInt(w.size())) + " | in";
            };
            ArticleQuery query = new ArticleQuery(text, null, null, null, null, null, null, null, null, null);
            ArticleSearch.Page page = search.search(query, q % 2 == 0 ? ArticleQuery.Sort.PUBLISHED : ArticleQuery.Sort.RELEVANCE, 50, null, false);
            var parser = new org.apache.lucene.queryparser.simple.SimpleQueryParser(index.queryAnalyzer(),
                    Map.of("title", 3f, "summary", 1.5f, "text", 1f));
            parser.setDefaultOperator(org.apache.lucene.search.BooleanClause.Occur.MUST);
            var luceneQuery = parser.parse(text);
            for (ArticleSearch.Hit h : page.hits()) {
                String expected = null;
                try {
                    for (String[] fv : new String[][] {{"text", h.article().text()}, {"summary", h.article().summary()}, {"title", h.article().title()}}) {
                        if (fv[1] == null || fv[1].isBlank()) {
                            continue;
                        }
                        var uh = org.apache.lucene.search.uhighlight.UnifiedHighlighter.builderWithoutSearcher(index.queryAnalyzer())
                                .withFormatter(new org.apache.lucene.search.uhighlight.DefaultPassageFormatter("<mark>", "</mark>", " … ", true))
                                .withMaxLength(100_000).build();
                        Object o = uh.highlightWithoutSearcher(fv[0], luceneQuery, fv[1], 2);
                        if (o != null && o.toString().contains("<mark>")) {
                            expected = o.toString();
                            break;
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                org.junit.jupiter.api.Assertions.assertEquals(expected, h.snippet(), "query " + text);
                compared++;
            }
        }
        System.out.printf("PROFILE check: %d snippets identical%n", compared);
        // a cursor page counts facets and total over the whole result, like the first page
        for (int q = 0; q < 40; q++) {
            String text = ApiBenchmarkIT.WORDS.get(q % ApiBenchmarkIT.WORDS.size());
            ArticleQuery query = new ArticleQuery(text, Set.of(ApiBenchmarkIT.COUNTRIES.get(q % 20)), null, null, null, null, null,
                    null, null, null);
            ArticleQuery.Sort sort = q % 2 == 0 ? ArticleQuery.Sort.PUBLISHED : ArticleQuery.Sort.RELEVANCE;
            ArticleSearch.Page first = search.search(query, sort, 20, null, true);
            ArticleSearch.Page second = search.search(query, sort, 20, org.countersight.api.index.Cursor.decode(first.nextCursor(), sort), true);
            org.junit.jupiter.api.Assertions.assertEquals(first.total(), second.total());
            org.junit.jupiter.api.Assertions.assertEquals(first.facets(), second.facets());
            org.junit.jupiter.api.Assertions.assertEquals(20, second.hits().size());
        }
        System.out.println("PROFILE check: cursor pages have the first page's total and facets");
        checkMatching(search, index);
    }

    /**
     * The published-order query (combined text field, date range on the sorted index) selects exactly the documents,
     * in the same order, of the three-field text query AND the plain points range, as built before.
     */
    void checkMatching(ArticleSearch search, ArticleIndex index) {
        Random r = new Random(11);
        List<String> w = ApiBenchmarkIT.WORDS;
        var sort = new org.apache.lucene.search.Sort(
                new org.apache.lucene.search.SortField("published", org.apache.lucene.search.SortField.Type.LONG, true),
                new org.apache.lucene.search.SortField("id", org.apache.lucene.search.SortField.Type.STRING));
        long[] published = index.search(s -> {
            long[] out = new long[50];
            var top = s.search(new org.apache.lucene.search.MatchAllDocsQuery(), 200_000, sort);
            for (int i = 0; i < out.length; i++) {
                out[i] = (Long) ((org.apache.lucene.search.FieldDoc) top.scoreDocs[r.nextInt(top.scoreDocs.length)]).fields[0];
            }
            return out;
        });
        int queries = 0;
        long matched = 0;
        for (int q = 0; q < 400; q++) {
            String a = w.get(r.nextInt(w.size()));
            String b = w.get(r.nextInt(w.size()));
            String text = switch (q % 12) {
                case 0 -> a;
                case 1 -> a + " " + b;
                case 2 -> "\"" + a + " " + b + "\"";
                case 3 -> a.substring(0, 3) + "*";
                case 4 -> a + " -" + b;
                case 5 -> a + " | " + b;
                case 6 -> a.substring(0, a.length() - 1) + "~1";
                case 7 -> a + "-" + b; // one part, two words: must stay within one field
                case 8 -> "\"" + a + " " + b + "\"~3";
                case 9 -> "\"" + r.nextInt(N) + " " + a + "\""; // title's last word then text's first: across fields
                case 10 -> "\"in " + ApiBenchmarkIT.COUNTRIES.get(r.nextInt(20)) + " " + r.nextInt(N) + " " + a + "\"~20000";
                default -> "-" + a + " " + b;
            };
            long lo = published[r.nextInt(published.length)];
            long hi = published[r.nextInt(published.length)];
            if (lo > hi) {
                long t = lo;
                lo = hi;
                hi = t;
            }
            boolean range = q % 3 != 0;
            String country = q % 4 == 0 ? null : ApiBenchmarkIT.COUNTRIES.get(r.nextInt(20));
            ArticleQuery query = new ArticleQuery(text, country == null ? null : Set.of(country), null, null, null, null, null,
                    range ? java.time.Instant.ofEpochMilli(lo) : null, range ? java.time.Instant.ofEpochMilli(hi) : null, null);
            var parser = new org.apache.lucene.queryparser.simple.SimpleQueryParser(index.queryAnalyzer(),
                    Map.of("title", 3f, "summary", 1.5f, "text", 1f));
            parser.setDefaultOperator(org.apache.lucene.search.BooleanClause.Occur.MUST);
            var parsed = parser.parse(text);
            var ref = new org.apache.lucene.search.BooleanQuery.Builder();
            ref.add(parsed == null ? new org.apache.lucene.search.MatchNoDocsQuery() : parsed, org.apache.lucene.search.BooleanClause.Occur.MUST);
            if (country != null) {
                ref.add(new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term("country", country)),
                        org.apache.lucene.search.BooleanClause.Occur.FILTER);
            }
            if (range) {
                ref.add(org.apache.lucene.document.LongPoint.newRangeQuery("published", lo, hi), org.apache.lucene.search.BooleanClause.Occur.FILTER);
            }
            var reference = ref.build();
            var fast = search.toLucene(query, false);
            int[] counts = index.search(s -> new int[] {s.count(reference), s.count(fast)});
            org.junit.jupiter.api.Assertions.assertEquals(counts[0], counts[1], "count of " + text + " / " + country + " / " + range);
            String[] ids = index.search(s -> new String[] {
                    java.util.Arrays.toString(java.util.Arrays.stream(s.search(reference, 30, sort).scoreDocs).mapToInt(d -> d.doc).toArray()),
                    java.util.Arrays.toString(java.util.Arrays.stream(s.search(fast, 30, sort).scoreDocs).mapToInt(d -> d.doc).toArray())});
            org.junit.jupiter.api.Assertions.assertEquals(ids[0], ids[1], "top 30 of " + text);
            queries++;
            matched += counts[0];
        }
        System.out.printf("PROFILE check: %d queries (%d matches) select the same documents in the same order as the three-field + points query%n",
                queries, matched);
    }

    void run(ArticleSearch search, int perClient, boolean report) throws Exception {
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        List<Future<?>> all = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int seed = c;
            all.add(pool.submit(() -> {
                Random r = new Random(seed * 31L + (report ? 7 : 3));
                for (int q = 0; q < perClient; q++) {
                    List<String> w = ApiBenchmarkIT.WORDS;
                    String text = w.get(r.nextInt(w.size())) + (r.nextBoolean() ? " " + w.get(r.nextInt(w.size())) : "");
                    LocalDate from = LocalDate.of(2024, 1, 1).plusDays(r.nextInt(700));
                    LocalDate to = from.plusDays(30 + r.nextInt(150));
                    ArticleQuery query = new ArticleQuery(text, Set.of(ApiBenchmarkIT.COUNTRIES.get(r.nextInt(ApiBenchmarkIT.COUNTRIES.size()))),
                            null, null, null, null, null, from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                            to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1), null);
                    long t = System.nanoTime();
                    long c0 = threads.getCurrentThreadCpuTime();
                    ArticleSearch.Page page = search.search(query, ArticleQuery.Sort.PUBLISHED, 20, null, true);
                    Json.write(page.hits().stream().map(h -> h.article()).toList());
                    cpu.addAndGet(threads.getCurrentThreadCpuTime() - c0);
                    latencies.add(System.nanoTime() - t);
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (report) {
            List<Long> s = new ArrayList<>(latencies);
            Collections.sort(s);
            // CPU time per query (the searching thread's own) varies far less with the machine's load than latency does
            System.out.printf("PROFILE %d articles, 8 clients x %d: %.0f q/s, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, "
                            + "CPU %.2f ms/query%n",
                    N, perClient, s.size() / seconds, ApiBenchmarkIT.pct(s, 50), ApiBenchmarkIT.pct(s, 90), ApiBenchmarkIT.pct(s, 99),
                    s.get(s.size() - 1) / 1e6, cpu.get() / 1e6 / s.size());
        }
    }
}
