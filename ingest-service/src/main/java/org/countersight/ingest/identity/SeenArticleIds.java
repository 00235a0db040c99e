package org.countersight.ingest.identity;

import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The set of articleIds already on {@code articles.raw}. articleIds are 32 hex digits (16 bytes), stored as
 * two longs in an open-addressing table: about 32 bytes per id at the worst load (1 million ids ~ 32 MB),
 * a quarter of what a set of Strings costs. Any other key (not expected) goes to a plain String set.
 */
public final class SeenArticleIds {

    private static final float MAX_LOAD = 0.6f;

    private long[] hi;
    private long[] lo;
    private boolean[] used;
    private int size;
    private final Set<String> others = ConcurrentHashMap.newKeySet();

    public SeenArticleIds() {
        this(1 << 12);
    }

    SeenArticleIds(int initialCapacity) {
        int cap = Integer.highestOneBit(Math.max(16, initialCapacity - 1)) << 1;
        hi = new long[cap];
        lo = new long[cap];
        used = new boolean[cap];
    }

    /** @return true when the id was not yet in the set */
    public boolean add(String id) {
        long[] pair = parse(id);
        if (pair == null) {
            return others.add(id);
        }
        synchronized (this) {
            if (size + 1 > used.length * MAX_LOAD) {
                grow();
            }
            return insert(pair[0], pair[1]);
        }
    }

    public boolean contains(String id) {
        long[] pair = parse(id);
        if (pair == null) {
            return others.contains(id);
        }
        synchronized (this) {
            int mask = used.length - 1;
            for (int i = slot(pair[0], pair[1], mask); used[i]; i = (i + 1) & mask) {
                if (hi[i] == pair[0] && lo[i] == pair[1]) {
                    return true;
                }
            }
            return false;
        }
    }

    public synchronized int size() {
        return size + others.size();
    }

    /** Bytes held by the table (the arrays), for the gauge and the README's figures. */
    public synchronized long tableBytes() {
        return (long) used.length * (8 + 8 + 1);
    }

    private boolean insert(long h, long l) {
        int mask = used.length - 1;
        int i = slot(h, l, mask);
        while (used[i]) {
            if (hi[i] == h && lo[i] == l) {
                return false;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        hi[i] = h;
        lo[i] = l;
        size++;
        return true;
    }

    private void grow() {
        long[] oldHi = hi;
        long[] oldLo = lo;
        boolean[] oldUsed = used;
        hi = new long[oldUsed.length * 2];
        lo = new long[oldUsed.length * 2];
        used = new boolean[oldUsed.length * 2];
        size = 0;
        for (int i = 0; i < oldUsed.length; i++) {
            if (oldUsed[i]) {
                insert(oldHi[i], oldLo[i]);
            }
        }
    }

    private static int slot(long h, long l, int mask) {
        long x = (h ^ l) * 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 32)) & mask;
    }

    private static long[] parse(String id) {
        if (id == null || id.length() != 32) {
            return null;
        }
        for (int i = 0; i < 32; i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return null;
            }
        }
        return new long[] {HexFormat.fromHexDigitsToLong(id, 0, 16), HexFormat.fromHexDigitsToLong(id, 16, 32)};
    }
}
