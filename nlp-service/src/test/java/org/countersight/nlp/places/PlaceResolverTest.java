package org.countersight.nlp.places;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sentences written for these tests; countries are what a reader of each sentence would answer. */
class PlaceResolverTest {

    private static PlaceResolver resolver;

    @BeforeAll
    static void load() {
        resolver = new PlaceResolver(PlaceIndex.load());
    }

    private static List<PlaceMention> find(String text, String... context) {
        return resolver.find(text, List.of(), Set.of(context));
    }

    /** The mention whose name is exactly {@code name}, or null. */
    private static PlaceMention mention(List<PlaceMention> found, String name) {
        return found.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    private static String countryOf(String text, String name, String... context) {
        PlaceMention m = mention(find(text, context), name);
        return m == null ? null : m.countryCode();
    }

    private static Set<String> names(List<PlaceMention> found) {
        return found.stream().map(PlaceMention::name).collect(Collectors.toSet());
    }

    // ------------------------------------------------------------ plain names and kind words

    @Test
    void districtProvinceAndCityNamesResolveToTheirCountry() {
        assertEquals("IN", countryOf("Authorities suspended mobile data in Anantnag on Tuesday evening.", "Anantnag"));
        assertEquals("IR", countryOf("Connectivity fell across Khuzestan province after the strike began.", "Khuzestan"));
        assertEquals("LY", countryOf("Residents of Tobruk said the network had been down for two days.", "Tobruk"));
        assertEquals("ZW", countryOf("Harare residents queued for new identity cards with fingerprints.", "Harare"));
    }

    @Test
    void kindWordIsRecordedAndFavoursTheMatchingKind() {
        PlaceMention m = mention(find("The district magistrate of Anantnag district ordered the suspension."), "Anantnag");
        assertNotNull(m);
        assertEquals("IN", m.countryCode());
        PlaceMention k = mention(find("Officials in Khuzestan Province confirmed the order."), "Khuzestan Province");
        PlaceMention bare = mention(find("Officials in Khuzestan Province confirmed the order."), "Khuzestan");
        assertTrue(k != null || bare != null, "Khuzestan Province is found");
        assertEquals("IR", (k != null ? k : bare).countryCode());
    }

    @Test
    void possessiveAndHyphenFormsAreFound() {
        PlaceMention m = mention(find("Tobruk's council met on Monday to discuss the cameras."), "Tobruk");
        assertNotNull(m, "possessive 's is not part of the name");
        assertEquals("LY", m.countryCode());
        assertEquals(0, m.start());
        assertEquals("Tobruk".length(), m.end());
        assertEquals("ZW", countryOf("A Harare-based lawyer filed the challenge.", "Harare"));
        assertEquals("DE", countryOf("The spa town of Baden-Baden installed new cameras.", "Baden-Baden"));
    }

    @Test
    void multiWordNamesWinOverTheirParts() {
        List<PlaceMention> found = find("Police in Rio de Janeiro tested face matching at the carnival.");
        PlaceMention m = mention(found, "Rio de Janeiro");
        assertNotNull(m, "found: " + found);
        assertEquals("BR", m.countryCode());
        assertEquals(1, found.size(), "no separate mention for Janeiro: " + found);
    }

    @Test
    void namesJoinedByAndAreOneRegionWhenTheGazetteerHasThem() {
        List<PlaceMention> found = find("Mobile data was cut in Sistan and Baluchestan after the rally.");
        PlaceMention m = mention(found, "Sistan and Baluchestan");
        assertNotNull(m, "found: " + found);
        assertEquals("IR", m.countryCode());
        // two places joined by "and" stay two places
        List<PlaceMention> two = find("Curfews were imposed in Tobruk and Harare.");
        assertEquals(Set.of("Tobruk", "Harare"), names(two), "found: " + two);
    }

    @Test
    void allCapsDatelinesAreFound() {
        assertEquals("ZW", countryOf("HARARE — The ministry published the new rules on Friday.", "HARARE"));
        assertEquals("LY", countryOf("PROTESTS IN TOBRUK AS NETWORK GOES DARK", "TOBRUK"));
    }

    // ------------------------------------------------------------ agencies and the US convention

    @Test
    void policeDepartmentOfAKnownCityResolvesToItsCountry() {
        List<PlaceMention> found = find("The Memphis Police Department bought a drone fleet last spring.");
        PlaceMention m = mention(found, "Memphis");
        assertNotNull(m, "found: " + found);
        assertEquals("US", m.countryCode());
    }

    @Test
    void countySheriffsOfficeResolvesToUs() {
        List<PlaceMention> found = find("The Chelan County Sheriff's Office signed a contract for licence plate readers.");
        assertEquals(1, found.size(), "found: " + found);
        assertEquals("US", found.get(0).countryCode());
        assertTrue(found.get(0).name().startsWith("Chelan"), found.get(0).name());
    }

    @Test
    void unknownTownWithUsStyleAgencyIsUs() {
        // a made-up town: the naming convention alone says US
        List<PlaceMention> found = find("The Quillbrook Police Department said the cameras were paid for by a grant.");
        assertEquals(1, found.size(), "found: " + found);
        assertEquals("Quillbrook", found.get(0).name());
        assertEquals("US", found.get(0).countryCode());
        assertEquals("agency", found.get(0).kind());

        List<PlaceMention> sheriff = find("Deputies of the Marrowfield County Sheriff's Office used a cell-site simulator.");
        assertEquals(1, sheriff.size(), "found: " + sheriff);
        assertEquals("US", sheriff.get(0).countryCode());
    }

    @Test
    void agencyOfATwoWordTownWhoseLastWordIsAPlaceElsewhereIsUs() {
        // "Cay" alone is a Turkish town; "Marlow Cay Police Department" names a (made-up) US town
        List<PlaceMention> found = find("The Marlow Cay Police Department keeps a camera registry.");
        assertEquals(1, found.size(), "found: " + found);
        assertEquals("Marlow Cay", found.get(0).name());
        assertEquals("US", found.get(0).countryCode());
    }

    @Test
    void regionalGovernmentsAndCouncilsGiveTheirCountry() {
        assertEquals("PK", countryOf("The Sindh government blocked mobile services during the procession.", "Sindh"));
        assertEquals("IN", countryOf("The Rajasthan administration suspended internet for the exam.", "Rajasthan"));
    }

    @Test
    void genericAgencyNamesAreNotPlaces() {
        assertTrue(find("The Transit Police Department patrols the stations.").isEmpty());
        assertTrue(find("State Police Department officers were present.").isEmpty());
    }

    @Test
    void policeOfANonUsPlaceKeepsItsCountry() {
        assertEquals("IN", countryOf("The Hyderabad Police Department rolled out a face matching app.", "Hyderabad"),
                "the largest Hyderabad is Indian and no US place has the name");
        assertEquals("ZW", countryOf("Harare City Council installed cameras downtown.", "Harare"));
        assertEquals("IR", countryOf("The Khuzestan government ordered the cut.", "Khuzestan"));
    }

    // ------------------------------------------------------------ ambiguity and context

    @Test
    void populationDecidesWithoutContextAndContextFlipsIt() {
        String text = "Internet access was restricted in Hyderabad for three days.";
        assertEquals("IN", countryOf(text, "Hyderabad"));
        assertEquals("PK", countryOf(text, "Hyderabad", "PK"));
        assertEquals("IN", countryOf(text, "Hyderabad", "IN"));
    }

    @Test
    void otherPlacesInTheTextFlipAnAmbiguousCity() {
        // Hyderabad alone is Indian by population; next to Karachi and Sindh it is the Pakistani city
        String text = "Protests spread from Karachi to Hyderabad and across Sindh.";
        List<PlaceMention> found = find(text);
        assertEquals("PK", mention(found, "Hyderabad").countryCode(), "found: " + found);
        assertEquals("PK", mention(found, "Karachi").countryCode());
    }

    @Test
    void confidenceIsLowerWhenAnotherCountryCompetes() {
        PlaceMention harare = mention(find("Harare residents were told to register."), "Harare");
        PlaceMention hyderabad = mention(find("Residents of Hyderabad were told to register."), "Hyderabad");
        assertTrue(harare.confidence() > hyderabad.confidence(), harare + " vs " + hyderabad);
        assertTrue(hyderabad.confidence() > 0.5 && hyderabad.confidence() < 1.0, hyderabad.toString());
    }

    // ------------------------------------------------------------ ordinary words and first names

    @Test
    void ordinaryWordsAreNotPlacesWithoutSupport() {
        assertTrue(find("Mobile internet was cut. Reading the order, Nice words were not used.").isEmpty(),
                () -> "found: " + find("Mobile internet was cut. Reading the order, Nice words were not used."));
        assertTrue(find("Split decisions came in March. Hope and Liberty rallied the Union.").isEmpty(),
                () -> "found: " + find("Split decisions came in March. Hope and Liberty rallied the Union."));
        assertTrue(find("Victoria and Florence met at the Police station.").isEmpty(),
                () -> "found: " + find("Victoria and Florence met at the Police station."));
        assertTrue(find("The Eagle and the Phoenix stood for Independence.").isEmpty(),
                () -> "found: " + find("The Eagle and the Phoenix stood for Independence."));
    }

    @Test
    void weakPrepositionsDoNotMakeAnOrdinaryWordAPlace() {
        assertTrue(find("They gave a lot of Hope to Florence and spoke of Liberty.").isEmpty(),
                () -> "found: " + find("They gave a lot of Hope to Florence and spoke of Liberty."));
        assertEquals("GB", countryOf("Residents of Reading objected to the cameras.", "Reading"));
    }

    @Test
    void ordinaryWordPlacesCountWithSupport() {
        assertEquals("FR", countryOf("Police in Nice installed face matching cameras on the promenade.", "Nice"));
        assertEquals("US", countryOf("A protest in Mobile ended with arrests.", "Mobile"));
        assertEquals("GB", countryOf("Council officers from Reading reviewed the footage.", "Reading"));
        assertEquals("US", countryOf("Phoenix police used a drone over the march.", "Phoenix", "US"));
    }

    @Test
    void titlesMakeAPersonNotAPlace() {
        assertTrue(find("President Harare thanked the crowd.").isEmpty(), () -> find("President Harare thanked the crowd.").toString());
    }

    @Test
    void excludedSpansAreSkipped() {
        String text = "Florence Tobruk spoke to reporters in Tobruk.";
        int personEnd = "Florence Tobruk".length();
        List<PlaceMention> found = resolver.find(text, List.of(new int[]{0, personEnd}), Set.of());
        assertEquals(1, found.size(), "found: " + found);
        assertTrue(found.get(0).start() > personEnd);
        assertEquals("LY", found.get(0).countryCode());
        // without the span the person's surname is read as the city too
        assertEquals(2, resolver.find(text, List.of(), Set.of()).size());
    }

    @Test
    void countryNamesAreLeftToTheCountryGazetteer() {
        List<PlaceMention> found = find("Officials in Iran, Zimbabwe and India declined to comment.");
        assertTrue(found.isEmpty(), "found: " + found);
    }

    @Test
    void chineseNamesAreFound() {
        List<PlaceMention> found = find("哈拉雷的居民在周一排队登记。");
        assertTrue(found.stream().anyMatch(m -> m.countryCode().equals("ZW")), "found: " + found);
    }

    @Test
    void offsetsPointAtTheNameInTheText() {
        String text = "On Monday, officials near Anantnag said services would resume.";
        PlaceMention m = mention(find(text), "Anantnag");
        assertEquals("Anantnag", text.substring(m.start(), m.end()));
    }

    // ------------------------------------------------------------ hostile input

    @Test
    void emptyAndNullInputsGiveNothing() {
        assertTrue(resolver.find("", List.of(), Set.of()).isEmpty());
        assertTrue(resolver.find(null, null, null).isEmpty());
        assertTrue(resolver.find("   \n\t  ", null, null).isEmpty());
        assertFalse(resolver.find("in Harare", null, null).isEmpty(), "null span and context lists are allowed");
    }

    @Test
    void oddUnicodeDoesNotBreakIt() {
        String text = "\uD83D\uDE00 Z\u0351\u0353\u0354algo \u200B\u200BHarare\u200B \uFEFF\u0000 \uD800 'Tobruk’s' —— ــ ﷽ "
                + "e\u0301\u0301\u0301 İstanbul ΑΘΗΝΑ Москва";
        List<PlaceMention> found = resolver.find(text, Arrays.asList(new int[]{5, 2}, new int[]{}, null), Set.of("??", ""));
        for (PlaceMention m : found) {
            assertTrue(m.start() >= 0 && m.end() <= text.length() && m.start() < m.end(), m.toString());
        }
        assertTrue(names(found).contains("Harare"), "found: " + found);
    }

    @Test
    void aMegabyteOfCapitalsReturns() {
        StringBuilder b = new StringBuilder(1 << 20);
        String[] words = {"Harare", "Rio", "De", "Janeiro", "Police", "Department", "County", "Sheriff's", "Of",
                "The", "QWERTY", "Mobile", "Xyzzy", "Tobruk's", "Baden-Baden", "-", "St.", "A"};
        int i = 0;
        while (b.length() < (1 << 20)) {
            b.append(words[(i * 7 + i / 3) % words.length]).append(i % 11 == 0 ? ". " : " ");
            i++;
        }
        List<PlaceMention> found = resolver.find(b.toString(), List.of(), Set.of("ZW"));
        assertFalse(found.isEmpty());
        assertTrue(found.stream().allMatch(m -> m.countryCode().length() == 2));
    }
}
