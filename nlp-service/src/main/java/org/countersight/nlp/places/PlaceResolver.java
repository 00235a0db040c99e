package org.countersight.nlp.places;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds names of places below country level in a text (cities, districts, provinces, police and local agencies)
 * and resolves each to one country. Precision first: a wrong country is worse than none for a news monitor.
 *
 * <p>How a name is found: a run of capitalised (or ALL-CAPS) words, longest gazetteer match first, allowing
 * lower-case joiners inside ("Sant Julià de Lòria"), hyphens ("Baden-Baden"), dots ("St. Louis") and a possessive
 * at the end ("Shopian's"). Chinese names are matched in runs of Han characters. Country names are not in the
 * gazetteer (the country gazetteer handles them).
 *
 * <p>How a country is chosen among places sharing a name: GeoNames population (log scale), the countries already
 * named in the article ({@code contextCountries}), the countries of the other places in the same text, a kind word
 * after the name ("Khuzestan province" prefers a province), and alternate names counting less than main names.
 *
 * <p>Names that are also ordinary English words or first names (flagged at build time: "Mobile", "Reading",
 * "Victoria", "Florence", "Hope"...) count only with support: a place preposition before ("in", "near", "from"...),
 * a kind word or an agency after, or their country already in context.
 *
 * <p>US convention rule: "&lt;Name&gt; Police Department" and "&lt;Name&gt; County Sheriff's Office" resolve to US
 * even when the town is small or not in the gazetteer. Naming a municipal police force "Police Department" and a
 * county's law enforcement "Sheriff's Office" is the United States' convention; elsewhere forces are "Police",
 * "Police Service", "Constabulary" or a state or national police. So a name that the gazetteer places only
 * outside the US (e.g. a large Indian city) keeps its own country; any other name goes to US.
 *
 * <p>Stateless and thread-safe: one instance over one {@link PlaceIndex} serves all threads.
 */
public final class PlaceResolver {

