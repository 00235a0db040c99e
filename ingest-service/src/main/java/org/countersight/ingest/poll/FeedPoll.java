package org.countersight.ingest.poll;

import org.countersight.events.RawArticle;
import org.countersight.events.Source;
import org.countersight.ingest.config.Settings;
import org.countersight.ingest.fetch.Durations;
import org.countersight.ingest.fetch.FetchException;
import org.countersight.ingest.fetch.FetchResult;
import org.countersight.ingest.fulltext.FullTextFetcher;
import org.countersight.ingest.identity.SeenArticleIds;
import org.countersight.ingest.kafka.Publisher;
import org.countersight.ingest.parse.FeedRefusedException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One poll of one feed: conditional GET and parse ({@link FeedPipeline}), keep the articles not seen before, fetch
 * the page of short ones, give each its story, send them to {@code articles.raw} and mark what Kafka acknowledged
 * as seen. Every failure becomes an outcome with its reason; nothing is thrown.
 */
final class FeedPoll {

    private static final Logger LOG = Logger.getLogger(FeedPoll.class);

    private final FeedPipeline pipeline;
    private final FullTextFetcher fullText;
    private final SourcePoller.Stories stories;
    private final Publisher publisher;
    private final SeenArticleIds seen;
    private final IngestMetrics metrics;
    private final Settings.Limits limits;

    FeedPoll(FeedPipeline pipeline, FullTextFetcher fullText, SourcePoller.Stories stories, Publisher publisher,
             SeenArticleIds seen, IngestMetrics metrics, Settings.Limits limits) {
        this.limits = limits;
        this.pipeline = pipeline;
        this.fullText = fullText;
        this.stories = stories;
        this.publisher = publisher;
        this.seen = seen;
        this.metrics = metrics;
    }

    /**
     * @param quotaLeft new articles this source may still send today ({@code daily-new-items-quota} less what it
     *                  sent since 00:00 UTC)
     */
    PollOutcome run(Source source, String etag, String lastModified, Instant attemptAt, int quotaLeft) {
        long start = System.nanoTime();
        PollOutcome outcome = attempt(source, etag, lastModified, attemptAt, start, Math.max(0, quotaLeft));
        metrics.fetched(outcome.kind().metric(), outcome.took());
        return outcome;
    }

    private PollOutcome attempt(Source source, String etag, String lastModified, Instant attemptAt, long start,
                                int quotaLeft) {
        Integer httpStatus = null;
        int itemsSeen = 0;
        int itemsNew = 0;
        try {
            FeedPipeline.Result result = pipeline.run(source, etag, lastModified, attemptAt);
            if (result instanceof FeedPipeline.NotModified notModified) {
                FetchResult.NotModified nm = notModified.response();
                return PollOutcome.success(PollOutcome.Kind.NOT_MODIFIED, 304, 0, 0, nm.etag(), nm.lastModified(), since(start));
            }
            FeedPipeline.Parsed parsed = (FeedPipeline.Parsed) result;
            FetchResult.Fetched fetched = parsed.response();
            httpStatus = fetched.status();
            metrics.bytes(fetched.body().length);
            List<RawArticle> articles = parsed.articles();
            itemsSeen = articles.size();
            List<RawArticle> fresh = new ArrayList<>();
            for (RawArticle a : articles) {
                if (!seen.contains(a.id())) {
                    fresh.add(a);
                }
            }
            List<String> notes = new ArrayList<>();
            if (parsed.note() != null) {
                notes.add(parsed.note());
            }
            boolean heldBack = false;
            int allowed = Math.min(limits.maxNewItemsPerPoll(), quotaLeft);
            if (fresh.size() > allowed) {
                heldBack = true;
                int waiting = fresh.size() - allowed;
                // the newest first; the rest are not marked seen, so a later poll sends them
                fresh.sort(Comparator.comparing(RawArticle::publishedAt, Comparator.nullsLast(Comparator.reverseOrder())));
                fresh = new ArrayList<>(fresh.subList(0, allowed));
                if (allowed == quotaLeft) {
                    notes.add("daily quota reached: " + limits.dailyNewItemsQuota() + " new items per day "
                            + "(countersight.poll.daily-new-items-quota); " + waiting + " wait until 00:00 UTC");
                } else {
                    notes.add("item cap: " + (allowed + waiting) + " new items, the newest " + allowed + " sent this poll "
                            + "(countersight.poll.max-new-items-per-poll); " + waiting + " wait for the next poll");
                }
                LOG.infof("source %s (%s): %d new items held back (%s)", source.id(), source.url(), waiting,
                        notes.get(notes.size() - 1));
            }
            // only new articles cost a page fetch and take a place in the story index; page fetches stop once the
            // poll's time budget is spent
            FullTextFetcher.Enriched enriched = fullText.enrich(fresh, start + limits.timeBudget().toNanos());
            if (enriched.skippedForTime() > 0) {
                notes.add("time budget: " + enriched.skippedForTime() + " article pages not fetched, the poll's "
                        + Durations.human(limits.timeBudget()) + " were spent (countersight.poll.time-budget)");
            }
            fresh = stories.assign(enriched.articles());
            List<RawArticle> sent;
            try {
                sent = fresh.isEmpty() ? List.of() : publisher.sendArticles(fresh);
            } catch (Publisher.PublishException e) {
                itemsNew = markSeen(e.sent());
                throw e;
            }
            itemsNew = markSeen(sent);
            // validators only move on once everything of this response is safely in Kafka; with items held back
            // they stay put, so the next poll gets the whole document again instead of a 304
            String note = notes.isEmpty() ? null : String.join("; ", notes);
            return new PollOutcome(PollOutcome.Kind.OK, httpStatus, note, itemsSeen, itemsNew,
                    heldBack ? null : fetched.etag(), heldBack ? null : fetched.lastModified(), since(start));
        } catch (FetchException e) {
            return PollOutcome.failure(PollOutcome.Kind.FETCH_ERROR, e.httpStatus(), e.getMessage(), e.failure(), itemsSeen, itemsNew, since(start));
        } catch (FeedRefusedException e) {
            return PollOutcome.failure(PollOutcome.Kind.PARSE_ERROR, httpStatus, e.getMessage(), itemsSeen, itemsNew, since(start));
        } catch (Publisher.PublishException e) {
            return PollOutcome.failure(PollOutcome.Kind.PUBLISH_ERROR, httpStatus, e.getMessage(), itemsSeen, itemsNew, since(start));
        } catch (RuntimeException e) {
            LOG.errorf(e, "source %s (%s): unexpected error", source.id(), source.url());
            return PollOutcome.failure(PollOutcome.Kind.ERROR, httpStatus, "unexpected error: " + e, itemsSeen, itemsNew, since(start));
        }
    }

    private int markSeen(List<RawArticle> sent) {
        for (RawArticle a : sent) {
            seen.add(a.id());
        }
        metrics.articlesSent(sent.size());
        return sent.size();
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
