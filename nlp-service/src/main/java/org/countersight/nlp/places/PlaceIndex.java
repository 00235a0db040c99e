package org.countersight.nlp.places;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The sub-country gazetteer: cities (population >= 15,000, and capitals), first- and second-level administrative
 * regions from GeoNames, built by {@code nlp-service/scripts/places/build-places.mjs} into
 * {@code /places/places.tsv.gz}. Immutable and thread-safe once loaded; load it once and share it.
 */
public final class PlaceIndex {

    public static final String RESOURCE = "/places/places.tsv.gz";

    /** Kinds of place, in the resource's words. */
    public static final String CAPITAL = "capital", CITY = "city", ADMIN1 = "admin1", ADMIN2 = "admin2";
    private static final String[] KINDS = {CAPITAL, CITY, ADMIN1, ADMIN2};

    /** Entry bits: place index << 2 | ALT | COMMON. */
    static final int COMMON = 1, ALT = 2;

    private final String[] country;
    private final byte[] kind;
    private final long[] population;
    private final Map<String, int[]> byKey;
    private final int maxTokens;
    private final int maxHanChars;

    private PlaceIndex(String[] country, byte[] kind, long[] population, Map<String, int[]> byKey, int maxTokens,
                       int maxHanChars) {
        this.country = country;
        this.kind = kind;
        this.population = population;
        this.byKey = byKey;
        this.maxTokens = maxTokens;
        this.maxHanChars = maxHanChars;
    }

    /** Loads the bundled gazetteer from the classpath. */
    public static PlaceIndex load() {
        try (InputStream in = PlaceIndex.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("places gazetteer " + RESOURCE + " is missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read places gazetteer " + RESOURCE, e);
        }
    }

    static PlaceIndex read(InputStream gzipped) throws IOException {
        BufferedReader reader = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(gzipped, 1 << 16), StandardCharsets.UTF_8), 1 << 16);
        int capacity = 80_000;
        String[] country = new String[capacity];
        byte[] kind = new byte[capacity];
        long[] population = new long[capacity];
        Map<String, int[]> byKey = new HashMap<>(300_000);
        Map<String, String> countries = new HashMap<>();
        int n = 0, maxTokens = 1, maxHan = 0;
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            String[] f = line.split("\t", 4);
            if (f.length != 4) {
                throw new IllegalStateException("places gazetteer line " + lineNo + ": expected 4 columns");
            }
            if (n == capacity) {
                capacity += capacity / 2;
                country = Arrays.copyOf(country, capacity);
                kind = Arrays.copyOf(kind, capacity);
                population = Arrays.copyOf(population, capacity);
            }
            country[n] = countries.computeIfAbsent(f[0], c -> c);
            kind[n] = kindIndex(f[1], lineNo);
            population[n] = Long.parseLong(f[2]);
            int from = 0;
            String names = f[3];
            while (from <= names.length()) {
                int bar = names.indexOf('|', from);
                if (bar < 0) {
                    bar = names.length();
                }
                int flags = 0, i = from;
                for (; i < bar; i++) {
                    char c = names.charAt(i);
                    if (c == '*') {
                        flags |= COMMON;
                    } else if (c == '~') {
                        flags |= ALT;
                    } else {
                        break;
                    }
                }
                String key = names.substring(i, bar);   // stored as a key already (see key())
                if (!key.isEmpty()) {
                    int entry = n << 2 | flags;
                    byKey.merge(key, new int[]{entry}, PlaceIndex::append);
                    if (isHan(key.charAt(0))) {
                        maxHan = Math.max(maxHan, key.length());
                    } else {
                        maxTokens = Math.max(maxTokens, 1 + count(key, ' '));
                    }
                }
                from = bar + 1;
            }
            n++;
        }
        return new PlaceIndex(Arrays.copyOf(country, n), Arrays.copyOf(kind, n), Arrays.copyOf(population, n),
                byKey, Math.min(maxTokens, 8), maxHan);
    }

    private static int[] append(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte kindIndex(String k, int lineNo) {
        for (byte i = 0; i < KINDS.length; i++) {
            if (KINDS[i].equals(k)) {
                return i;
            }
        }
        throw new IllegalStateException("places gazetteer line " + lineNo + ": unknown kind " + k);
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    /**
     * The lookup key of a name: accents removed, lower case, hyphens and dots as spaces, one space between words
     * ("Sant Julià de Lòria" and "sant julia de loria" share a key). The build script stores names in this form,
     * so loading needs no normalisation; both sides must stay the same.
     */
    public static String key(String name) {
        String s = name;
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) {
            ascii = s.charAt(i) < 128;
        }
        if (!ascii) {
            s = Normalizer.normalize(s, Normalizer.Form.NFD);
        }
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!ascii && isMark(c)) {
                continue;
            }
            if (c == '-' || c == '.' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = b.length() > 0;
                continue;
            }
            if (c == '’') {
                c = '\'';
            }
            if (space) {
                b.append(' ');
                space = false;
            }
            b.append(c);
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean isMark(char c) {
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }

    /** Entries for a key (see {@link #key}), or null. Each entry is place << 2 | flags. */
    int[] entries(String key) {
        return byKey.get(key);
    }

    static int place(int entry) {
        return entry >>> 2;
    }

    String country(int place) {
        return country[place];
    }

    String kind(int place) {
        return KINDS[kind[place]];
    }

    long population(int place) {
        return population[place];
    }

    int maxTokens() {
        return maxTokens;
    }

    int maxHanChars() {
        return maxHanChars;
    }

    /** Number of places (for diagnostics). */
    public int size() {
        return country.length;
    }

    /** Number of distinct names (for diagnostics). */
    public int names() {
        return byKey.size();
    }
}
