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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.countersight.nlp.gazetteer.VendorDictionary.Name;
import org.countersight.nlp.gazetteer.VendorDictionary.Product;
import org.countersight.nlp.gazetteer.VendorDictionary.Strength;
import org.countersight.nlp.gazetteer.VendorDictionary.Vendor;

/** Reads the registry format line by line; every error names the source and line. */
final class VendorRegistryParser {

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final Pattern KIND = Pattern.compile("[a-z][a-z_]*");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

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

    VendorRegistryParser(String source) {
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
        return new VendorDictionary(version, vendors, cues, names);
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
            if (!cue.equals(cue.toLowerCase(Locale.ROOT)) || cue.length() < ContextCues.CUE_KEY
                    || !Character.isLetterOrDigit(cue.charAt(0))) {
                throw error("cue \"" + cue + "\" of kind " + cols[1] + " must be lower case, start with a letter "
                        + "or digit and be at least " + ContextCues.CUE_KEY + " characters long");
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
