package org.countersight.nlp.gazetteer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Surveillance vendors with aliases and home country, from our own resource {@code vendors/vendors.tsv}.
 * Matched on the raw text (case-sensitive whole words, plus ALL-CAPS), because names like "Face++" or
 * "iFlytek" do not survive tokenisation and case is what separates "Flock" from "flock".
 */
public final class VendorDictionary {

    public static final String RESOURCE = "vendors/vendors.tsv";

    public record Vendor(String name, String countryCode, String sells) {
    }

    /** A vendor named in the text; {@code weak} when only an ambiguous product/short name matched. */
    public record Mention(Vendor vendor, int start, int end, boolean weak) {
    }

    private final Map<String, Vendor> byAlias = new HashMap<>();
    private final Map<String, Boolean> weakAlias = new HashMap<>();
    private final List<Vendor> vendors = new ArrayList<>();
    private final Pattern pattern;

    private VendorDictionary(Pattern pattern) {
        this.pattern = pattern;
    }

    public static VendorDictionary load() {
        Map<String, Vendor> byAlias = new HashMap<>();
        Map<String, Boolean> weak = new HashMap<>();
        List<Vendor> vendors = new ArrayList<>();
        for (String[] cols : TsvResource.rows(RESOURCE, 3, Integer.MAX_VALUE, "vendor")) {
            Vendor v = new Vendor(cols[0].trim(), cols[1].trim(), cols.length > 3 ? cols[3].trim() : "");
            vendors.add(v);
            for (String raw : cols[2].split("\\|")) {
                boolean isWeak = raw.startsWith("~");
                String alias = raw.replaceFirst("^~", "").trim();
                if (!alias.isEmpty()) {
                    byAlias.put(alias, v);
                    weak.put(alias, isWeak);
                    String upper = alias.toUpperCase(java.util.Locale.ROOT);
                    byAlias.putIfAbsent(upper, v);
                    weak.putIfAbsent(upper, isWeak);
                }
            }
        }
        List<String> aliases = new ArrayList<>(byAlias.keySet());
        aliases.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder re = new StringBuilder("(?<![\\p{L}\\p{N}])(?:");
        for (int i = 0; i < aliases.size(); i++) {
            re.append(i == 0 ? "" : "|").append(Pattern.quote(aliases.get(i)));
        }
        re.append(")(?![\\p{L}\\p{N}+])");
        VendorDictionary d = new VendorDictionary(Pattern.compile(re.toString()));
        d.byAlias.putAll(byAlias);
        d.weakAlias.putAll(weak);
        d.vendors.addAll(vendors);
        return d;
    }

    public List<Vendor> all() {
        return List.copyOf(vendors);
    }

    public List<Mention> find(String text) {
        List<Mention> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            String alias = m.group();
            Vendor v = byAlias.get(alias);
            if (v != null) {
                out.add(new Mention(v, m.start(), m.end(), weakAlias.getOrDefault(alias, false)));
            }
        }
        return out;
    }
}
