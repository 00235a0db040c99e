package org.countersight.nlp.gazetteer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The surveillance-vendor registry ({@code vendors/vendors.tsv}, format in its header): vendors with id, home
 * country, kinds, aliases and products, and a matcher that finds them in raw text. Matched on the raw text, not
 * tokens, because names like "Face++" or "iFlytek" do not survive tokenisation and case is what separates "Flock"
 * from "flock". {@link #find} is one pass over the text's word starts with a first-word lookup.
 */
public final class VendorDictionary {

    public static final String RESOURCE = "vendors/vendors.tsv";

    /** How far a context cue may be from the mention, within its sentence. */
    private static final int CUE_WINDOW = 160;
    /** Cues are looked up by their first three characters (so a cue has at least three). */
    static final int CUE_KEY = 3;
    private static final int HASH_MASK = (1 << 14) - 1;

    /** A product or product family; {@code spellings} are the other forms that report as {@code name}. */
    public record Product(String name, List<String> spellings) {
    }

    /**
     * A vendor of the registry. {@code countryCode} is the headquarters (ISO 3166-1 alpha-2); {@code parentId} the
     * owning vendor's id or null.
     */
    public record Vendor(String id, String name, String countryCode, List<String> kinds, List<String> aliases,
            List<Product> products, String parentId) {
    }

    /**
     * A vendor named in the text at [start, end). {@code product} is the product's name when a product matched (null
     * for the vendor's own name or an alias); {@code weak} when only an ambiguous name matched and nothing in the text
     * confirmed it.
     */
    public record Mention(Vendor vendor, int start, int end, boolean weak, String product) {

        public boolean isProduct() {
            return product != null;
        }
    }

    enum Strength { STRONG, WEAK, AMBIGUOUS }

    /** One matchable name; {@code vendor} null for an @not look-alike. */
    record Name(String text, Vendor vendor, String product, Strength strength, boolean capitals) {
    }

    private record Found(Name name, int start, int end) {
    }

    private final String version;
    private final List<Vendor> vendors;
    private final Map<String, Vendor> byId;
    private final Map<String, List<String>> cuesByKind;
    /** kind → cues by their first {@link #CUE_KEY} characters */
    private final Map<String, Map<String, List<String>>> cuesByKey;
    private final Map<String, List<Name>> byFirstWord;
    private final BitSet firstWordHashes;

    VendorDictionary(String version, List<Vendor> vendors, Map<String, List<String>> cuesByKind,
            Map<String, List<Name>> byFirstWord) {
        this.version = version;
        this.vendors = List.copyOf(vendors);
        Map<String, Vendor> ids = new LinkedHashMap<>();
        vendors.forEach(v -> ids.put(v.id(), v));
        this.byId = ids;
        this.cuesByKind = cuesByKind;
        this.cuesByKey = new HashMap<>();
        cuesByKind.forEach((kind, cues) -> {
            Map<String, List<String>> byKey = new HashMap<>();
            cues.forEach(c -> byKey.computeIfAbsent(c.substring(0, CUE_KEY), k -> new ArrayList<>()).add(c));
            cuesByKey.put(kind, byKey);
        });
        this.byFirstWord = byFirstWord;
        this.firstWordHashes = new BitSet(HASH_MASK + 1);
        byFirstWord.keySet().forEach(w -> firstWordHashes.set(lowerHash(w, 0, w.length()) & HASH_MASK));
    }

    /** The bundled registry. */
    public static VendorDictionary load() {
        return load(RESOURCE);
    }

    /**
     * @throws IllegalStateException when the resource is missing or malformed; the message names the resource, the
     *                               line number and what is wrong
     */
    public static VendorDictionary load(String resource) {
        try (InputStream in = VendorDictionary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing vendor registry resource " + resource);
            }
            return parse(resource, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vendor registry " + resource, e);
        }
    }

    /** Parses registry text (tests and tools); {@code source} names it in errors. */
    public static VendorDictionary parse(String source, String content) {
        try {
            return parse(source, new StringReader(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static VendorDictionary parse(String source, Reader reader) throws IOException {
        return new VendorRegistryParser(source).parse(new BufferedReader(reader));
    }

    /** The registry version (its {@code @version} line). */
    public String version() {
        return version;
    }

    /** Every vendor, in registry order. */
    public List<Vendor> all() {
        return vendors;
    }

    public Optional<Vendor> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The declared kinds, in registry order. */
    public List<String> kinds() {
        return List.copyOf(cuesByKind.keySet());
    }

    /** The context cues of a declared kind (empty for an unknown kind). */
    public List<String> cues(String kind) {
        return cuesByKind.getOrDefault(kind, List.of());
    }

    /**
     * Vendors and products named in {@code text}, in text order, not overlapping (the longest name wins). Weak names
     * come back with {@code weak} unless confirmed; ambiguous names only when confirmed (see the registry header).
     */
    public List<Mention> find(String text) {
        List<Found> found = scan(text);
        if (found.isEmpty()) {
            return List.of();
        }
        boolean[] confirmed = new boolean[found.size()];
        Set<String> strongIds = new HashSet<>();
        Set<String> strongParents = new HashSet<>();
        boolean unconfirmed = false;
        for (int i = 0; i < found.size(); i++) {
            Found f = found.get(i);
            confirmed[i] = f.name().strength() == Strength.STRONG || hasCue(text, f);
            if (confirmed[i]) {
                strongIds.add(f.name().vendor().id());
                if (f.name().vendor().parentId() != null) {
                    strongParents.add(f.name().vendor().parentId());
                }
            } else {
                unconfirmed = true;
            }
        }
        List<Mention> out = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            Found f = found.get(i);
            Vendor v = f.name().vendor();
            boolean ok = confirmed[i] || unconfirmed && (strongIds.contains(v.id())
                    || v.parentId() != null && strongIds.contains(v.parentId()) || strongParents.contains(v.id()));
            if (ok || f.name().strength() == Strength.WEAK) {
                out.add(new Mention(v, f.start(), f.end(), !ok, f.name().product()));
            }
        }
        return out;
    }

    private List<Found> scan(String text) {
        List<Found> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!Character.isLetterOrDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int j = wordEnd(text, i);
            int next = j;
            List<Name> candidates = mayStartName(text, i, j)
                    ? byFirstWord.get(text.substring(i, j).toLowerCase(Locale.ROOT)) : null;
            if (candidates != null) {
                for (Name name : candidates) {
                    int end = matchAt(text, i, name);
                    if (end > 0) {
                        if (name.vendor() != null) {
                            out.add(new Found(name, i, end));
                        }
                        next = end;
                        break;
                    }
                }
            }
            i = next;
        }
        return out;
    }

    /** A filter on the lower-cased first word's hash, so most words cost no allocation. */
    private boolean mayStartName(String text, int from, int to) {
        return firstWordHashes.get(lowerHash(text, from, to) & HASH_MASK);
    }

    private static int lowerHash(CharSequence s, int from, int to) {
        int h = 0;
        for (int k = from; k < to; k++) {
            h = 31 * h + Character.toLowerCase(s.charAt(k));
        }
        return h ^ (h >>> 16);
    }

    static int wordEnd(String s, int from) {
        int j = from;
        while (j < s.length() && Character.isLetterOrDigit(s.charAt(j))) {
            j++;
        }
        return j;
    }

    /** End of {@code name} at {@code at} under the case rules of the registry header, or -1. */
    private static int matchAt(String text, int at, Name name) {
        String a = name.text();
        int n = text.length();
        int p = at;
        boolean exact = true;
        boolean textHasLower = false;
        for (int k = 0; k < a.length(); k++) {
            char ac = a.charAt(k);
            if (ac == ' ') {
                if (p >= n || !isSpace(text.charAt(p))) {
                    return -1;
                }
                while (p < n && isSpace(text.charAt(p))) {
                    p++;
                }
                continue;
            }
            if (p >= n) {
                return -1;
            }
            char tc = text.charAt(p);
            if (tc != ac) {
                if (Character.toLowerCase(tc) != Character.toLowerCase(ac)) {
                    return -1;
                }
                exact = false;
            }
            textHasLower |= Character.isLowerCase(tc);
            p++;
        }
        if (!exact) {
            boolean allCapsText = !textHasLower;
            boolean relaxed = !name.capitals() && text.charAt(at) == a.charAt(0);
            if (!allCapsText && !relaxed) {
                return -1;
            }
        }
        if (name.product() != null && p < n && text.charAt(p) == 's' && Character.isLetter(a.charAt(a.length() - 1))
                && (p + 1 >= n || !Character.isLetterOrDigit(text.charAt(p + 1)))) {
            p++;
        }
        if (p < n && (Character.isLetterOrDigit(text.charAt(p)) || text.charAt(p) == '+')) {
            return -1;
        }
        return p;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || c == '\u00A0';
    }

    /** A cue of one of the vendor's kinds in the mention's sentence, outside the mention. */
    private boolean hasCue(String text, Found f) {
        int from = f.start();
        int min = Math.max(0, f.start() - CUE_WINDOW);
        while (from > min && !isSentenceEnd(text.charAt(from - 1))) {
            from--;
        }
        int to = f.end();
        int max = Math.min(text.length(), f.end() + CUE_WINDOW);
        while (to < max && !isSentenceEnd(text.charAt(to))) {
            to++;
        }
        List<String> kinds = f.name().vendor().kinds();
        return hasCue(text, from, f.start(), kinds) || hasCue(text, f.end(), to, kinds);
    }

    /** Tries the cues starting with each word's first letters; cheaper than a regex over the window. */
    private boolean hasCue(String text, int from, int to, List<String> kinds) {
        for (int i = from; i + CUE_KEY <= to; i++) {
            if (!Character.isLetterOrDigit(text.charAt(i)) || i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
                continue;
            }
            String key = text.substring(i, i + CUE_KEY).toLowerCase(Locale.ROOT);
            for (String kind : kinds) {
                for (String cue : cuesByKey.get(kind).getOrDefault(key, List.of())) {
                    if (i + cue.length() <= to && text.regionMatches(true, i, cue, 0, cue.length())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isSentenceEnd(char c) {
        return c == '.' || c == '!' || c == '?' || c == '\n' || c == '。';
    }
}
