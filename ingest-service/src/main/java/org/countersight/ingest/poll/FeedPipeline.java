package org.countersight.ingest.poll;

import org.countersight.events.RawArticle;
import org.countersight.events.Source;
import org.countersight.ingest.fetch.FeedFetcher;
import org.countersight.ingest.fetch.FetchException;
import org.countersight.ingest.fetch.FetchResult;
import org.countersight.ingest.parse.ArticleMapper;
import org.countersight.ingest.parse.FeedParser;
import org.countersight.ingest.parse.FeedRefusedException;
import org.countersight.ingest.parse.ParsedFeed;

import java.time.Instant;
import java.util.List;

/**
 * The one fetch-and-parse path: conditional GET ({@link FeedFetcher}), parse ({@link FeedParser}), map
 * ({@link ArticleMapper}). The poller and the corpus command both go through it, so what the corpus run shows is
 * what the service does.
 */
public final class FeedPipeline {

    private final FeedFetcher fetcher;
    private final FeedParser parser;
    private final ArticleMapper mapper = new ArticleMapper();

    public FeedPipeline(FeedFetcher fetcher) {
        this(fetcher, FeedParser.DEFAULT_MAX_ITEMS);
    }

    /** @param maxItemsPerDocument items read from one document, the newest ({@code countersight.poll.max-items-per-document}) */
    public FeedPipeline(FeedFetcher fetcher, int maxItemsPerDocument) {
        this.fetcher = fetcher;
        this.parser = new FeedParser(maxItemsPerDocument);
    }

    public FeedFetcher fetcher() {
        return fetcher;
    }

    /** What one run gave. */
    public sealed interface Result {
    }

    /** 304: nothing changed since the validators. */
    public record NotModified(FetchResult.NotModified response) implements Result {
    }

    /**
     * A body that parsed, with the articles it maps to (duplicates within the feed already dropped) and what the
     * source's status should say about it ({@link ArticleMapper#statusNote}: "parsed leniently: ...", zone-less
     * dates), null when nothing.
     */
    public record Parsed(FetchResult.Fetched response, ParsedFeed feed, List<RawArticle> articles, String note)
            implements Result {
    }

    /**
     * @throws FetchException       the fetch failed (status, timeout, size, redirect, unsafe URL), with its reason
     * @throws FeedRefusedException the body is not a feed we accept (DTD, HTML, broken XML, ...), with its reason
     */
    public Result run(Source source, String etag, String lastModified, Instant fetchedAt)
            throws FetchException, FeedRefusedException {
        FetchResult result = fetcher.fetch(source.url(), etag, lastModified);
        if (result instanceof FetchResult.NotModified nm) {
            return new NotModified(nm);
        }
        FetchResult.Fetched fetched = (FetchResult.Fetched) result;
        ParsedFeed feed = parser.parse(fetched.body(), fetched.contentType(), fetched.finalUri());
        return new Parsed(fetched, feed, mapper.map(feed, source, fetchedAt), ArticleMapper.statusNote(feed, source));
    }
}
