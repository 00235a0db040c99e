package org.countersight.ingest.poll;

import org.countersight.events.RawArticle;
import org.countersight.events.Source;
import org.countersight.ingest.fetch.FetchException;
import org.countersight.ingest.fetch.FetchResult;
import org.countersight.ingest.fulltext.FullTextFetcher;
import org.countersight.ingest.kafka.Publisher;
import org.countersight.ingest.kafka.SeenArticleIds;
import org.countersight.ingest.parse.FeedRefusedException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    FeedPoll(FeedPipeline pipeline, FullTextFetcher fullText, SourcePoller.Stories stories, Publisher publisher,
             SeenArticleIds seen, IngestMetrics metrics) {
        this.pipeline = pipeline;
        this.fullText = fullText;
        this.stories = stories;
        this.publisher = publisher;
        this.seen = seen;
        this.metrics = metrics;
    }

    PollOutcome run(Source source, String etag, String lastModified, Instant attemptAt) {
        long start = System.nanoTime();
        PollOutcome outcome = attempt(source, etag, lastModified, attemptAt, start);
        metrics.fetched(outcome.kind().metric(), outcome.took());
        return outcome;
    }

    private PollOutcome attempt(Source source, String etag, String lastModified, Instant attemptAt, long start) {
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
            // only new articles cost a page fetch and take a place in the story index
            fresh = stories.assign(fullText.enrich(fresh));
            List<RawArticle> sent;
            try {
                sent = fresh.isEmpty() ? List.of() : publisher.sendArticles(fresh);
            } catch (Publisher.PublishException e) {
                itemsNew = markSeen(e.sent());
                throw e;
            }
            itemsNew = markSeen(sent);
            // validators only move on once everything of this response is safely in Kafka
            return new PollOutcome(PollOutcome.Kind.OK, httpStatus, parsed.note(), itemsSeen, itemsNew, fetched.etag(),
                    fetched.lastModified(), since(start));
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
