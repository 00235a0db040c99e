package org.countersight.api.rest;

import org.countersight.api.alerts.AlertFilter;
import org.countersight.api.index.ArticleQuery;

import org.countersight.events.Taxonomy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns raw query parameters into validated values. Parameters arrive as strings on purpose: JAX-RS would
 * answer an unconvertible number with a bare 404, this answers with a 400 that says what to send.
 * List parameters accept both repetition ({@code country=KH&country=VN}) and commas ({@code country=KH,VN}).
 */
public final class Params {

    public static final int MAX_Q = 500;
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;
    private static final int MAX_VALUES = 50;
    private static final int MAX_VALUE_LENGTH = 200;
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern LANG = Pattern.compile("[a-z]{2,3}");

    private Params() {
    }

    public static ArticleQuery articleQuery(String q, List<String> country, List<String> category, List<String> entity,
                                            List<String> vendor, List<String> source, List<String> lang,
                                            String from, String to, String surveillance) {
        Instant fromI = instant("from", from, false);
        Instant toI = instant("to", to, true);
        if (fromI != null && toI != null && fromI.isAfter(toI)) {
            throw ApiException.badParameter("from", "'from' (" + from + ") is after 'to' (" + to + ")");
        }
        return new ArticleQuery(text(q), countries(country), categories(category),
                names("entity", entity), names("vendor", vendor), names("source", source), languages(lang),
                fromI, toI, bool("surveillance", surveillance));
    }

    public static AlertFilter alertFilter(List<String> country, List<String> category, String minConfidence) {
        Double min = minConfidence(minConfidence); // checked first: of several bad parameters, the 400 names this one
        return new AlertFilter(countries(country), categories(category), min);
    }

    /** The {@code minConfidence} parameter: a number from 0 to 1, or null when blank. */
    public static Double minConfidence(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        double min;
        try {
            min = Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            min = Double.NaN;
        }
        if (!(min >= 0 && min <= 1)) {
            throw ApiException.badParameter("minConfidence", "minConfidence must be a number from 0 to 1, got '" + cut(raw) + "'");
        }
        return min;
    }

    public static String text(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        if (q.length() > MAX_Q) {
            throw ApiException.badParameter("q", "q is " + q.length() + " characters long; at most " + MAX_Q + " are accepted");
        }
        return q.strip();
    }

    public static int limit(String limit) {
        return intInRange("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    public static int intInRange(String name, String value, int dflt, int min, int max) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(value.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badParameter(name, name + " must be a whole number from " + min + " to " + max + ", got '" + cut(value) + "'");
    }

    /**
     * One of a fixed set of words, matched after stripping and lower-casing: blank gives {@code dflt}, anything
     * else not in {@code allowed} is a 400 that lists them ({@code format must be json, csv or gexf, got 'xml'}).
     *
     * @return the matched word, lower-case
     */
    public static String oneOf(String name, String value, String dflt, String... allowed) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw ApiException.badParameter(name, name + " must be " + either(allowed) + ", got '" + cut(value) + "'");
    }

    /** "a", "a or b", "a, b or c". */
    private static String either(String... words) {
        int last = words.length - 1;
        return last <= 0 ? String.join("", words)
                : String.join(", ", java.util.Arrays.asList(words).subList(0, last)) + " or " + words[last];
    }

    public static ArticleQuery.Sort sort(String sort) {
        if (sort == null || sort.isBlank() || sort.strip().equalsIgnoreCase("published")) {
            return ArticleQuery.Sort.PUBLISHED;
        }
        if (sort.strip().equalsIgnoreCase("relevance")) {
            return ArticleQuery.Sort.RELEVANCE;
        }
        throw ApiException.badParameter("sort", "sort must be 'published' (newest first) or 'relevance', got '" + cut(sort) + "'");
    }

    public static Set<String> countries(List<String> raw) {
        return countries("country", raw);
    }

    /** ISO codes of a repeatable, comma-separable parameter {@code name}, with the count and length limits of lists. */
    public static Set<String> countries(String name, List<String> raw) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values(name, raw)) {
            out.add(country(name, v));
        }
        return out;
    }

    public static String country(String name, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String code = v.strip().toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(code)) {
            throw ApiException.badParameter(name, "'" + cut(v) + "' is not an ISO 3166-1 alpha-2 country code (examples: KH, VN, US)");
        }
        return code;
    }

    public static Set<String> categories(List<String> raw) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values("category", raw)) {
            String c = v.toLowerCase(Locale.ROOT);
            if (!Taxonomy.isCategory(c)) {
                throw ApiException.badParameter("category", "'" + cut(v) + "' is not a category; use one of " + String.join(", ", Taxonomy.ids()));
            }
            out.add(c);
        }
        return out;
    }

    public static Set<String> languages(List<String> raw) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values("lang", raw)) {
            String l = v.toLowerCase(Locale.ROOT);
            if (!LANG.matcher(l).matches()) {
                throw ApiException.badParameter("lang", "'" + cut(v) + "' is not an ISO 639 language code such as en, fr, km");
            }
            out.add(l);
        }
        return out;
    }

    public static String language(String name, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String l = v.strip().toLowerCase(Locale.ROOT);
        if (!LANG.matcher(l).matches()) {
            throw ApiException.badParameter(name, "'" + cut(v) + "' is not an ISO 639 language code such as en, fr, km");
        }
        return l;
    }

    /** Names (entities, vendors, sources) are matched case- and space-insensitively. */
    private static Set<String> names(String name, List<String> raw) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values(name, raw)) {
            out.add(v.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
        }
        return out;
    }

    public static Boolean bool(String name, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ApiException.badParameter(name, name + " must be true or false, got '" + cut(v) + "'");
        };
    }

    /**
     * An ISO date ({@code 2026-11-26}: start of that day UTC, or its end for {@code to}) or an ISO instant
     * ({@code 2026-11-26T08:00:00Z}, an offset such as {@code +07:00} is accepted).
     */
    public static Instant instant(String name, String v, boolean endOfDay) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = v.strip();
        try {
            Instant result;
            if (s.length() <= 10) {
                LocalDate d = LocalDate.parse(s);
                result = endOfDay
                        ? d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1)
                        : d.atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                result = OffsetDateTime.parse(s).toInstant();
            }
            result.toEpochMilli(); // the index keeps milliseconds: reject what does not fit now, not at query time
            return result;
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name, name + " must be an ISO date (2026-11-26) or instant (2026-11-26T08:00:00Z), got '" + cut(v) + "'");
        } catch (DateTimeException | ArithmeticException e) {
            throw ApiException.badParameter(name, name + " is out of range: '" + cut(v) + "'");
        }
    }

    private static List<String> values(String name, List<String> raw) {
        if (raw == null || raw.isEmpty()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        for (String r : raw) {
            if (r == null) {
                continue;
            }
            for (String part : r.split(",")) {
                String v = part.strip();
                if (v.isEmpty()) {
                    continue;
                }
                if (v.length() > MAX_VALUE_LENGTH) {
                    throw ApiException.badParameter(name, "a value of " + name + " is longer than " + MAX_VALUE_LENGTH + " characters");
                }
                out.add(v);
                if (out.size() > MAX_VALUES) {
                    throw ApiException.badParameter(name, "at most " + MAX_VALUES + " values of " + name + " are accepted");
                }
            }
        }
        return out;
    }

    /** Echoes user input back shortened, so a problem document stays small. */
    static String cut(String v) {
        String s = v.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