    /** The prepositions strong enough to support a name that is also an ordinary word ("in Mobile", not "to Hope"). */
    private static final Set<String> STRONG_PREPOSITIONS = Set.of("in", "at", "near", "from", "across", "outside",
            "inside", "around", "throughout", "within");
    /** Nouns before "of" that make the name after it a place ("the city of Reading", "residents of Nice"). */
    private static final Set<String> OF_HEADS = Set.of("city", "town", "province", "state", "district", "county",
            "region", "governorate", "municipality", "village", "outskirts", "residents", "people", "mayor", "suburbs",
            "streets", "centre", "center", "capital", "port", "prefecture", "oblast");
    /** Words before a name that say a place follows. */
    private static final Set<String> PLACE_PREPOSITIONS = Set.of("in", "at", "near", "from", "across", "outside",
            "inside", "around", "throughout", "within", "into", "to", "towards", "toward", "via", "between", "of");
    /** Kind words after a name, and whether they point to a city (c), a first-level (1) or second-level (2) region. */
    private static final Map<String, String> KIND_WORDS = Map.ofEntries(
            Map.entry("district", "2"), Map.entry("districts", "2"), Map.entry("county", "2"),
            Map.entry("division", "2"), Map.entry("tehsil", "2"), Map.entry("taluk", "2"),
            Map.entry("municipality", "c2"), Map.entry("province", "1"), Map.entry("state", "1"),
            Map.entry("region", "12"), Map.entry("governorate", "1"), Map.entry("oblast", "1"),
            Map.entry("prefecture", "12"), Map.entry("city", "c"), Map.entry("town", "c"),
            Map.entry("counties", "2"), Map.entry("provinces", "1"), Map.entry("states", "1"),
            Map.entry("regions", "12"), Map.entry("governorates", "1"), Map.entry("oblasts", "1"),
            Map.entry("prefectures", "12"));
    /** Words after a name that make it the seat of an authority ("Harare City Council", "Sindh government"). */
    private static final List<List<String>> AGENCIES = List.of(
            List.of("police"), List.of("sheriff's"), List.of("sheriff"), List.of("city", "council"),
            List.of("municipal"), List.of("municipality"), List.of("government"), List.of("administration"),
            List.of("authorities"), List.of("council"), List.of("mayor"), List.of("governor"));
    /** Words before a capitalised word that make it a person's name, not a place. */
    private static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady",
            "president", "senator", "sen", "rep", "gen", "general", "judge", "justice", "minister", "governor",
            "mayor", "sheikh", "king", "queen", "prince", "princess", "pope", "rev", "reverend", "professor", "prof",
            "officer", "sgt", "sergeant", "capt", "captain", "col", "colonel", "lt", "lieutenant", "chief",
            "commissioner", "inspector", "detective", "agent", "coach", "brother", "sister", "father", "mother",
            "uncle", "aunt", "saint");
    /** Lower-case words allowed inside a multi-word name. */
    private static final Set<String> JOINERS = Set.of("de", "del", "della", "da", "do", "dos", "das", "di", "du",
            "la", "le", "les", "el", "al", "of", "upon", "on", "am", "an", "der", "den", "sur", "y", "e", "en", "i",
            "and");

    /** Month and day names: "in March", "on Independence Day" are dates. Places only with a kind word or agency. */
    private static final Set<String> CALENDAR = Set.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
            "friday", "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
            "nov", "dec");

    private static final int MAX_TEXT = 2_000_000;
    private static final long MIN_UNSUPPORTED_POPULATION = 15_000;
    private static final long MIN_UNSUPPORTED_ALT_POPULATION = 100_000;

    private final PlaceIndex index;

    public PlaceResolver(PlaceIndex index) {
        this.index = index;
    }

    /** Place mentions in {@code text}, with no excluded spans and no context countries. */
    public List<PlaceMention> find(String text) {
        return find(text, List.of(), Set.of());
    }

    /**
     * Place mentions in {@code text}, in text order.
     *
     * @param excludedSpans    char spans [start, end) to skip (e.g. PERSON mentions); null or empty for none
     * @param contextCountries ISO alpha-2 codes of countries the article names; null or empty for none
     */
    public List<PlaceMention> find(String text, List<int[]> excludedSpans, Set<String> contextCountries) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT);
        }
        Set<String> context = contextCountries == null ? Set.of() : contextCountries;
        List<int[]> excluded = excludedSpans == null ? List.of() : excludedSpans;
        List<Token> tokens = tokenize(text);
        List<Candidate> found = new ArrayList<>();
        findLatin(text, tokens, excluded, found);
        findHan(text, excluded, found);
        found.sort((a, b) -> Integer.compare(a.start, b.start));
        return resolve(found, context);
    }

    // ---------------------------------------------------------------- tokens

    private record Token(int start, int end, String key, boolean capitalised, boolean possessive, int gapBefore,
                         boolean allCaps) {
    }

    /** Words of letters and digits, with inner apostrophes; gapBefore: 0 joinable to the previous word, 1 not. */
    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int n = text.length(), i = 0, lastEnd = -1;
        while (i < n) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c) || PlaceIndex.isHan(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < n) {
                char d = text.charAt(i);
                if ((Character.isLetterOrDigit(d) && !PlaceIndex.isHan(d)) || Character.getType(d) == Character.NON_SPACING_MARK) {
                    i++;
                } else if ((d == '\'' || d == '’') && i + 1 < n && Character.isLetter(text.charAt(i + 1))) {
                    i++;
                } else {
                    break;
                }
            }
            int end = i;
            boolean possessive = end - start > 2 && (text.charAt(end - 2) == '\'' || text.charAt(end - 2) == '’')
                    && (text.charAt(end - 1) == 's' || text.charAt(end - 1) == 'S');
            int keyEnd = possessive ? end - 2 : end;
            String word = text.substring(start, keyEnd);
            boolean capitalised = Character.isUpperCase(word.codePointAt(0)) && !acronymPlural(word);
            boolean allCaps = word.length() > 1 && word.equals(word.toUpperCase(Locale.ROOT));
            int gap = lastEnd < 0 || !joinable(text, lastEnd, start) ? 1 : 0;
            tokens.add(new Token(start, keyEnd, PlaceIndex.key(word), capitalised, possessive, gap, allCaps));
            lastEnd = end;
        }
        return tokens;
    }

    /** "URBs", "NGOs": an acronym's plural, not a name. */
    private static boolean acronymPlural(String word) {
        int upper = 0;
        while (upper < word.length() && Character.isUpperCase(word.charAt(upper))) {
            upper++;
        }
        return upper >= 2 && upper < word.length() && word.length() - upper <= 2;
    }

    /** Whether most capitalised words of the text are ALL CAPS (a headline or a shouting text). */
    private static boolean mostlyCaps(List<Token> tokens) {
        int caps = 0, letters = 0;
        for (Token t : tokens) {
            if (t.key.length() > 1) {
                letters++;
                if (t.allCaps) {
                    caps++;
                }
            }
        }
        return letters > 0 && caps * 2 > letters;
    }

    /** Whether the chars between two words can sit inside one name: a space, a hyphen, a dot and a space. */
    private static boolean joinable(String text, int from, int to) {
        if (to - from > 2 || to == from) {
            return to - from == 0;
        }
        String gap = text.substring(from, to);
        return gap.equals(" ") || gap.equals("-") || gap.equals(". ") || gap.equals("\u00a0") || gap.equals("–");
    }

    // ---------------------------------------------------------------- finding

    /** A found name with its gazetteer entries and the evidence around it. */
    private static final class Candidate {
        final int start, end;
        final String name;
        final int[] entries;
        boolean common, calendar, preposition, agency, usAgency, sheriff, dropped;
        String kindWord;

        Candidate(int start, int end, String name, int[] entries) {
            this.start = start;
            this.end = end;
            this.name = name;
            this.entries = entries;
        }
    }

    private void findLatin(String text, List<Token> tokens, List<int[]> excluded, List<Candidate> out) {
        int n = tokens.size();
        int maxTokens = index.maxTokens();
        boolean shouting = mostlyCaps(tokens);
        Candidate[] byToken = new Candidate[n];
        int i = 0;
        while (i < n) {
            Token first = tokens.get(i);
            if (!first.capitalised || excluded(excluded, first.start, first.end) || isTitle(tokens, i)) {
                i++;
                continue;
            }
            int matched = 0;
            int[] entries = null;
            // the longest run of joinable words, then the longest gazetteer name within it
            int last = i;
            while (last + 1 < n && last + 1 - i < maxTokens && tokens.get(last + 1).gapBefore == 0
                    && !tokens.get(last).possessive
                    && (tokens.get(last + 1).capitalised || JOINERS.contains(tokens.get(last + 1).key))) {
                last++;
            }
            StringBuilder key = new StringBuilder();
            for (int j = last; j >= i; j--) {
                if (!tokens.get(j).capitalised) {
                    continue;
                }
                key.setLength(0);
                for (int k = i; k <= j; k++) {
                    if (k > i) {
                        key.append(' ');
                    }
                    key.append(tokens.get(k).key);
                }
                if (key.length() < 3) {
                    continue;
                }
                entries = index.entries(key.toString());
                if (entries != null) {
                    matched = j - i + 1;
                    break;
                }
            }
            if (entries == null) {
                i++;
                continue;
            }
            Token lastToken = tokens.get(i + matched - 1);
            if (excluded(excluded, first.start, lastToken.end)) {
                i += matched;
                continue;
            }
            Candidate c = new Candidate(first.start, lastToken.end, text.substring(first.start, lastToken.end), entries);
            for (int e : entries) {
                c.common |= (e & PlaceIndex.COMMON) != 0;
            }
            // short names ("Aba", "Ain") and, in ordinary text, ALL-CAPS words ("ICE", "BARD") are more often
            // acronyms than places: they need support like ordinary words
            String matchedKey = key.toString();
            c.common |= matchedKey.length() <= 3;
            c.common |= !shouting && matched == 1 && first.allCaps;
            c.calendar = CALENDAR.contains(matchedKey);
            evidence(tokens, i, i + matched, c);
            if (dateline(text, tokens, i, lastToken)) {
                c.preposition = true;
            }
            // "Tega Cay Police Department": the place word is the tail of a longer name; the US agency rule
            // below takes the whole name. An ordinary word inside a longer name ("Grand Mobile") is no place.
            boolean tailOfName = i > 0 && first.gapBefore == 0 && tokens.get(i - 1).capitalised
                    && !tokens.get(i - 1).key.equals("the") && !tokens.get(i - 1).possessive;
            if (tailOfName && (c.usAgency || c.common)) {
                i += matched;
                continue;
            }
            // "Republic of ...", "Bank of ...": the word heads a longer name that is not a place
            int next = i + matched;
            if (c.common && next + 1 < n && tokens.get(next).key.equals("of") && tokens.get(next + 1).capitalised) {
                i = next;
                continue;
            }
            for (int k = i; k < i + matched; k++) {
                byToken[k] = c;
            }
            out.add(c);
            i += matched;
        }
        findUsAgencies(text, tokens, excluded, out, byToken);
        out.removeIf(c -> c.dropped);
    }

    private static boolean isTitle(List<Token> tokens, int i) {
        if (i == 0 || tokens.get(i).gapBefore != 0 && tokens.get(i).start - tokens.get(i - 1).end > 3) {
            return false;
        }
        return TITLES.contains(tokens.get(i - 1).key);
    }

    /**
     * "HARARE — ...", "TOBRUK, Libya (Reuters) -": an ALL-CAPS name opening the text or a line, followed by a dash,
     * comma or colon, is a dateline, which names a place.
     */
    private static boolean dateline(String text, List<Token> tokens, int first, Token last) {
        if (!tokens.get(first).allCaps || !last.allCaps) {
            return false;
        }
        int before = tokens.get(first).start - 1;
        while (before >= 0 && (text.charAt(before) == ' ' || text.charAt(before) == '\t')) {
            before--;
        }
        if (before >= 0 && text.charAt(before) != '\n' && text.charAt(before) != '\r') {
            return false;
        }
        int after = last.end;
        while (after < text.length() && text.charAt(after) == ' ') {
            after++;
        }
        if (after >= text.length()) {
            return false;
        }
        char c = text.charAt(after);
        return c == ',' || c == ':' || c == '-' || c == '—' || c == '–' || c == '(';
    }

    /** Preposition before, kind word or agency after the name in tokens [from, to). */
    private static void evidence(List<Token> tokens, int from, int to, Candidate c) {
        if (from > 0) {
            String before = tokens.get(from - 1).key;
            boolean near = tokens.get(from).start - tokens.get(from - 1).end <= 2;
            if (near && PLACE_PREPOSITIONS.contains(before)) {
                c.preposition = !c.common || STRONG_PREPOSITIONS.contains(before)
                        || before.equals("of") && from > 1 && OF_HEADS.contains(tokens.get(from - 2).key);
            } else if (near && before.equals("the") && from > 1 && PLACE_PREPOSITIONS.contains(tokens.get(from - 2).key)
                    && !c.common) {
                // "in the Punjab" is a place; "at the Police station", "in the Union" are not: an ordinary word
                // needs the preposition right before it
                c.preposition = true;
            }
        }
        if (to < tokens.size() && tokens.get(to).start - tokens.get(to - 1).end <= 2 && !tokens.get(to - 1).possessive) {
            String after = tokens.get(to).key;
            if (KIND_WORDS.containsKey(after)) {
                c.kindWord = after;
            }
            for (List<String> agency : AGENCIES) {
                if (matchesAt(tokens, to, agency)) {
                    c.agency = true;
                    break;
                }
            }
            int k = to;
            if (after.equals("county") || after.equals("city")) {
                k++;
            }
            if (matchesAt(tokens, k, List.of("police", "department"))) {
                c.usAgency = true;
            }
            if (matchesAt(tokens, k, List.of("sheriff's")) || matchesAt(tokens, k, List.of("sheriff"))) {
                c.usAgency = true;
                c.sheriff = true;
            }
        }
    }

    private static boolean matchesAt(List<Token> tokens, int at, List<String> words) {
        if (at + words.size() > tokens.size()) {
            return false;
        }
        for (int k = 0; k < words.size(); k++) {
            Token t = tokens.get(at + k);
            String w = words.get(k);
            String key = t.possessive ? t.key + "'s" : t.key;
            if (!key.equals(w)) {
                return false;
            }
            if (k > 0 && t.start - tokens.get(at + k - 1).end > 2) {
                return false;
            }
        }
        return true;
    }

    /**
     * US convention rule (see the class comment): "&lt;Name&gt; Police Department", "&lt;Name&gt; County Sheriff's
     * Office" and "&lt;Name&gt; Sheriff's Office/Department" where the name is not in the gazetteer.
     */
    private static void findUsAgencies(String text, List<Token> tokens, List<int[]> excluded, List<Candidate> out,
                                       Candidate[] byToken) {
        int n = tokens.size();
        for (int i = 1; i < n; i++) {
            int nameEnd; // token index after the name
            boolean sheriff;
            if (matchesAt(tokens, i, List.of("police", "department")) && tokens.get(i).capitalised) {
                nameEnd = i;
                sheriff = false;
            } else if ((matchesAt(tokens, i, List.of("county", "sheriff's")) || matchesAt(tokens, i, List.of("county", "sheriff")))
                    && tokens.get(i).capitalised) {
                nameEnd = i;
                sheriff = true;
            } else if ((matchesAt(tokens, i, List.of("sheriff's", "office")) || matchesAt(tokens, i, List.of("sheriff's", "department")))
                    && tokens.get(i).capitalised) {
                nameEnd = i;
                sheriff = true;
            } else {
                continue;
            }
            int nameStart = nameEnd;
            while (nameStart - 1 >= 0 && nameEnd - nameStart < 4 && tokens.get(nameStart - 1).capitalised
                    && !tokens.get(nameStart - 1).possessive
                    && tokens.get(nameStart).start - tokens.get(nameStart - 1).end <= 2
                    && !tokens.get(nameStart - 1).key.equals("the")) {
                nameStart--;
            }
            if (nameStart == nameEnd) {
                continue;
            }
            int start = tokens.get(nameStart).start, end = tokens.get(nameEnd - 1).end;
            Candidate placeBefore = byToken[nameEnd - 1];
            if (excluded(excluded, start, end) || placeBefore != null && !placeBefore.dropped && placeBefore.end == end) {
                continue; // a place found just before the agency words resolves itself (with the rule's bias)
            }
            // words of the agency's name found as places on their own ("Marlow" in "Marlow Cay") give way to it
            for (int k = nameStart; k < nameEnd; k++) {
                if (byToken[k] != null) {
                    byToken[k].dropped = true;
                }
            }
            Candidate c = new Candidate(start, end, text.substring(start, end), new int[0]);
            c.usAgency = true;
            c.sheriff = sheriff;
            c.agency = true;
            out.add(c);
        }
    }

    private void findHan(String text, List<int[]> excluded, List<Candidate> out) {
        int max = index.maxHanChars();
        if (max < 2) {
            return;
        }
        int n = text.length(), i = 0;
        while (i < n) {
            if (!PlaceIndex.isHan(text.charAt(i))) {
                i++;
                continue;
            }
            int runEnd = i;
            while (runEnd < n && PlaceIndex.isHan(text.charAt(runEnd))) {
                runEnd++;
            }
            while (i < runEnd - 1) {
                int matched = 0;
                int[] entries = null;
                for (int len = Math.min(max, runEnd - i); len >= 2; len--) {
                    entries = index.entries(text.substring(i, i + len));
                    if (entries != null) {
                        matched = len;
                        break;
                    }
                }
                if (entries != null && !excluded(excluded, i, i + matched)) {
                    out.add(new Candidate(i, i + matched, text.substring(i, i + matched), entries));
                    i += matched;
                } else {
                    i++;
                }
            }
            i = runEnd;
        }
    }

    private static boolean excluded(List<int[]> spans, int start, int end) {
        for (int[] s : spans) {
            if (s != null && s.length >= 2 && s[0] < end && start < s[1]) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- resolving

    /** The best place of one country for a candidate, and its score. */
    private record Choice(String country, int place, boolean alt, double score) {
    }

    private List<PlaceMention> resolve(List<Candidate> found, Set<String> context) {
        // countries that places in this text point to without doubt (one country, or a clear population leader)
        Map<String, Integer> textVotes = new HashMap<>();
        String[] sure = new String[found.size()];
        for (int k = 0; k < found.size(); k++) {
            Candidate c = found.get(k);
            if ((c.common || c.calendar) && !c.preposition && c.kindWord == null) {
                continue;
            }
            List<Choice> choices = choices(c, Set.of(), Map.of());
            if (choices.isEmpty()) {
                continue;
            }
            if (choices.size() == 1 || choices.get(0).score - choices.get(1).score >= 1.0) {
                sure[k] = choices.get(0).country;
                textVotes.merge(sure[k], 1, Integer::sum);
            }
        }
        List<PlaceMention> out = new ArrayList<>();
        for (int k = 0; k < found.size(); k++) {
            Candidate c = found.get(k);
            Map<String, Integer> others = new HashMap<>(textVotes);
            if (sure[k] != null) {
                others.merge(sure[k], -1, Integer::sum);
            }
            PlaceMention m = decide(c, context, others);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    private PlaceMention decide(Candidate c, Set<String> context, Map<String, Integer> others) {
        if (c.entries.length == 0) {
            // an agency name the gazetteer does not know: the US convention rule
            if (allCommonWords(c.name)) {
                return null;
            }
            return new PlaceMention(c.start, c.end, c.name, "US", "agency", 0, c.sheriff ? 0.85 : 0.75);
        }
        List<Choice> choices = choices(c, context, others);
        if (choices.isEmpty()) {
            return null;
        }
        Choice best = choices.get(0);
        if (c.usAgency) {
            Choice us = null;
            for (Choice ch : choices) {
                if (ch.country.equals("US")) {
                    us = ch;
                    break;
                }
            }
            if (us != null || c.sheriff) {
                long pop = us == null ? 0 : index.population(us.place);
                String kind = us == null ? "agency" : index.kind(us.place);
                return new PlaceMention(c.start, c.end, c.name, "US", kind, pop, 0.85);
            }
        }
        boolean inContext = context.contains(best.country) || others.getOrDefault(best.country, 0) > 0;
        boolean supported = c.calendar ? c.kindWord != null || c.agency
                : c.preposition || c.kindWord != null || c.agency || inContext;
        if (c.common && !supported) {
            return null;
        }
        long pop = index.population(best.place);
        if (pop < MIN_UNSUPPORTED_POPULATION && !supported) {
            return null;
        }
        // an alternate name of a smaller place ("Belka") is as often a word or a name in another sense
        if (best.alt && pop < MIN_UNSUPPORTED_ALT_POPULATION && !supported) {
            return null;
        }
        double margin = choices.size() == 1 ? 3.0 : best.score - choices.get(1).score;
        double confidence = 1.0 / (1.0 + Math.exp(-(margin * 1.5)));      // 0.5 at a tie, ~0.99 when alone
        if (c.common) {
            confidence *= 0.8;
        }
        if (best.alt) {
            confidence *= 0.9;
        }
        confidence = Math.round(Math.max(0.05, Math.min(0.99, confidence)) * 100) / 100.0;
        return new PlaceMention(c.start, c.end, c.name, best.country, index.kind(best.place), pop, confidence);
    }

    /** One choice per country, best score first. */
    private List<Choice> choices(Candidate c, Set<String> context, Map<String, Integer> others) {
        Map<String, Choice> byCountry = new HashMap<>();
        for (int e : c.entries) {
            int place = PlaceIndex.place(e);
            String country = index.country(place);
            boolean alt = (e & PlaceIndex.ALT) != 0;
            double score = Math.log10(index.population(place) + 10.0);
            if (alt) {
                score -= 2.0;
            }
            if (context.contains(country)) {
                score += 3.0;
            }
            if (others.getOrDefault(country, 0) > 0) {
                score += 2.0;
            }
            if (c.kindWord != null && kindFits(c.kindWord, index.kind(place))) {
                score += 1.5;
            }
            Choice prev = byCountry.get(country);
            if (prev == null || prev.score < score) {
                byCountry.put(country, new Choice(country, place, alt, score));
            }
        }
        List<Choice> list = new ArrayList<>(byCountry.values());
        list.sort((a, b) -> Double.compare(b.score, a.score));
        return list;
    }

    private static boolean kindFits(String kindWord, String kind) {
        String fits = KIND_WORDS.get(kindWord);
        return switch (kind) {
            case PlaceIndex.CAPITAL, PlaceIndex.CITY -> fits.contains("c");
            case PlaceIndex.ADMIN1 -> fits.contains("1");
            case PlaceIndex.ADMIN2 -> fits.contains("2");
            default -> false;
        };
    }

    /** "Transit Police Department", "State Police Department": words, not a town. */
    private static boolean allCommonWords(String name) {
        for (String w : name.toLowerCase(Locale.ROOT).split("[\\s\\-.]+")) {
            if (!GENERIC_AGENCY_WORDS.contains(w)) {
                return false;
            }
        }
        return true;
    }

    private static final Set<String> GENERIC_AGENCY_WORDS = Set.of("state", "city", "county", "transit", "metro",
            "metropolitan", "capitol", "university", "campus", "school", "airport", "port", "harbor", "park", "parks",
            "housing", "tribal", "village", "town", "township", "borough", "regional", "area", "local", "federal",
            "national", "the", "a", "our", "their", "its", "his", "her", "this", "that", "police", "sheriff's",
            "new", "north", "south", "east", "west", "central", "district", "college", "railroad", "railway",
            "highway", "public", "safety", "department", "office", "and", "of");
}
