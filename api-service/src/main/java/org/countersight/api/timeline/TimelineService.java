package org.countersight.api.timeline;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.countersight.api.index.ArticleDocuments;
import org.countersight.api.index.ArticleQuery;
import org.countersight.api.index.ArticleSearch;
import org.countersight.api.index.IndexService;

import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of matching articles per day, ISO week (starting Monday) or month, UTC, split by category. Reads
 * only doc values, so it costs one pass over the matches and memory per bucket, not per article.
 */
@ApplicationScoped
public class TimelineService {

    /** Gaps between the first and last bucket are filled with zeros up to this many buckets. */
    private static final int MAX_FILLED_BUCKETS = 2000;

    public enum Interval { DAY, WEEK, MONTH }

    public record Bucket(LocalDate start, long total, Map<String, Long> categories) {
    }

    public record Timeline(String interval, long total, List<Bucket> buckets) {
    }

    private final IndexService index;
    private final ArticleSearch search;

    public TimelineService(IndexService index, ArticleSearch search) {
        this.index = index;
        this.search = search;
    }

    public Timeline timeline(ArticleQuery q, Interval interval) {
        Query query = search.toLucene(q, false); // counts only: no scores needed
        Map<LocalDate, Counts> buckets = index.index().search(shared -> {
            var s = search.limited(shared);
            Map<LocalDate, Counts> counted = s.search(query, new Manager(interval));
            search.checkTimedOut(s);
            return counted;
        });
        List<Bucket> out = new ArrayList<>();
        long total = 0;
        TreeMap<LocalDate, Counts> sorted = new TreeMap<>(buckets);
        if (!sorted.isEmpty()) {
            LocalDate first = sorted.firstKey();
            LocalDate last = sorted.lastKey();
            int n = 0;
            boolean fill = true;
            for (LocalDate d = first; !d.isAfter(last); d = step(d, interval)) {
                if (++n > MAX_FILLED_BUCKETS) {
                    fill = false;
                    break;
                }
            }
            Iterable<LocalDate> keys = fill ? dates(first, last, interval) : sorted.keySet();
            for (LocalDate d : keys) {
                Counts c = sorted.get(d);
                out.add(c == null ? new Bucket(d, 0, Map.of()) : new Bucket(d, c.total, new TreeMap<>(c.byCategory)));
                total += c == null ? 0 : c.total;
            }
        }
        return new Timeline(interval.name().toLowerCase(), total, out);
    }

    private static List<LocalDate> dates(LocalDate first, LocalDate last, Interval interval) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = step(d, interval)) {
            out.add(d);
        }
        return out;
    }

    private static LocalDate step(LocalDate d, Interval interval) {
        return switch (interval) {
            case DAY -> d.plusDays(1);
            case WEEK -> d.plusWeeks(1);
            case MONTH -> d.plusMonths(1);
        };
    }

    static LocalDate bucketOf(long millis, Interval interval) {
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
        return switch (interval) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    private static final class Counts {
        long total;
        final Map<String, Long> byCategory = new HashMap<>();

        void add(Counts o) {
            total += o.total;
            o.byCategory.forEach((k, v) -> byCategory.merge(k, v, Long::sum));
        }
    }

    private record Manager(Interval interval) implements CollectorManager<BucketCollector, Map<LocalDate, Counts>> {
        @Override
        public BucketCollector newCollector() {
            return new BucketCollector(interval);
        }

        @Override
        public Map<LocalDate, Counts> reduce(Collection<BucketCollector> collectors) {
            Map<LocalDate, Counts> all = new HashMap<>();
            for (BucketCollector c : collectors) {
                c.buckets.forEach((d, counts) -> all.computeIfAbsent(d, k -> new Counts()).add(counts));
            }
            return all;
        }
    }

    private static final class BucketCollector extends SimpleCollector {
        private final Interval interval;
        final Map<LocalDate, Counts> buckets = new HashMap<>();
        private NumericDocValues published;
        private SortedSetDocValues categories;

        BucketCollector(Interval interval) {
            this.interval = interval;
        }

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            published = DocValues.getNumeric(context.reader(), ArticleDocuments.PUBLISHED);
            categories = DocValues.getSortedSet(context.reader(), ArticleDocuments.FACET_PREFIX + ArticleDocuments.CATEGORY);
        }

        @Override
        public void collect(int doc) throws IOException {
            if (!published.advanceExact(doc)) {
                return;
            }
            Counts c = buckets.computeIfAbsent(bucketOf(published.longValue(), interval), k -> new Counts());
            c.total++;
            if (categories.advanceExact(doc)) {
                for (int i = 0; i < categories.docValueCount(); i++) {
                    String cat = categories.lookupOrd(categories.nextOrd()).utf8ToString();
                    c.byCategory.merge(cat, 1L, Long::sum);
                }
            }
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
