package org.countersight.nlp.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stories that already alerted: their keys (storyId, else articleId) and the MinHash signatures of their texts
 * ({@link NearDuplicates}), both bounded to the last {@code capacity}. The same sequence of calls gives the same
 * answers on every instance, which is what lets {@link AlertClaims} replay it from a shared log.
 */
final class StoryMemory {

    private final Map<String, Boolean> stories;
    private final NearDuplicates nearDuplicates;

    StoryMemory(int capacity, Duration window) {
        this.nearDuplicates = new NearDuplicates(capacity, window);
        this.stories = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True, and remembered, when neither the story nor a near-identical text alerted before. */
    synchronized boolean firstOfStory(String storyKey, int[] signature, Instant publishedAt) {
        if (stories.putIfAbsent(storyKey, Boolean.TRUE) != null) {
            return false;
        }
        // a near-identical copy of a story that already alerted
        return nearDuplicates.addIfNew(storyKey, signature, publishedAt) == null;
    }

    synchronized void forget(String storyKey) {
        stories.remove(storyKey);
        nearDuplicates.remove(storyKey);
    }
}
