package org.countersight.nlp.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import org.countersight.events.Json;
import org.countersight.nlp.text.Tok;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentences for tests that compare two ways of matching: every title and sentence of the project's own development
 * texts ({@code eval/dev*.jsonl}, written for this project) and a few made here, split into tokens without CoreNLP.
 */
public final class OwnSentences {

    private OwnSentences() {
    }

    public static List<String> all() throws IOException {
        List<String> out = new ArrayList<>(List.of(
                "Police installed facial recognition cameras at the station.",
                "The ministry ordered a shutdown of mobile internet.",
                "Surveillance of journalists with spyware was confirmed.",
                "The bakery opened late on Tuesday.",
                ""));
        try (var files = Files.list(Path.of("eval"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("dev\\d*\\.jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n = Json.MAPPER.readTree(line);
                    out.add(n.path("title").asText(""));
                    out.addAll(List.of(n.path("text").asText("").split("(?<=[.!?])\\s+")));
                }
            }
        }
        return out;
    }

    /** Tokens split on spaces, hyphens and punctuation, as {@code Tok} splits CoreNLP's. */
    public static List<Tok> toks(String sentence) {
        List<Tok> out = new ArrayList<>();
        for (String w : sentence.replaceAll("([,.;:!?()\"])", " $1 ").replace('-', ' ').split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(new Tok(w, Tok.normalise(w), 0, 0, "O"));
            }
        }
        return out;
    }

    public static List<String> norms(String sentence) {
        return toks(sentence).stream().map(Tok::norm).toList();
    }
}
