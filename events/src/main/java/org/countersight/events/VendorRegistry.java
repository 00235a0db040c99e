package org.countersight.events;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The surveillance-vendor registry as data ({@code vendors/vendors.tsv} in this module, format in its header): the
 * one versioned list nlp-service matches vendors with and api-service builds its vendor pages and flows from. This
 * reads the vendor lines and the declared kinds; matching (name strengths, cues, look-alikes) stays in nlp-service,
 * whose stricter parser validates the same file. Immutable and thread-safe.
 */
public final class VendorRegistry {

    public static final String RESOURCE = "vendors/vendors.tsv";

    /**
     * One vendor. {@code homeCountry} is the headquarters (ISO 3166-1 alpha-2), {@code parentId} the owning vendor's
     * id or null; aliases and products without their weak/ambiguous markers.
     */
    public record Vendor(String id, String name, String homeCountry, List<String> kinds, List<String> aliases,
            List<String> products, String parentId) {
    }

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static volatile VendorRegistry bundled;

    private final String version;
    private final List<String> kinds;
    private final List<Vendor> vendors;
    private final Map<String, Vendor> byId = new LinkedHashMap<>();
    /** lower-cased name and aliases → vendor */
    private final Map<String, Vendor> byName = new LinkedHashMap<>();

    private VendorRegistry(String version, List<String> kinds, List<Vendor> vendors) {
        this.version = version;
        this.kinds = List.copyOf(kinds);
        this.vendors = List.copyOf(vendors);
        for (Vendor v : vendors) {
            byId.put(v.id(), v);
        }
        // names first, so an alias never shadows another vendor's display name
        for (Vendor v : vendors) {
            byName.putIfAbsent(v.name().toLowerCase(Locale.ROOT), v);
        }
        for (Vendor v : vendors) {
            v.aliases().forEach(a -> byName.putIfAbsent(a.toLowerCase(Locale.ROOT), v));
        }
    }

    /** The registry bundled in this module, read once. */
    public static VendorRegistry bundled() {
        VendorRegistry r = bundled;
        if (r == null) {
            synchronized (VendorRegistry.class) {
                r = bundled;
                if (r == null) {
                    r = load(RESOURCE);
                    bundled = r;
                }
            }
        }
        return r;
    }

    /** @throws IllegalStateException when the resource is missing or a line is malformed (source and line named) */
    public static VendorRegistry load(String resource) {
        try (InputStream in = VendorRegistry.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing vendor registry resource " + resource);
            }
            return parse(resource, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vendor registry " + resource, e);
        }
    }

    /** Parses registry text; {@code source} names it in errors. */
    public static VendorRegistry parse(String source, String content) {
        try {
            return parse(source, new StringReader(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static VendorRegistry parse(String source, Reader reader) throws IOException {
        BufferedReader r = new BufferedReader(reader);
        String version = null;
        List<String> kinds = new ArrayList<>();
        List<Vendor> vendors = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = Arrays.stream(line.split("\t", -1)).map(String::strip).toArray(String[]::new);
            String where = source + " line " + lineNo + ": ";
            switch (cols[0]) {
                case "@version" -> {
                    if (cols.length != 2 || !cols[1].matches("\\d+\\.\\d+\\.\\d+")) {
                        throw new IllegalStateException(where + "expected \"@version<TAB>major.minor.patch\"");
                    }
                    version = cols[1];
                }
                case "@kind" -> {
                    if (cols.length != 3) {
                        throw new IllegalStateException(where + "expected \"@kind<TAB>kind<TAB>cues\"");
                    }
                    kinds.add(cols[1]);
                }
                case "@not" -> {
                    // look-alikes only matter to matching (nlp-service)
                }
                default -> {
                    if (cols[0].startsWith("@")) {
                        throw new IllegalStateException(where + "unknown directive " + cols[0]);
                    }
                    if (cols.length < 6 || cols.length > 7) {
                        throw new IllegalStateException(where + "expected 6 or 7 tab-separated columns, found "
                                + cols.length);
                    }
                    if (version == null) {
                        throw new IllegalStateException(where + "vendor before the @version line");
                    }
                    if (!ids.add(cols[0])) {
                        throw new IllegalStateException(where + "id " + cols[0] + " used twice");
                    }
                    if (!COUNTRIES.contains(cols[2])) {
                        throw new IllegalStateException(where + "country \"" + cols[2]
                                + "\" is not an ISO 3166-1 alpha-2 code");
                    }
                    List<String> vendorKinds = List.of(cols[3].replace(',', '|').split("\\|"));
                    for (String k : vendorKinds) {
                        if (!kinds.contains(k)) {
                            throw new IllegalStateException(where + "kind " + k + " is not declared");
                        }
                    }
                    List<String> aliases = names(cols[4]).stream().filter(a -> !a.equals(cols[1])).toList();
                    List<String> products = names(cols[5]).stream().map(p -> p.split("=", 2)[0]).toList();
                    vendors.add(new Vendor(cols[0], cols[1], cols[2], vendorKinds, aliases, products,
                            cols.length == 7 && !cols[6].isEmpty() ? cols[6] : null));
                }
            }
        }
        if (version == null) {
            throw new IllegalStateException(source + ": no @version line");
        }
        return new VendorRegistry(version, kinds, vendors);
    }

    /** A |-separated cell without the ~ and ? markers; "-" is none. */
    private static List<String> names(String cell) {
        if (cell.equals("-") || cell.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(cell.split("\\|")).map(String::strip)
                .map(n -> n.startsWith("~") || n.startsWith("?") ? n.substring(1) : n).toList();
    }

    /** The registry version (its {@code @version} line). */
    public String version() {
        return version;
    }

    /** The declared kinds, in registry order. */
    public List<String> kinds() {
        return kinds;
    }

    /** Every vendor, in registry order. */
    public List<Vendor> all() {
        return vendors;
    }

    public Optional<Vendor> byId(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /**
     * The vendor a tagged event names: events carry the display name the tagger reported; an alias resolves too
     * (case-insensitive), so records from an older registry still find their vendor.
     */
    public Optional<Vendor> byName(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /** Vendor ids in registry order (for error messages and listings). */
    public List<String> ids() {
        return Collections.unmodifiableList(new ArrayList<>(byId.keySet()));
    }
}
