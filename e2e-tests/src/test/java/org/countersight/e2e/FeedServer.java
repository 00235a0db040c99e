package org.countersight.e2e;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on loopback serving one RSS 2.0 feed whose items the test adds as it goes. */
final class FeedServer implements AutoCloseable {

    record Item(String slug, String title, String text, ZonedDateTime published) {
    }

    private final HttpServer server;
    private final List<Item> items = new ArrayList<>();
    final AtomicInteger feedRequests = new AtomicInteger();

    FeedServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/feed.xml", exchange -> {
            feedRequests.incrementAndGet();
            byte[] body = render().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String feedUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/feed.xml";
    }

    String articleUrl(String slug) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/news/" + slug;
    }

    synchronized void add(Item item) {
        items.add(item);
    }

    private synchronized String render() {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel>
                <title>Test Wire</title><link>http://127.0.0.1/</link><description>Local test feed</description>
                """);
        for (Item item : items) {
            xml.append("<item><title>").append(escape(item.title())).append("</title>")
                    .append("<link>").append(articleUrl(item.slug())).append("</link>")
                    .append("<guid>").append(articleUrl(item.slug())).append("</guid>")
                    .append("<pubDate>").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(item.published())).append("</pubDate>")
                    .append("<description>").append(escape(item.text())).append("</description></item>\n");
        }
        return xml.append("</channel></rss>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
