package org.countersight.api.rest;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndCategoryImpl;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndLinkImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import org.countersight.api.alerts.AlertFilter;
import org.countersight.api.alerts.AlertHub;
import org.countersight.events.Alert;
import org.countersight.events.TaggedArticle;
import org.countersight.events.XmlText;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/** Alerts as an Atom 1.0 feed, so an NGO can follow a country or a category in any feed reader. */
@Path("/feeds/alerts.atom")
@Tag(name = "alerts")
public class AlertFeedResource {

    private final AlertHub hub;

    public AlertFeedResource(AlertHub hub) {
        this.hub = hub;
    }

    @GET
    @Produces("application/atom+xml; charset=utf-8")
    @Operation(summary = "Atom feed of recent alerts",
            description = "One entry per alert with its evidence sentences and a link to the article, newest first. "
                    + "Example: /feeds/alerts.atom?country=KH for Cambodia, /feeds/alerts.atom?category=spyware.")
    public String feed(@Context UriInfo uri,
                       @QueryParam("country") @Parameter(description = "event country code(s)", example = "KH") List<String> country,
                       @QueryParam("category") @Parameter(description = "category(ies)", example = "spyware") List<String> category,
                       @QueryParam("minConfidence") String minConfidence,
                       @QueryParam("limit") @Parameter(description = "entries, 1 to 500 (default 100)") String limit) throws FeedException {
        AlertFilter filter = Params.alertFilter(country, category, minConfidence);
        int n = Params.intInRange("limit", limit, 100, 1, 500);
        List<AlertHub.Entry> entries = hub.recent(filter, n);

        SyndFeed feed = new SyndFeedImpl();
        feed.setFeedType("atom_1.0");
        feed.setTitle("Countersight alerts" + describe(filter));
        String self = uri.getRequestUri().toString();
        feed.setUri(self);
        SyndLink selfLink = new SyndLinkImpl();
        selfLink.setRel("self");
        selfLink.setHref(self);
        selfLink.setType("application/atom+xml");
        feed.setLinks(List.of(selfLink));
        feed.setLink(uri.getBaseUri().toString());
        feed.setDescription("Surveillance-technology events found in the news by Countersight");
        Instant updated = entries.isEmpty() || entries.get(0).alert().raisedAt() == null
                ? Instant.EPOCH : entries.get(0).alert().raisedAt();
        feed.setPublishedDate(Date.from(updated));

        List<SyndEntry> out = new ArrayList<>();
        for (AlertHub.Entry e : entries) {
            out.add(entry(e.alert()));
        }
        feed.setEntries(out);
        return new SyndFeedOutput().outputString(feed);
    }

    /**
     * One alert as an entry. Every text goes through {@link XmlText#clean}: alerts come from feeds, and one control
     * character or lone surrogate would make the XML writer fail the whole feed.
     */
    private static SyndEntry entry(Alert a) {
        SyndEntry entry = new SyndEntryImpl();
        entry.setUri("urn:countersight:alert:" + XmlText.clean(a.articleId()));
        entry.setTitle(a.title() == null ? "(untitled)" : XmlText.clean(a.title()));
        if (a.url() != null) {
            entry.setLink(XmlText.clean(a.url()));
        }
        Instant raised = a.raisedAt() != null ? a.raisedAt() : a.publishedAt() != null ? a.publishedAt() : Instant.EPOCH;
        entry.setUpdatedDate(Date.from(raised));
        if (a.publishedAt() != null) {
            entry.setPublishedDate(Date.from(a.publishedAt()));
        }
        if (a.sourceName() != null) {
            entry.setAuthor(XmlText.clean(a.sourceName()));
        }
        List<SyndCategory> categories = new ArrayList<>();
        if (a.categories() != null) {
            for (String c : a.categories()) {
                SyndCategory cat = new SyndCategoryImpl();
                cat.setName(XmlText.clean(c));
                cat.setTaxonomyUri("urn:countersight:taxonomy:v1");
                categories.add(cat);
            }
        }
        if (a.countries() != null) {
            for (String c : a.countries()) {
                SyndCategory cat = new SyndCategoryImpl();
                cat.setName(XmlText.clean(c));
                cat.setTaxonomyUri("urn:iso:std:iso:3166:-1:alpha-2");
                categories.add(cat);
            }
        }
        entry.setCategories(categories);
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Confidence %.2f. ", a.confidence()));
        if (a.signal() != null) {
            text.append("Inferred from the country's own sources, not reported: ").append(a.signal().reason()).append('\n');
        }
        if (a.events() != null) {
            for (TaggedArticle.Event ev : a.events()) {
                text.append('[').append(ev.category());
                if (ev.country() != null) {
                    text.append(", ").append(ev.country());
                }
                text.append("] ").append(ev.sentence() == null ? "" : ev.sentence().strip()).append('\n');
            }
        }
        SyndContent summary = new SyndContentImpl();
        summary.setType("text");
        summary.setValue(XmlText.clean(text.toString().strip()));
        entry.setDescription(summary);
        return entry;
    }

    private static String describe(AlertFilter f) {
        List<String> parts = new ArrayList<>();
        if (!f.countries().isEmpty()) {
            parts.add(String.join(", ", f.countries()));
        }
        if (!f.categories().isEmpty()) {
            parts.add(String.join(", ", f.categories()));
        }
        return parts.isEmpty() ? "" : ": " + String.join(" / ", parts);
    }
}
