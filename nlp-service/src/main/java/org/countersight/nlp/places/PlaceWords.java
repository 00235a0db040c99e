package org.countersight.nlp.places;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The word lists the place finder and the country chooser judge names by (see {@link PlaceResolver}). */
final class PlaceWords {

    private PlaceWords() {
    }

    /** The prepositions strong enough to support a name that is also an ordinary word ("in Mobile", not "to Hope"). */
    static final Set<String> STRONG_PREPOSITIONS = Set.of("in", "at", "near", "from", "across", "outside",
            "inside", "around", "throughout", "within");
    /** Nouns before "of" that make the name after it a place ("the city of Reading", "residents of Nice"). */
    static final Set<String> OF_HEADS = Set.of("city", "town", "province", "state", "district", "county",
            "region", "governorate", "municipality", "village", "outskirts", "residents", "people", "mayor", "suburbs",
            "streets", "centre", "center", "capital", "port", "prefecture", "oblast");
    /** Words before a name that say a place follows. */
    static final Set<String> PLACE_PREPOSITIONS = Set.of("in", "at", "near", "from", "across", "outside",
            "inside", "around", "throughout", "within", "into", "to", "towards", "toward", "via", "between", "of");
    /** Kind words after a name, and whether they point to a city (c), a first-level (1) or second-level (2) region. */
    static final Map<String, String> KIND_WORDS = Map.ofEntries(
            Map.entry("district", "2"), Map.entry("districts", "2"), Map.entry("county", "2"),
            Map.entry("division", "2"), Map.entry("tehsil", "2"), Map.entry("taluk", "2"),
            Map.entry("municipality", "c2"), Map.entry("province", "1"), Map.entry("state", "1"),
            Map.entry("region", "12"), Map.entry("governorate", "1"), Map.entry("oblast", "1"),
            Map.entry("prefecture", "12"), Map.entry("city", "c"), Map.entry("town", "c"),
            Map.entry("counties", "2"), Map.entry("provinces", "1"), Map.entry("states", "1"),
            Map.entry("regions", "12"), Map.entry("governorates", "1"), Map.entry("oblasts", "1"),
            Map.entry("prefectures", "12"));
    /** Words after a name that make it the seat of an authority ("Harare City Council", "Sindh government"). */
    static final List<List<String>> AGENCIES = List.of(
            List.of("police"), List.of("sheriff's"), List.of("sheriff"), List.of("city", "council"),
            List.of("municipal"), List.of("municipality"), List.of("government"), List.of("administration"),
            List.of("authorities"), List.of("council"), List.of("mayor"), List.of("governor"));
    /** Words before a capitalised word that make it a person's name, not a place. */
    static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady",
            "president", "senator", "sen", "rep", "gen", "general", "judge", "justice", "minister", "governor",
            "mayor", "sheikh", "king", "queen", "prince", "princess", "pope", "rev", "reverend", "professor", "prof",
            "officer", "sgt", "sergeant", "capt", "captain", "col", "colonel", "lt", "lieutenant", "chief",
            "commissioner", "inspector", "detective", "agent", "coach", "brother", "sister", "father", "mother",
            "uncle", "aunt", "saint");
    /** Lower-case words allowed inside a multi-word name. */
    static final Set<String> JOINERS = Set.of("de", "del", "della", "da", "do", "dos", "das", "di", "du",
            "la", "le", "les", "el", "al", "of", "upon", "on", "am", "an", "der", "den", "sur", "y", "e", "en", "i",
            "and");

    /** Month and day names: "in March", "on Independence Day" are dates. Places only with a kind word or agency. */
    static final Set<String> CALENDAR = Set.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
            "friday", "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
            "nov", "dec");

    /** Words that alone make no town's name: "Transit Police Department" is an agency, not a place. */
    static final Set<String> GENERIC_AGENCY_WORDS = Set.of("state", "city", "county", "transit", "metro",
            "metropolitan", "capitol", "university", "campus", "school", "airport", "port", "harbor", "park", "parks",
            "housing", "tribal", "village", "town", "township", "borough", "regional", "area", "local", "federal",
            "national", "the", "a", "our", "their", "its", "his", "her", "this", "that", "police", "sheriff's",
            "new", "north", "south", "east", "west", "central", "district", "college", "railroad", "railway",
            "highway", "public", "safety", "department", "office", "and", "of");
}
