package org.countersight.nlp.alerts;

import jakarta.enterprise.context.ApplicationScoped;
import org.countersight.events.Alert;
import org.countersight.events.TaggedArticle;
import org.countersight.nlp.config.NlpConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a tagged article raises an alert: a surveillance event, fresh (published within the window, so
 * replays and back-fills never flood subscribers), confident enough, and the first copy of its story: neither the
 * same {@code storyId} nor a near-identical text ({@link NearDuplicates}) alerted before. In reprocess mode
 * ({@code countersight.nlp.reprocess=true}) it never alerts: a re-tagging run only rewrites articles.tagged.
 * The story memory is in-process and bounded: after a restart a story may alert once more.
 */
@ApplicationScoped
public class AlertDecider {

    private final Duration freshWindow;
    private final double minConfidence;
    private final Set<String> recentStories;
    private final NearDuplicates nearDuplicates;
    private final boolean reprocess;

    @jakarta.inject.Inject
    public AlertDecider(NlpConfig config) {
        this(config.alerts().freshWindow(), config.alerts().minConfidence(), config.alerts().storyMemory(),
                config.nlp().reprocess());
        if (reprocess) {
            org.jboss.logging.Logger.getLogger(AlertDecider.class).info(
                    "reprocess mode: articles are re-tagged to articles.tagged, no alerts are raised");
        }
    }

    public AlertDecider(Duration freshWindow, double minConfidence, int storyMemory) {
        this(freshWindow, minConfidence, storyMemory, false);
    }

    public AlertDecider(Duration freshWindow, double minConfidence, int storyMemory, boolean reprocess) {
        this.freshWindow = freshWindow;
        this.minConfidence = minConfidence;
        this.reprocess = reprocess;
        // copies are compared within the fresh window (publication times) and among the last storyMemory alerts
        this.nearDuplicates = new NearDuplicates(storyMemory, freshWindow);
        this.recentStories = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > storyMemory;
            }
        }));
    }

    public boolean reprocessing() {
        return reprocess;
    }

    public Optional<Alert> decide(TaggedArticle a, Instant now) {
        if (reprocess || !a.surveillance() || a.events().isEmpty() || a.publishedAt() == null) {
            return Optional.empty();
        }
        if (a.publishedAt().isBefore(now.minus(freshWindow)) || a.publishedAt().isAfter(now.plus(Duration.ofDays(1)))) {
            return Optional.empty();
        }
        double confidence = a.events().stream().mapToDouble(TaggedArticle.Event::confidence).max().orElse(0);
        if (confidence < minConfidence) {
            return Optional.empty();
        }
        String story = storyKey(a);
        if (!recentStories.add(story)) {
            return Optional.empty();
        }
        // the body only: headlines are what copies change most
        String text = a.text() != null && !a.text().isBlank() ? a.text() : a.title() == null ? "" : a.title();
        if (nearDuplicates.addIfNew(story, text, a.publishedAt()) != null) {
            return Optional.empty(); // a near-identical copy of a story that already alerted
        }
        Set<String> countries = new LinkedHashSet<>();
        Set<String> categories = new LinkedHashSet<>();
        for (TaggedArticle.Event e : a.events()) {
            if (e.country() != null) {
                countries.add(e.country());
            }
            categories.add(e.category());
        }
        return Optional.of(new Alert(Alert.SCHEMA_VERSION, a.id(), a.storyId(), a.url(), a.title(), a.sourceId(),
                a.sourceName(), a.publishedAt(), now, confidence, new ArrayList<>(countries),
                new ArrayList<>(categories), a.events()));
    }

    /** Forgets a story whose alert could not be written, so a redelivery can alert. */
    public void forget(TaggedArticle a) {
        String story = storyKey(a);
        recentStories.remove(story);
        nearDuplicates.remove(story);
    }

    private static String storyKey(TaggedArticle a) {
        return a.storyId() != null && !a.storyId().isBlank() ? "s:" + a.storyId() : "a:" + a.id();
    }
}
