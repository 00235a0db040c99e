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

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final Pattern KIND = Pattern.compile("[a-z][a-z_]*");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    /** How far a context cue may be from the mention, within its sentence. */
    private static final int CUE_WINDOW = 160;
    /** Cues are looked up by their first three characters (so a cue has at least three). */
    private static final int CUE_KEY = 3;
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

    private enum Strength { STRONG, WEAK, AMBIGUOUS }

    /** One matchable name; {@code vendor} null for an @not look-alike. */
    private record Name(String text, Vendor vendor, String product, Strength strength, boolean capitals) {
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

    private VendorDictionary(String version, List<Vendor> vendors, Map<String, List<String>> cuesByKind,
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
        return new Parser(source).parse(new BufferedReader(reader));
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

    private static int wordEnd(String s, int from) {
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

    /** Reads the registry format line by line; every error names the source and line. */
    private static final class Parser {
        private final String source;
        private String version;
        private final Map<String, List<String>> cues = new LinkedHashMap<>();
        private final List<Vendor> vendors = new ArrayList<>();
        private final Map<String, Integer> idLines = new HashMap<>();
        private final Map<String, Integer> parentLines = new HashMap<>();
        /** every name → where it was declared, to report duplicates */
        private final Map<String, String> owners = new HashMap<>();
        private final List<Name> names = new ArrayList<>();
        private int lineNo;
        private String line;

        Parser(String source) {
            this.source = source;
        }

        VendorDictionary parse(BufferedReader r) throws IOException {
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                for (int i = 0; i < cols.length; i++) {
                    cols[i] = cols[i].strip();
                }
                switch (cols[0]) {
                    case "@version" -> version(cols);
                    case "@kind" -> kind(cols);
                    case "@not" -> lookAlikes(cols);
                    default -> {
                        if (cols[0].startsWith("@")) {
                            throw error("unknown directive " + cols[0] + " (expected @version, @kind or @not)");
                        }
                        vendor(cols);
                    }
                }
            }
            if (version == null) {
                throw new IllegalStateException(source + ": no @version line");
            }
            for (Vendor v : vendors) {
                if (v.parentId() != null) {
                    lineNo = parentLines.get(v.id());
                    if (!idLines.containsKey(v.parentId())) {
                        throw new IllegalStateException(source + " line " + lineNo + ": parent " + v.parentId()
                                + " of " + v.id() + " is not a vendor id of the registry");
                    }
                }
            }
            Map<String, List<Name>> byFirstWord = new HashMap<>();
            for (Name n : names) {
                byFirstWord.computeIfAbsent(n.text().substring(0, wordEnd(n.text(), 0)).toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(n);
            }
            byFirstWord.values().forEach(l -> l.sort(Comparator.comparingInt((Name n) -> n.text().length()).reversed()));
            return new VendorDictionary(version, vendors, cues, byFirstWord);
        }

        private void version(String[] cols) {
            if (version != null) {
                throw error("a second @version line");
            }
            if (cols.length != 2 || !VERSION.matcher(cols[1]).matches()) {
                throw error("expected \"@version<TAB>major.minor.patch\"");
            }
            if (!vendors.isEmpty()) {
                throw error("@version must come before the first vendor");
            }
            version = cols[1];
        }

        private void kind(String[] cols) {
            if (cols.length != 3) {
                throw error("expected \"@kind<TAB>kind<TAB>cue|cue|...\", found " + cols.length + " columns");
            }
            if (!KIND.matcher(cols[1]).matches()) {
                throw error("kind \"" + cols[1] + "\" must be lower case letters and underscores");
            }
            if (cues.containsKey(cols[1])) {
                throw error("kind " + cols[1] + " declared twice");
            }
            List<String> list = new ArrayList<>();
            for (String cue : list(cols[2], "cue")) {
                if (!cue.equals(cue.toLowerCase(Locale.ROOT)) || cue.length() < CUE_KEY
                        || !Character.isLetterOrDigit(cue.charAt(0))) {
                    throw error("cue \"" + cue + "\" of kind " + cols[1] + " must be lower case, start with a letter "
                            + "or digit and be at least " + CUE_KEY + " characters long");
                }
                list.add(cue);
            }
            cues.put(cols[1], List.copyOf(list));
        }

        private void lookAlikes(String[] cols) {
            if (cols.length != 2) {
                throw error("expected \"@not<TAB>name|name|...\"");
            }
            for (String n : list(cols[1], "look-alike")) {
                addName(n, null, null, Strength.STRONG, "@not");
            }
        }

        private void vendor(String[] cols) {
            if (cols.length < 6 || cols.length > 7) {
                throw error("expected 6 or 7 tab-separated columns (id, name, country, kinds, aliases, products"
                        + "[, parent]), found " + cols.length);
            }
            if (version == null) {
                throw error("vendor before the @version line");
            }
            String id = cols[0];
            if (!ID.matcher(id).matches()) {
                throw error("id \"" + id + "\" must be a slug: lower-case letters, digits and single hyphens");
            }
            if (idLines.containsKey(id)) {
                throw error("id " + id + " already used on line " + idLines.get(id));
            }
            String name = cols[1];
            if (name.isEmpty() || name.startsWith("~") || name.startsWith("?")) {
                throw error("name must be given without a ~ or ? prefix (mark it weak in the aliases column)");
            }
            String country = cols[2];
            if (!COUNTRIES.contains(country)) {
                throw error("country \"" + country + "\" is not an ISO 3166-1 alpha-2 code");
            }
            List<String> kinds = list(cols[3].replace(',', '|'), "kind");
            for (String k : kinds) {
                if (!cues.containsKey(k)) {
                    throw error("kind " + k + " is not declared (declared: " + String.join(", ", cues.keySet())
                            + ")");
                }
            }
            String parent = cols.length == 7 ? cols[6] : null;
            if (parent != null && (parent.isEmpty() || parent.equals(id))) {
                throw error(parent.isEmpty() ? "empty parent column (drop the trailing tab)" : "vendor is its own parent");
            }
            List<String> aliases = new ArrayList<>();
            Strength nameStrength = Strength.STRONG;
            List<String[]> aliasNames = new ArrayList<>();
            for (String raw : optionalList(cols[4], "alias")) {
                String alias = raw.substring(prefixLength(raw));
                if (alias.equals(name)) {
                    if (prefixLength(raw) == 0) {
                        throw error("alias " + alias + " repeats the name");
                    }
                    nameStrength = strength(raw);
                } else {
                    aliases.add(alias);
                    aliasNames.add(new String[] {raw});
                }
            }
            List<Product> products = new ArrayList<>();
            List<String[]> productNames = new ArrayList<>();
            for (String raw : optionalList(cols[5], "product")) {
                String[] parts = raw.split("=", -1);
                if (parts.length > 2) {
                    throw error("product \"" + raw + "\" has more than one '='");
                }
                String productName = parts[0].substring(prefixLength(parts[0]));
                List<String> spellings = new ArrayList<>();
                productNames.add(new String[] {parts[0], productName});
                if (parts.length == 2) {
                    for (String s : parts[1].split(",", -1)) {
                        if (s.isBlank()) {
                            throw error("empty spelling in product \"" + raw + "\"");
                        }
                        spellings.add(s.strip().substring(prefixLength(s.strip())));
                        productNames.add(new String[] {s.strip(), productName});
                    }
                }
                products.add(new Product(productName, List.copyOf(spellings)));
            }
            Vendor v = new Vendor(id, name, country, List.copyOf(kinds), List.copyOf(aliases), List.copyOf(products),
                    parent);
            addName(name, v, null, nameStrength, id);
            for (String[] a : aliasNames) {
                addName(a[0].substring(prefixLength(a[0])), v, null, strength(a[0]), id);
            }
            for (String[] p : productNames) {
                addName(p[0].substring(prefixLength(p[0])), v, p[1], strength(p[0]), id);
            }
            vendors.add(v);
            idLines.put(id, lineNo);
            if (parent != null) {
                parentLines.put(id, lineNo);
            }
        }

        private void addName(String text, Vendor v, String product, Strength strength, String owner) {
            if (text.isEmpty() || !Character.isLetterOrDigit(text.charAt(0))) {
                throw error("name \"" + text + "\" must start with a letter or digit");
            }
            String previous = owners.putIfAbsent(text, owner);
            if (previous != null) {
                throw error("name \"" + text + "\" of " + owner + " is already a name of " + previous);
            }
            boolean capitals = text.chars().anyMatch(Character::isLetter)
                    && text.chars().filter(Character::isLetter).allMatch(Character::isUpperCase);
            names.add(new Name(text, v, product, strength, capitals));
        }

        private static int prefixLength(String raw) {
            return raw.startsWith("~") || raw.startsWith("?") ? 1 : 0;
        }

        private static Strength strength(String raw) {
            return raw.startsWith("~") ? Strength.WEAK : raw.startsWith("?") ? Strength.AMBIGUOUS : Strength.STRONG;
        }

        private List<String> optionalList(String cell, String what) {
            return cell.equals("-") ? List.of() : list(cell, what);
        }

        private List<String> list(String cell, String what) {
            if (cell.isEmpty()) {
                throw error("empty " + what + " column (write - for none)");
            }
            List<String> out = Arrays.stream(cell.split("\\|", -1)).map(String::strip).toList();
            if (out.contains("") || out.contains("~") || out.contains("?")) {
                throw error("empty " + what + " in \"" + cell + "\"");
            }
            return out;
        }

        private IllegalStateException error(String what) {
            return new IllegalStateException(source + " line " + lineNo + ": " + what + ": " + line);
        }
    }
}
