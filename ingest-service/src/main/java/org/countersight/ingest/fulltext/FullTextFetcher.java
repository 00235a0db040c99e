package org.countersight.ingest.fulltext;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import org.countersight.events.RawArticle;
import org.countersight.events.XmlText;
import org.countersight.ingest.fetch.FeedFetcher;
import org.countersight.ingest.fetch.FetchException;
import org.countersight.ingest.fetch.FetchResult;
import org.countersight.ingest.parse.ArticleMapper;
import org.countersight.ingest.fetch.HostGate;
import org.jboss.logging.Logger;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Full text for items that carry only a short summary: fetches the article page through the same
 * {@link FeedFetcher} (SSRF check on every hop, timeouts, byte cap, redirect limit, User-Agent), waits for the
 * host's politeness slot ({@link HostGate}, shared with the feed polls), obeys robots.txt (crawler-commons; fetched
 * through the same fetcher, cached per host for a day; a 4xx robots.txt allows all, a 5xx or unreachable one
 * forbids all for now, as RFC 9309 says), extracts the main text ({@link ArticleExtractor}) and the publication
 * time from page metadata when the feed had none. Any failure keeps the feed's text: the article is still sent.
 */
public final class FullTextFetcher {

    private static final Logger LOG = Logger.getLogger(FullTextFetcher.class);
    private static final Duration ROBOTS_TTL = Duration.ofHours(24);
    private static final int ROBOTS_CACHE = 10_000;
    static final String ROBOT_NAME = "countersight";

    /** @param minChars        items whose text is shorter than this get their page fetched
     *  @param maxPagesPerPoll at most this many pages per feed poll (the rest keep their summary) */
    public record Settings(boolean enabled, int minChars, int maxPagesPerPoll) {
    }

    private record CachedRules(BaseRobotRules rules, Instant until) {
    }

    private final FeedFetcher fetcher;
    private final HostGate hosts;
    private final Settings settings;
    private final ArticleExtractor extractor = new ArticleExtractor();
    private final SimpleRobotRulesParser robotsParser = new SimpleRobotRulesParser();
    private final Map<String, CachedRules> robots = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CachedRules> eldest) {
            return size() > ROBOTS_CACHE;
        }
    };

    public FullTextFetcher(FeedFetcher fetcher, HostGate hosts, Settings settings) {
        this.fetcher = fetcher;
        this.hosts = hosts;
        this.settings = settings;
    }

    /** The articles, those with a short text replaced by their page's text where that worked. */
    public List<RawArticle> enrich(List<RawArticle> articles) {
        return enrich(articles, 0, false).articles();
    }

    /**
     * @param articles        the articles, in order
     * @param skippedForTime  articles that needed a page but got none because the time was spent
     */
    public record Enriched(List<RawArticle> articles, int skippedForTime) {
    }

    /**
     * Like {@link #enrich(List)}, but no page fetch starts after {@code deadlineNanos} ({@link System#nanoTime()}):
     * the articles left keep the feed's text. A fetch in flight ends within the fetcher's own deadline.
     */
    public Enriched enrich(List<RawArticle> articles, long deadlineNanos) {
        return enrich(articles, deadlineNanos, true);
    }

    private Enriched enrich(List<RawArticle> articles, long deadlineNanos, boolean bounded) {
        if (!settings.enabled()) {
            return new Enriched(articles, 0);
        }
        List<RawArticle> out = new ArrayList<>(articles.size());
        int pages = 0;
        int skipped = 0;
        for (RawArticle a : articles) {
            if (pages < settings.maxPagesPerPoll() && needsPage(a)) {
                if (bounded && System.nanoTime() - deadlineNanos >= 0) {
                    skipped++;
                    out.add(a);
                    continue;
                }
                pages++;
                out.add(withPage(a));
            } else {
                out.add(a);
            }
        }
        return new Enriched(out, skipped);
    }

    boolean needsPage(RawArticle a) {
        return a.url() != null && (a.text() == null || a.text().length() < settings.minChars());
    }

    /** The article with its page's text and date, or unchanged when the page cannot be had or has no better text. */
    public RawArticle withPage(RawArticle a) {
        try {
            URI uri = URI.create(a.url());
            if (!allowedByRobots(uri)) {
                LOG.debugf("robots.txt forbids %s: keeping the feed's text", a.url());
                return a;
            }
            politeWait(uri.getHost());
            FetchResult result = fetcher.fetch(a.url(), null, null);
            if (!(result instanceof FetchResult.Fetched page)) {
                return a;
            }
            String type = page.contentType() == null ? "" : page.contentType().toLowerCase(Locale.ROOT);
            if (!type.isEmpty() && !type.contains("html")) {
                return a;
            }
            String charset = charsetOf(page.contentType());
            Document doc = Jsoup.parse(new ByteArrayInputStream(page.body()), charset, page.finalUri().toString());
            ArticleExtractor.Extracted extracted = extractor.extract(doc);
            String text = a.text();
            if (extracted.text() != null && (text == null || extracted.text().length() > text.length())) {
                text = cap(XmlText.clean(extracted.text()));
            }
            Instant publishedAt = a.publishedAt();
            boolean estimated = a.publishedAtEstimated();
            if (estimated && extracted.publishedAt() != null && !extracted.publishedAt().isAfter(a.fetchedAt().plus(Duration.ofDays(1)))) {
                publishedAt = extracted.publishedAt();
                estimated = false;
            }
            return new RawArticle(a.schemaVersion(), a.id(), a.url(), a.sourceId(), a.sourceName(), a.storyId(), a.guid(),
                    a.title(), a.summary(), text, a.language(), publishedAt, estimated, a.fetchedAt());
        } catch (FetchException e) {
            LOG.debugf("article page %s: %s", a.url(), e.getMessage());
            return a;
        } catch (IOException | RuntimeException e) {
            LOG.debugf("article page %s: %s", a.url(), e.toString());
            return a;
        }
    }

    boolean allowedByRobots(URI page) {
        String origin = page.getScheme() + "://" + page.getRawAuthority();
        CachedRules cached;
        synchronized (robots) {
            cached = robots.get(origin);
        }
        if (cached == null || cached.until().isBefore(Instant.now())) {
            cached = new CachedRules(fetchRules(origin), Instant.now().plus(ROBOTS_TTL));
            synchronized (robots) {
                robots.put(origin, cached);
            }
        }
        return cached.rules().isAllowed(page.toString());
    }

    private BaseRobotRules fetchRules(String origin) {
        String url = origin + "/robots.txt";
        try {
            politeWait(URI.create(url).getHost());
            FetchResult r = fetcher.fetch(url, null, null);
            if (r instanceof FetchResult.Fetched f) {
                return robotsParser.parseContent(url, f.body(), f.contentType() == null ? "text/plain" : f.contentType(),
                        List.of(ROBOT_NAME));
            }
            return robotsParser.failedFetch(500);
        } catch (FetchException e) {
            Integer status = e.httpStatus();
            // 4xx: no robots.txt, everything allowed; 5xx, timeouts, refused connections: assume disallowed
            return robotsParser.failedFetch(status != null && status >= 400 && status < 500 ? status : 503);
        }
    }

    private void politeWait(String host) {
        Duration wait = hosts.reserve(host);
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String c = p.substring(8).replace("\"", "").strip();
                try {
                    return java.nio.charset.Charset.isSupported(c) ? c : null;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String cap(String s) {
        return s.length() <= ArticleMapper.MAX_TEXT_CHARS ? s : s.substring(0, ArticleMapper.MAX_TEXT_CHARS);
    }
}
