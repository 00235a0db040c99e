package org.countersight.api.coverage;

import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.countersight.api.index.ArticleDocuments;
import org.countersight.api.index.ArticleIndex;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Articles per source per hour, read from the index at one instant: {@code hourly[h]} counts the articles published
 * between h and h+1 hours before {@link #at}, so "the last hour", "the same hour one week ago" and "the same 24 hours
 * four weeks ago" are plain sums. Built by walking each source's postings in the index (sorted newest first, so the
 * walk of a source stops at the horizon), never by a query per source and window.
 */
public final class SourceVolumes {

    private static final long HOUR = Duration.ofHours(1).toMillis();

    /** One source's counts; {@code historyHours}: how far back its articles go (capped at the horizon). */
    public record Volume(int[] hourly, long lastArticleMillis, int historyHours) {

        /** Articles published between {@code fromHours} and {@code toHours} before the snapshot. */
        public int count(int fromHours, int toHours) {
            int sum = 0;
            for (int h = Math.max(0, fromHours); h < Math.min(toHours, hourly.length); h++) {
                sum += hourly[h];
            }
            return sum;
        }
    }

    private static final SourceVolumes EMPTY = new SourceVolumes(Instant.EPOCH, 0, Map.of());

    private final Instant at;
    private final int horizonHours;
    private final Map<String, Volume> volumes;

    private SourceVolumes(Instant at, int horizonHours, Map<String, Volume> volumes) {
        this.at = at;
        this.horizonHours = horizonHours;
        this.volumes = volumes;
    }

    public static SourceVolumes empty() {
        return EMPTY;
    }

    public Instant at() {
        return at;
    }

    public int horizonHours() {
        return horizonHours;
    }

    /** Null when the index holds no article of the source within the horizon and none before it. */
    public Volume of(String sourceId) {
        return volumes.get(sourceId);
    }

    private static boolean newestFirst(LeafReader reader) {
        Sort sort = reader.getMetaData() == null ? null : reader.getMetaData().getSort();
        if (sort == null || sort.getSort().length == 0) {
            return false;
        }
        SortField first = sort.getSort()[0];
        return first.getField().equals(ArticleDocuments.PUBLISHED) && first.getReverse();
    }

    /**
     * Reads the volumes of the given sources (source ids index as exact terms of {@link ArticleDocuments#SOURCE};
     * names share that field, so only known ids are read).
     */
    public static SourceVolumes read(ArticleIndex index, Set<String> sourceIds, Instant now, int horizonHours) {
        long nowMillis = now.toEpochMilli();
        Map<String, int[]> hourly = new HashMap<>();
        Map<String, Long> last = new HashMap<>();
        Map<String, Long> oldest = new HashMap<>();
        index.search(searcher -> {
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                LeafReader reader = leaf.reader();
                Terms terms = reader.terms(ArticleDocuments.SOURCE);
                if (terms == null) {
                    continue;
                }
                // the index is sorted newest first: a source's documents in a segment run from new to old
                boolean newestFirst = newestFirst(reader);
                Bits live = reader.getLiveDocs();
                TermsEnum te = terms.iterator();
                PostingsEnum postings = null;
                BytesRef term;
                while ((term = te.next()) != null) {
                    String id = term.utf8ToString();
                    if (!sourceIds.contains(id)) {
                        continue;
                    }
                    postings = te.postings(postings, PostingsEnum.NONE);
                    NumericDocValues published = DocValues.getNumeric(reader, ArticleDocuments.PUBLISHED);
                    int[] hours = null;
                    for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                        if (live != null && !live.get(doc) || !published.advanceExact(doc)) {
                            continue;
                        }
                        long p = published.longValue();
                        last.merge(id, p, Math::max);
                        long hour = Math.max(0, nowMillis - p) / HOUR; // a date in the future counts as now
                        if (hour >= horizonHours) {
                            oldest.put(id, Long.MIN_VALUE); // history reaches past the horizon
                            if (newestFirst) {
                                break;
                            }
                            continue;
                        }
                        if (hours == null) {
                            hours = hourly.computeIfAbsent(id, k -> new int[horizonHours]);
                        }
                        hours[(int) hour]++;
                        oldest.merge(id, p, Math::min);
                    }
                }
            }
            return null;
        });
        Map<String, Volume> out = new HashMap<>(last.size() * 2);
        for (Map.Entry<String, Long> e : last.entrySet()) {
            String id = e.getKey();
            long first = oldest.getOrDefault(id, Long.MIN_VALUE);
            int history = first == Long.MIN_VALUE ? horizonHours
                    : (int) Math.min(horizonHours, Math.max(0, nowMillis - first) / HOUR + 1);
            int[] hours = hourly.get(id);
            out.put(id, new Volume(hours == null ? new int[0] : hours, e.getValue(), history));
        }
        return new SourceVolumes(now, horizonHours, Map.copyOf(out));
    }
}
