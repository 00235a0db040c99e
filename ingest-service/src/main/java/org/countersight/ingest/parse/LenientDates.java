package org.countersight.ingest.parse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the dates feeds really carry, when Rome could not: RFC 822/1123 and their variants (no weekday, a wrong
 * weekday, full month names, two-digit years, no seconds, named zones such as EST or CEST, no zone at all),
 * ISO 8601 / RFC 3339 (space instead of T, no seconds, fractions, "+0100" offsets, no zone, date only), asctime
 * and JavaScript's {@code Date.toString()}; RFC 822 comments ({@code Thu(rsday), 9(th) Feb 2006}) and stray spaces
 * before commas are ignored. A date that cannot exist (31 June, 30 February) is no date, never a shifted one (Rome's
 * lenient {@code SimpleDateFormat} would make 31 June 1 July). A missing or unknown zone takes the zone the caller
 * configured, else UTC, and the reading says it had no zone ({@link Reading#zoned()}). Anything else gives null
 * (the caller then uses the fetch time and flags the date as estimated).
 *
 * <p>Zone abbreviations that mean different offsets in different places ({@link #AMBIGUOUS}: CST, IST, AST, BST,
 * PST, MST) are read by the feed's region (an ISO 3166 code, see {@code ArticleMapper.region}): CST in a Chinese
 * or Taiwanese feed is China Standard Time (+8), IST in an Irish feed is Irish Standard Time (+1), AST in a Saudi
 * feed is Arabia Standard Time (+3). Without a region, or for a region not listed, the reading is RFC 822's for
 * the zones it defines (CST −6, PST −8, MST −7), India's for IST (+5:30), Atlantic for AST (−4), British for BST.
 */
public final class LenientDates {

    private static final String ZONE = "(Z|UTC|UT|GMT(?:[+-]\\d{1,2}(?::?\\d{2})?)?|[+-]\\d{1,2}(?::?\\d{2})?|[A-Za-z]{1,5})";

    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[Tt ]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?\\s*" + ZONE + "?");
    private static final Pattern ISO_COMPACT = Pattern.compile(
            "(\\d{4})(\\d{2})(\\d{2})(?:T(\\d{2})(\\d{2})(\\d{2})?)?\\s*" + ZONE + "?");
    /** [weekday,] day month year [hh:mm[:ss]] [zone] */
    private static final Pattern RFC822 = Pattern.compile(
            "(?:[A-Za-z]{2,9}\\.?,?\\s*)?(\\d{1,2})[\\s-]+([A-Za-z]{3,9})\\.?[\\s-]+(\\d{2,4})"
                    + "(?:[\\s,T]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?)?\\s*(?:" + ZONE + ")?(?:\\s*\\(.*\\))?");
    /** [weekday] month day[,] [hh:mm[:ss]] [zone] year (asctime) or [weekday] month day year hh:mm:ss [zone] (JavaScript) */
    private static final Pattern MONTH_FIRST = Pattern.compile(
            "(?:[A-Za-z]{2,9},?\\s+)?([A-Za-z]{3,9})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+"
                    + "(?:(\\d{4})\\s*,?\\s*)?(?:(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*([AaPp][Mm])?)?\\s*(?:" + ZONE + ")?\\s*(\\d{4})?(?:\\s*\\(.*\\))?");

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5),
            Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10),
            Map.entry("nov", 11), Map.entry("dec", 12));

    private static final Map<String, Integer> ZONES = Map.ofEntries(
            Map.entry("Z", 0), Map.entry("UT", 0), Map.entry("UTC", 0), Map.entry("GMT", 0), Map.entry("WET", 0),
            Map.entry("CET", 60), Map.entry("MET", 60), Map.entry("CEST", 120),
            Map.entry("MEST", 120), Map.entry("EET", 120), Map.entry("EEST", 180), Map.entry("MSK", 180),
            Map.entry("EST", -300), Map.entry("EDT", -240), Map.entry("CDT", -300),
            Map.entry("MDT", -360), Map.entry("PDT", -420),
            Map.entry("AKST", -540), Map.entry("AKDT", -480), Map.entry("HST", -600),
            Map.entry("NZST", 720), Map.entry("NZDT", 780), Map.entry("AEST", 600), Map.entry("AEDT", 660),
            Map.entry("JST", 540), Map.entry("KST", 540), Map.entry("HKT", 480), Map.entry("SGT", 480), Map.entry("WIB", 420));

    /** An ambiguous abbreviation: its offset where no listed region applies, and the offsets of listed regions. */
    private record AmbiguousZone(int defaultMinutes, Map<String, Integer> byRegion) {
        int minutes(String region) {
            return region == null ? defaultMinutes : byRegion.getOrDefault(region.toUpperCase(Locale.ROOT), defaultMinutes);
        }
    }

    static final Map<String, AmbiguousZone> AMBIGUOUS = Map.of(
            "CST", new AmbiguousZone(-360, Map.of("CN", 480, "TW", 480, "HK", 480, "MO", 480, "CU", -300)),
            "IST", new AmbiguousZone(330, Map.of("IE", 60, "IL", 120)),
            "AST", new AmbiguousZone(-240, Map.of("SA", 180, "IQ", 180, "KW", 180, "QA", 180, "BH", 180, "YE", 180)),
            "BST", new AmbiguousZone(60, Map.of("BD", 360)),
            "PST", new AmbiguousZone(-480, Map.of("PH", 480)),
            "MST", new AmbiguousZone(-420, Map.of("MY", 480)));

    private static final Pattern AMBIGUOUS_NAME = Pattern.compile("\\b(" + String.join("|", AMBIGUOUS.keySet()) + ")\\b",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern COMMENT = Pattern.compile("\\([^()]*\\)");
    private static final Pattern SPACE_BEFORE_COMMA = Pattern.compile("\\s+,");

    /**
     * One date as read.
     *
     * @param instant null when the text is a date that cannot exist (31 June): no date, not a shifted one
     * @param zoned   false when the text named no zone (or one not known) and the default zone was used
     */
    public record Reading(Instant instant, boolean zoned) {
        static final Reading IMPOSSIBLE = new Reading(null, false);

        public boolean impossible() {
            return instant == null;
        }
    }

    private LenientDates() {
    }

    /** @return the instant, or null when the text is not a date this class understands */
    public static Instant parse(String raw) {
        return parse(raw, null);
    }

    /** True when the text names a zone whose offset depends on the region (see the class comment). */
    public static boolean namesAmbiguousZone(String raw) {
        return raw != null && AMBIGUOUS_NAME.matcher(raw).find();
    }

    /**
     * @param region the feed's ISO 3166-1 alpha-2 region, or null; decides the ambiguous zone abbreviations
     * @return the instant, or null when the text is not a date this class understands
     */
    public static Instant parse(String raw, String region) {
        Reading r = read(raw, region, null);
        return r == null ? null : r.instant();
    }

    /**
     * @param region the feed's ISO 3166-1 alpha-2 region, or null; decides the ambiguous zone abbreviations
     * @param zone   the zone a date without one is read in (the source's), or null for UTC
     * @return the reading ({@link Reading#impossible()} for a date that cannot exist), or null when the text is not a
     * date this class understands
     */
    public static Reading read(String raw, String region, ZoneId zone) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        if (s.isEmpty() || s.length() > 120) {
            return null;
        }
        for (int i = 0; i < 3 && s.indexOf('(') >= 0; i++) { // nested comments, innermost first
            s = COMMENT.matcher(s).replaceAll(" ");
        }
        s = SPACE_BEFORE_COMMA.matcher(s.replaceAll("\\s+", " ").strip()).replaceAll(",");
        if (s.isEmpty() || s.length() > 80) {
            return null;
        }
        try {
            Matcher m = ISO.matcher(s);
            if (m.matches()) {
                return build(num(m.group(1)), num(m.group(2)), num(m.group(3)), num(m.group(4)), num(m.group(5)),
                        num(m.group(6)), m.group(7), m.group(8), region, zone);
            }
            m = ISO_COMPACT.matcher(s);
            if (m.matches()) {
                return build(num(m.group(1)), num(m.group(2)), num(m.group(3)), num(m.group(4)), num(m.group(5)),
                        num(m.group(6)), null, m.group(7), region, zone);
            }
            m = RFC822.matcher(s);
            if (m.matches()) {
                Integer month = month(m.group(2));
                if (month != null) {
                    return build(year(m.group(3)), month, num(m.group(1)), num(m.group(4)), num(m.group(5)),
                            num(m.group(6)), null, m.group(7), region, zone);
                }
            }
            m = MONTH_FIRST.matcher(s);
            if (m.matches()) {
                Integer month = month(m.group(1));
                String year = m.group(3) != null ? m.group(3) : m.group(9);
                if (month != null && year != null) {
                    Integer hour = num(m.group(4));
                    if (hour != null && m.group(7) != null) {
                        boolean pm = m.group(7).equalsIgnoreCase("pm");
                        hour = hour % 12 + (pm ? 12 : 0);
                    }
                    return build(num(year), month, num(m.group(2)), hour, num(m.group(5)), num(m.group(6)), null,
                            m.group(8), region, zone);
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static Reading build(Integer year, Integer month, Integer day, Integer hour, Integer minute, Integer second,
                                 String fraction, String zone, String region, ZoneId defaultZone) {
        if (year == null || month == null || day == null || year < 1970 || year > 2200) {
            return null;
        }
        int nanos = 0;
        if (fraction != null) {
            String f = (fraction + "000000000").substring(0, 9);
            nanos = Integer.parseInt(f);
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.of(year, month, day, hour == null ? 0 : hour, minute == null ? 0 : minute,
                    second == null ? 0 : Math.min(59, second), nanos);
        } catch (DateTimeException e) {
            return Reading.IMPOSSIBLE; // 31 June, 30 February, hour 25: no date rather than a shifted one
        }
        if (!knownZone(zone)) {
            return new Reading(defaultZone == null ? local.toInstant(ZoneOffset.UTC) : local.atZone(defaultZone).toInstant(), false);
        }
        return new Reading(local.toInstant(ZoneOffset.ofTotalSeconds(offsetMinutes(zone, region) * 60)), true);
    }

    /** True when {@code zone} is an offset or a name {@link #offsetMinutes} knows (not missing, not unknown). */
    static boolean knownZone(String zone) {
        if (zone == null || zone.isEmpty()) {
            return false;
        }
        String z = zone.toUpperCase(Locale.ROOT);
        if (z.startsWith("GMT") || z.startsWith("+") || z.startsWith("-") || AMBIGUOUS.containsKey(z) || ZONES.containsKey(z)) {
            return true;
        }
        return z.length() == 1 && z.charAt(0) >= 'A' && z.charAt(0) <= 'Y' && z.charAt(0) != 'J';
    }

    /** Minutes east of UTC; 0 for a missing or unknown zone. */
    static int offsetMinutes(String zone, String region) {
        if (zone == null || zone.isEmpty()) {
            return 0;
        }
        String z = zone.toUpperCase(Locale.ROOT);
        if (z.startsWith("GMT") && z.length() > 3) {
            z = z.substring(3);
        }
        if (z.startsWith("+") || z.startsWith("-")) {
            int sign = z.startsWith("-") ? -1 : 1;
            String digits = z.substring(1).replace(":", "");
            int h;
            int m = 0;
            if (digits.length() <= 2) {
                h = Integer.parseInt(digits);
            } else {
                h = Integer.parseInt(digits.substring(0, digits.length() - 2));
                m = Integer.parseInt(digits.substring(digits.length() - 2));
            }
            if (h > 14 || m > 59) {
                return 0;
            }
            return sign * (h * 60 + m);
        }
        AmbiguousZone ambiguous = AMBIGUOUS.get(z);
        if (ambiguous != null) {
            return ambiguous.minutes(region);
        }
        Integer named = ZONES.get(z);
        if (named != null) {
            return named;
        }
        if (z.length() == 1) { // RFC 822 military zones: A..M east (no J), N..Y west
            char c = z.charAt(0);
            if (c >= 'A' && c <= 'I') {
                return (c - 'A' + 1) * 60;
            }
            if (c >= 'K' && c <= 'M') {
                return (c - 'K' + 10) * 60;
            }
            if (c >= 'N' && c <= 'Y') {
                return -(c - 'N' + 1) * 60;
            }
        }
        return 0;
    }

    private static Integer month(String name) {
        return name.length() < 3 ? null : MONTHS.get(name.substring(0, 3).toLowerCase(Locale.ROOT));
    }

    private static Integer year(String y) {
        int v = Integer.parseInt(y);
        if (y.length() == 2) {
            return v < 50 ? 2000 + v : 1900 + v;
        }
        return y.length() == 4 ? v : null;
    }

    private static Integer num(String s) {
        return s == null ? null : Integer.valueOf(s);
    }
}
