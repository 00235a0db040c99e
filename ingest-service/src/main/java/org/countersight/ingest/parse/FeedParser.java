package org.countersight.ingest.parse;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import org.jdom2.Document;

import java.net.URI;
import java.util.List;

import static org.countersight.ingest.parse.FailureDetail.detail;
import static org.countersight.ingest.parse.FailureDetail.rootCause;

/**
 * Parses RSS 0.9x/1.0 (RDF)/2.0 and Atom 0.3/1.0 with Rome, and JSON Feed 1.x with Jackson ({@link JsonFeedParser}).
 * Hostile input is refused before Rome sees it: the prolog is scanned and any DOCTYPE refused ({@link FeedProlog}:
 * no DTD, so no entity can be declared: no billion laughs, no quadratic blow-up, no XXE), and Rome's own SAX
 * builder with doctypes disallowed is the second line ({@link FeedXmlReader}, which also repairs broken XML). HTML
 * pages are recognised and named as such. The character encoding is decided by {@link CharsetDetector} (BOM, HTTP
 * charset, XML declaration, then UTF-8 or windows-1252). Format variants are brought to Rome's form
 * ({@link FeedVariants}), and the JDOM document Rome works on is also read for what Rome drops
 * ({@link EntryHintReader}).
 */
public final class FeedParser {

    /** Items read from one document unless configured otherwise ({@code countersight.poll.max-items-per-document}). */
    public static final int DEFAULT_MAX_ITEMS = 1000;

    private final int maxItems;
    private final JsonFeedParser json;

    public FeedParser() {
        this(DEFAULT_MAX_ITEMS);
    }

    /** @param maxItems items read from one document, the newest ({@link ItemCap}); the rest never reach a tree */
    public FeedParser(int maxItems) {
        this.maxItems = Math.max(1, maxItems);
        this.json = new JsonFeedParser(this.maxItems);
    }

    public ParsedFeed parse(byte[] body, String contentType, URI feedUri) throws FeedRefusedException {
        if (body == null || body.length == 0) {
            throw new FeedRefusedException("response is empty, not a feed");
        }
        CharsetDetector.Decoded decoded = CharsetDetector.decode(body, contentType);
        String text = decoded.text();
        String charset = decoded.charset().name() + " (" + decoded.from() + ")";
        String start = text.stripLeading();
        if (start.startsWith("\uFEFF")) {
            start = start.substring(1).stripLeading();
        }
        if (start.startsWith("{")) {
            return json.parse(start, feedUri, charset);
        }
        FeedProlog.check(text, contentType);
        ItemCap.Capped capped = ItemCap.apply(text, maxItems);
        // only a cut document reports its own count: otherwise the entries Rome reads are the items
        int itemsInDocument = capped.itemsInDocument() > maxItems ? capped.itemsInDocument() : 0;
        FeedXmlReader.Read read = FeedXmlReader.read(capped.text());
        Document doc = read.doc();
        String leniency = read.leniency();
        String strictError = read.strictError();
        try {
            FeedVariants.normalise(doc);
        } catch (RuntimeException e) {
            // a variant that cannot be brought to Rome's form is left as it is: Rome decides, with its reason
        }
        String emptyFeedType = FeedVariants.channelless(doc.getRootElement());
        if (emptyFeedType != null) {
            // an RSS or RDF document with no channel is an empty feed (Rome would fail on it with a NullPointerException)
            return new ParsedFeed(emptyFeedType, null, null, feedUri, List.of(), List.of(), charset, leniency,
                    itemsInDocument);
        }
        SyndFeed feed;
        try {
            feed = new SyndFeedInput().build(doc);
        } catch (IllegalArgumentException e) {
            // a repaired document that is no feed: the original fault is the reason a person can act on
            throw new FeedRefusedException(strictError != null ? strictError : "XML is not an RSS, RDF or Atom feed" + detail(e));
        } catch (FeedException e) {
            throw new FeedRefusedException(strictError != null ? strictError : "feed cannot be read" + detail(rootCause(e)));
        } catch (RuntimeException e) {
            throw new FeedRefusedException(strictError != null ? strictError : "feed cannot be parsed" + detail(rootCause(e)));
        }
        List<SyndEntry> entries = feed.getEntries() == null ? List.of() : feed.getEntries();
        List<ParsedFeed.EntryHints> hints;
        try {
            hints = EntryHintReader.hints(doc, feedUri);
        } catch (RuntimeException e) {
            hints = List.of(); // hints only improve the mapping; without them Rome's values are used
        }
        return new ParsedFeed(feed.getFeedType(), feed.getTitle(), feed.getLanguage(), feedUri, entries, hints, charset,
                leniency, Math.max(itemsInDocument, entries.size()));
    }
}
