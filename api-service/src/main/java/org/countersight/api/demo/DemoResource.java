package org.countersight.api.demo;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.rest.ApiException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Demo mode ({@code countersight.demo.enabled=true}): this service plays a news site, serving an RSS 2.0 feed of
 * the bundled sample articles and their pages, so the whole pipeline can run with no internet. Publication
 * times are set relative to when this service started (item n: n+1 hours earlier), so the articles are fresh
 * enough to raise alerts, and stay the same on every poll.
 */
@Path("/demo")
@ApplicationScoped
@Tag(name = "demo", description = "Sample news site for demo mode")
public class DemoResource {

    private final CountersightConfig config;
    private volatile Instant anchor = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    public DemoResource(CountersightConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent e) {
        anchor = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    }

    @GET
    @Path("/feed.xml")
    @Produces("application/rss+xml; charset=utf-8")
    @Operation(summary = "RSS 2.0 feed of the sample articles (demo mode only)")
    public String feed(@Context UriInfo uri) throws FeedException {
        requireEnabled();
        String base = uri.getBaseUri().toString().replaceAll("/+$", "");
        SyndFeed feed = new SyndFeedImpl();
        feed.setFeedType("rss_2.0");
        feed.setTitle("Countersight demo news");
        feed.setLink(base + "/demo/");
        feed.setDescription("Sample articles bundled with Countersight for its demo mode; written for the demo, not real news.");
        feed.setLanguage("en");
        feed.setPublishedDate(Date.from(anchor));
        List<SyndEntry> entries = new ArrayList<>();
        List<DemoArticles.Article> articles = DemoArticles.all();
        for (int i = 0; i < articles.size(); i++) {
            DemoArticles.Article a = articles.get(i);
            SyndEntry entry = new SyndEntryImpl();
            entry.setTitle(a.title());
            entry.setLink(base + "/demo/articles/" + (i + 1));
            entry.setUri(base + "/demo/articles/" + (i + 1));
            entry.setPublishedDate(Date.from(publishedAt(i)));
            SyndContent description = new SyndContentImpl();
            description.setType("text/plain");
            description.setValue(a.summary() + "\n\n" + a.text());
            entry.setDescription(description);
            SyndContent html = new SyndContentImpl();
            html.setType("text/html");
            html.setValue(paragraphsHtml(a));
            entry.setContents(List.of(html));
            entries.add(entry);
        }
        feed.setEntries(entries);
        return new SyndFeedOutput().outputString(feed);
    }

    @GET
    @Path("/articles/{n}")
    @Produces(MediaType.TEXT_HTML + "; charset=utf-8")
    @Operation(summary = "One sample article as a web page (demo mode only)")
    public String article(@PathParam("n") String n) {
        requireEnabled();
        int i;
        try {
            i = Integer.parseInt(n) - 1;
        } catch (NumberFormatException e) {
            i = -1;
        }
        List<DemoArticles.Article> articles = DemoArticles.all();
        if (i < 0 || i >= articles.size()) {
            throw ApiException.notFound("Demo article not found", "demo articles are numbered 1 to " + articles.size());
        }
        DemoArticles.Article a = articles.get(i);
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(a.title()) + "</title>"
                + "<meta name=\"description\" content=\"" + esc(a.summary()) + "\">"
                + "<meta property=\"article:published_time\" content=\"" + publishedAt(i) + "\"></head>\n<body>\n"
                + "<header><a href=\"../feed.xml\">Countersight demo news</a></header>\n<article>\n<h1>" + esc(a.title()) + "</h1>\n"
                + "<time datetime=\"" + publishedAt(i) + "\">" + publishedAt(i) + "</time>\n"
                + paragraphsHtml(a) + "\n</article>\n</body></html>\n";
    }

    Instant publishedAt(int index) {
        return anchor.minus(Duration.ofHours(index + 1L));
    }

    private void requireEnabled() {
        if (!config.demo().enabled()) {
            throw ApiException.notFound("Demo mode is off", "the demo feed is served only when COUNTERSIGHT_DEMO_ENABLED=true");
        }
    }

    private static String paragraphsHtml(DemoArticles.Article a) {
        StringBuilder sb = new StringBuilder();
        for (String p : a.paragraphs()) {
            sb.append("<p>").append(esc(p)).append("</p>\n");
        }
        return sb.toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
