package org.countersight.nlp.eval;

import org.countersight.events.Json;
import org.countersight.events.RawArticle;
import org.countersight.nlp.pipeline.CoreNlp;
import org.countersight.nlp.tagging.Tagger;

import java.time.Instant;

/** Tags one text from the command line and prints the TaggedArticle JSON (for rule work on dev texts). */
public final class TagMain {
    public static void main(String[] args) {
        CoreNlp nlp = CoreNlp.load();
        Tagger t = Tagger.withBundledResources(nlp, 100_000);
        Instant now = Instant.now();
        for (String text : args) {
            var a = t.tag(new RawArticle(1, "x", null, null, null, null, null, null, null, text, "en", now, false, now), now);
            System.out.println(new String(Json.write(a.events())));
            System.out.println(new String(Json.write(a.vendors())) + " " + new String(Json.write(a.countries())));
        }
    }

    private TagMain() {
    }
}
