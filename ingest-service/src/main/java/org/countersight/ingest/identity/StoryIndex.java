package org.countersight.ingest.identity;

import org.countersight.events.RawArticle;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recognises syndicated copies of one story published under different URLs (wire stories, light edits) by a
 * 64-bit SimHash of the normalised text: lowercased, accents and punctuation dropped, its distinct words hashed
 * with 64-bit FNV-1a (plus a final mix). Texts of at least {@code minChars} normalised characters whose fingerprints are within Hamming
 * distance {@code maxDistance} (3) share a {@code storyId}: the id of the first article of the story seen.
 * The index is a ring of the last {@code capacity} fingerprints (8 + 16 bytes each: fingerprint and storyId as
 * two longs), so memory is bounded (100,000 entries ≈ 2.4 MB); lookups scan it (≈ 0.1 ms per 100,000).
 */
public final class StoryIndex {

    private final int minChars;
    private final int maxDistance;
    private final long[] fingerprints;
    private final long[] storyHi;
    private final long[] storyLo;
    private int size;
    private int next;

    public StoryIndex(int capacity, int minChars, int maxDistance) {
        this.minChars = minChars;
        this.maxDistance = maxDistance;
        this.fingerprints = new long[capacity];
        this.storyHi = new long[capacity];
        this.storyLo = new long[capacity];
    }

    /** The articles with storyId set: that of an earlier near-duplicate, else their own id. Each joins the index. */
    public List<RawArticle> assign(List<RawArticle> articles) {
        List<RawArticle> out = new ArrayList<>(articles.size());
        for (RawArticle a : articles) {
            String story = storyOf(a.id(), a.text());
            out.add(story.equals(a.storyId()) ? a : new RawArticle(a.schemaVersion(), a.id(), a.url(), a.sourceId(),
                    a.sourceName(), story, a.guid(), a.title(), a.summary(), a.text(), a.language(), a.publishedAt(),
                    a.publishedAtEstimated(), a.fetchedAt()));
        }
        return out;
    }

    /** The story of a text: an earlier near-duplicate's story, else {@code articleId}; remembers the text. */
    public String storyOf(String articleId, String text) {
        Long fp = fingerprint(articleId, text);
        return fp == null ? articleId : storyOf(articleId, fp);
    }

    /** The text's fingerprint, or null when it gets none (too short, or an id that is not 32 hex digits). */
    public Long fingerprint(String articleId, String text) {
        String normalised = normalise(text);
        if (normalised.length() < minChars || articleId == null || articleId.length() != 32) {
            return null;
        }
        return simhash(normalised);
    }

    /** The story of a fingerprint: an earlier near-duplicate's story, else {@code articleId}; remembers it. */
    public synchronized String storyOf(String articleId, long fp) {
        String story = articleId;
        for (int i = 0; i < size; i++) {
            if (Long.bitCount(fingerprints[i] ^ fp) <= maxDistance) {
                story = toHex(storyHi[i], storyLo[i]);
                break;
            }
        }
        fingerprints[next] = fp;
        storyHi[next] = Long.parseUnsignedLong(story.substring(0, 16), 16);
        storyLo[next] = Long.parseUnsignedLong(story.substring(16), 16);
        next = (next + 1) % fingerprints.length;
        size = Math.min(size + 1, fingerprints.length);
        return story;
    }

    public synchronized int size() {
        return size;
    }

    static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        return s.replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    /**
     * 64-bit SimHash over the distinct words of the text (word order and repeats do not move it; a dateline, a
     * changed figure or a credit line moves only a few features). Measured on a 370-word wire story with a
     * dateline, two edits and a credit line: distance 3 (the threshold), against 6 with word 3-shingles.
     */
    public static long simhash(String normalised) {
        int[] votes = new int[64];
        java.util.Set<String> features = new java.util.HashSet<>(java.util.Arrays.asList(normalised.split(" ")));
        for (String w : features) {
            long h = fnv(w);
            for (int b = 0; b < 64; b++) {
                votes[b] += ((h >>> b) & 1) == 1 ? 1 : -1;
            }
        }
        long fp = 0;
        for (int b = 0; b < 64; b++) {
            if (votes[b] > 0) {
                fp |= 1L << b;
            }
        }
        return fp;
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        // final avalanche (FNV alone mixes the high bits poorly for short inputs)
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static String toHex(long hi, long lo) {
        return String.format("%016x%016x", hi, lo);
    }
}
