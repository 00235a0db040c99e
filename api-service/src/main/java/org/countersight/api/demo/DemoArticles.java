package org.countersight.api.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import org.countersight.events.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The bundled sample articles of demo mode: surveillance events in several countries and look-alikes that are not. */
public final class DemoArticles {

    public record Article(String slug, String title, String summary, List<String> paragraphs) {
        public String text() {
            return String.join("\n\n", paragraphs);
        }
    }

    private static final List<Article> ARTICLES = load();

    private DemoArticles() {
    }

    public static List<Article> all() {
        return ARTICLES;
    }

    private static List<Article> load() {
        try (InputStream in = DemoArticles.class.getResourceAsStream("/demo/articles.json")) {
            if (in == null) {
                throw new IllegalStateException("demo/articles.json is missing from the application");
            }
            return List.copyOf(Json.MAPPER.readValue(in, new TypeReference<List<Article>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo articles", e);
        }
    }
}
