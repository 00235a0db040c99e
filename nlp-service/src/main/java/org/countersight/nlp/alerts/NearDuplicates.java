package org.countersight.nlp.alerts;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Remembers MinHash signatures of recently alerted texts, so a copy of a story (syndicated, re-published with
 * another URL, a headline, a credit line or a sentence changed) is recognised even without a shared storyId.
 * <p>
 * Text is normalised (case, accents, punctuation folded, numbers become "#"), cut into overlapping word 3-grams,
 * and summarised by {@link #PERMUTATIONS} min-hashes; the share of equal min-hashes estimates the Jaccard
 * similarity of the two 3-gram sets (±0.05). At {@link #SIMILARITY} or more the texts are near-identical: copies
 * of one story share most 3-grams, different stories on the same subject very few. The window is bounded in time
 * (published within {@code window} of each other) and in size ({@code capacity} signatures, oldest forgotten
 * first; 10 000 signatures are 5 MB and a scan takes about a millisecond, paid only for alert candidates).
 * Texts under {@link #MIN_WORDS} words are not compared (too little text to tell copies from look-alikes).
 */
public final class NearDuplicates {

    public static final int PERMUTATIONS = 128;
    public static final double SIMILARITY = 0.6;
    public static final int MIN_WORDS = 12;
    private static final long[] SEEDS = new long[PERMUTATIONS];

    static {
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < PERMUTATIONS; i++) {
            x += 0x9E3779B97F4A7C15L;
            SEEDS[i] = mix(x);
        }
    }

    private record Entry(int[] signature, Instant at, String key) {
    }

    private final Deque<Entry> recent = new ArrayDeque<>();
    private final int capacity;
    private final Duration window;

    public NearDuplicates(int capacity, Duration window) {
        this.capacity = capacity;
        this.window = window;
    }

    /**
     * Records the text unless a near-identical one is already remembered within the window.
     * @return the key of the earlier near-identical text, or null when this one is new (and now remembered)
     */
    public String addIfNew(String key, String text, Instant at) {
        return addIfNew(key, signature(text), at);
    }

    /** As {@link #addIfNew(String, String, Instant)} with the text's {@link #signature} (null: not compared). */
    public synchronized String addIfNew(String key, int[] sig, Instant at) {
        if (sig == null) {
            return null;
        }
        for (Entry e : recent) {
            if (similarity(e.signature(), sig) >= SIMILARITY
                    && Duration.between(e.at(), at).abs().compareTo(window) <= 0) {
                return e.key();
            }
        }
        recent.addLast(new Entry(sig, at, key));
        while (recent.size() > capacity) {
            recent.removeFirst();
        }
        return null;
    }

    /** Forgets a key (its alert could not be written). */
    public synchronized void remove(String key) {
        recent.removeIf(e -> e.key().equals(key));
    }

    /** Estimated Jaccard similarity of two signatures' 3-gram sets. */
    public static double similarity(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < PERMUTATIONS; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return same / (double) PERMUTATIONS;
    }

    /** MinHash signature of the normalised text's word 3-grams; null for texts under {@link #MIN_WORDS} words. */
    public static int[] signature(String text) {
        List<String> words = words(text);
        if (words.size() < MIN_WORDS) {
            return null;
        }
        long[] min = new long[PERMUTATIONS];
        java.util.Arrays.fill(min, Long.MAX_VALUE);
        for (int i = 0; i + 3 <= words.size(); i++) {
            long h = hash(words.get(i) + ' ' + words.get(i + 1) + ' ' + words.get(i + 2));
            for (int k = 0; k < PERMUTATIONS; k++) {
                long v = mix(h ^ SEEDS[k]) >>> 1;
                if (v < min[k]) {
                    min[k] = v;
                }
            }
        }
        int[] sig = new int[PERMUTATIONS];
        for (int k = 0; k < PERMUTATIONS; k++) {
            sig[k] = (int) (min[k] ^ (min[k] >>> 32));
        }
        return sig;
    }

    static List<String> words(String text) {
        String folded = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String w : folded.split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w.chars().allMatch(Character::isDigit) ? "#" : w);
            }
        }
        return out;
    }

    /** FNV-1a 64 followed by a finaliser (good bit spread for short strings). */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** 64-bit finaliser (MurmurHash3's fmix64). */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
