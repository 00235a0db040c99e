package org.countersight.nlp.gazetteer;

import org.countersight.nlp.gazetteer.NameScanner.Found;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The surveillance-vendor registry ({@code vendors/vendors.tsv}, format in its header): vendors with id, home
 * country, kinds, aliases and products, and a matcher that finds them in raw text. Matched on the raw text, not
 * tokens, because names like "Face++" or "iFlytek" do not survive tokenisation and case is what separates "Flock"
 * from "flock". {@link #find} scans for names ({@link NameScanner}) and keeps a weak or ambiguous one only when a
 * context cue ({@link ContextCues}) or a confirmed relative confirms it; parsing is {@link VendorRegistryParser}.
 */
public final class VendorDictionary {

    public static final String RESOURCE = "vendors/vendors.tsv";

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

    private final String version;
    private final List<Vendor> vendors;
    private final Map<String, Vendor> byId;
    private final ContextCues cues;
    private final NameScanner scanner;

    VendorDictionary(String version, List<Vendor> vendors, Map<String, List<String>> cuesByKind, List<Name> names) {
        this.version = version;
        this.vendors = List.copyOf(vendors);
        Map<String, Vendor> ids = new LinkedHashMap<>();
        vendors.forEach(v -> ids.put(v.id(), v));
        this.byId = ids;
        this.cues = new ContextCues(cuesByKind);
        this.scanner = new NameScanner(names);
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
        return cues.kinds();
    }

    /** The context cues of a declared kind (empty for an unknown kind). */
    public List<String> cues(String kind) {
        return cues.of(kind);
    }

    /**
     * Vendors and products named in {@code text}, in text order, not overlapping (the longest name wins). Weak names
     * come back with {@code weak} unless confirmed; ambiguous names only when confirmed (see the registry header).
     */
    public List<Mention> find(String text) {
        List<Found> found = scanner.scan(text);
        if (found.isEmpty()) {
            return List.of();
        }
        boolean[] confirmed = new boolean[found.size()];
        Set<String> strongIds = new HashSet<>();
        Set<String> strongParents = new HashSet<>();
        boolean unconfirmed = false;
        for (int i = 0; i < found.size(); i++) {
            Found f = found.get(i);
            confirmed[i] = f.name().strength() == Strength.STRONG
                    || cues.nearby(text, f.start(), f.end(), f.name().vendor().kinds());
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
}
