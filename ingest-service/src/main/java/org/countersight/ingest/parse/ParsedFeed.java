package org.countersight.ingest.parse;

import com.rometools.rome.feed.synd.SyndEntry;

import java.net.URI;
import java.util.List;

/** A parsed feed: its type (e.g. rss_2.0, atom_1.0, rss_1.0), title, declared language and entries. */
public record ParsedFeed(String feedType, String title, String language, URI baseUri, List<SyndEntry> entries) {
}
