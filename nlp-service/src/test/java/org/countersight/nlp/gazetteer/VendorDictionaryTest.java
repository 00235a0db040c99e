package org.countersight.nlp.gazetteer;

import org.countersight.nlp.gazetteer.VendorDictionary.Mention;
import org.countersight.nlp.gazetteer.VendorDictionary.Vendor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled vendor registry and its matcher, on sentences written for this test. */
class VendorDictionaryTest {

    static VendorDictionary vendors;

    @BeforeAll
    static void load() {
        vendors = VendorDictionary.load();
    }

    static Mention only(String text, String vendorId) {
        List<Mention> found = vendors.find(text).stream().filter(m -> m.vendor().id().equals(vendorId)).toList();
        assertFalse(found.isEmpty(), vendorId + " not found in: " + text + " (found " + vendors.find(text) + ")");
        return found.get(0);
    }

    static Set<String> ids(String text) {
        return vendors.find(text).stream().map(m -> m.vendor().id()).collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // text | vendor id | home country | matched text | product (empty: the vendor's name or alias)
        "The border unit bought a DJI Phantom to watch the river crossing.|dji|CN|Phantom|Phantom",
        "Officers reviewed the footage with BriefCam video analytics before the arrests.|briefcam|IL|BriefCam|",
        "Court papers describe a Stingray II cell-site simulator from Harris.|l3harris|US|Stingray|StingRay",
        "Investigators said the Pegasus spyware had infected the lawyer's phone.|nso-group|IL|Pegasus|Pegasus",
        "The prosecutor's office used Cellebrite UFED to copy the seized handsets.|cellebrite|IL|UFED|UFED",
        "The ministry signed for a GrayKey unit last spring.|grayshift|US|GrayKey|GrayKey",
        "Analysts found traces of Predator on the journalist's phone, a spyware sold by Intellexa.|intellexa|GR|Predator|Predator",
        "The city's cameras run Genetec AutoVu to read licence plates.|genetec|CA|AutoVu|AutoVu",
        "The sheriff's office has used ShotSpotter sensors since 2019.|soundthinking|US|ShotSpotter|ShotSpotter",
        "The agency licensed FindFace for its metro cameras.|ntechlab|RU|FindFace|FindFace",
        "A Bayraktar TB2 circled over the border villages.|baykar|TR|Bayraktar TB2|Bayraktar TB2",
        "Auditors asked how the regional police used Palantir Gotham.|palantir|US|Palantir Gotham|Palantir Gotham",
        "Researchers linked the implant to Candiru, which sells DevilsTongue to governments.|candiru|IL|DevilsTongue|DevilsTongue",
        "Police in the capital bought Mavic drones for crowd control.|dji|CN|Mavic|Mavic",
        "A Hikvision camera was mounted on every mosque gate.|hikvision|CN|Hikvision|",
        "Megvii's Face++ platform ran the matching.|megvii|CN|Face++|Face++",
    })
    void findsVendorsAndProducts(String text, String id, String country, String matched, String product) {
        Mention m = vendors.find(text).stream()
                .filter(x -> x.vendor().id().equals(id) && text.substring(x.start(), x.end()).equals(matched))
                .findFirst().orElseThrow(() -> new AssertionError(matched + " (" + id + ") not found in: " + text
                        + " — found " + vendors.find(text)));
        assertEquals(country, m.vendor().countryCode());
        assertEquals(product, m.product());
        assertEquals(product != null, m.isProduct());
        assertFalse(m.weak(), "confirmed in context: " + m);
    }

    @Test
    void aliasesAndFormerNamesReportTheVendor() {
        assertEquals("hacking-team", only("The leak showed Memento Labs kept selling to old clients.", "hacking-team").vendor().id());
        assertEquals("Oosto", only("AnyVision, the face-matching startup, renamed itself last year.", "oosto").vendor().name());
        assertEquals("nso-group", only("Q Cyber Technologies filed the export papers.", "nso-group").vendor().id());
        assertEquals("FinFisher", only("The Gamma Group brochure offered remote monitoring.", "finfisher").vendor().name());
        Mention drt = only("Marshals flew a plane fitted with a dirtbox over the suburbs.", "digital-receiver-technology");
        assertEquals("DRT box", drt.product(), "a spelling reports its product");
    }

    @Test
    void possessivesAndHyphenatedUses() {
        List<Mention> found = vendors.find("NSO Group's Pegasus was found on two phones; Hikvision-made cameras and "
                + "Dahua's analytics were also named.");
        List<String> texts = found.stream().map(Mention::toString).toList();
        assertTrue(found.stream().anyMatch(m -> m.vendor().id().equals("nso-group") && !m.isProduct()), texts.toString());
        Mention pegasus = found.stream().filter(Mention::isProduct).findFirst().orElseThrow();
        assertEquals("Pegasus", pegasus.product());
        assertFalse(pegasus.weak(), "the vendor named in the text confirms its product");
        assertTrue(found.stream().anyMatch(m -> m.vendor().id().equals("hikvision")), texts.toString());
        assertTrue(found.stream().anyMatch(m -> m.vendor().id().equals("dahua")), texts.toString());
    }

    @Test
    void allCapsHeadlinesMatchButAcronymsKeepTheirCase() {
        assertEquals(Set.of("hikvision", "briefcam"), ids("HIKVISION AND BRIEFCAM WIN CITY CONTRACT"));
        assertEquals(Set.of("iflytek"), ids("IFLYTEK VOICEPRINTS COLLECTED AT CHECKPOINTS"));
        assertTrue(ids("NEC wins the airport contract").contains("nec"));
        assertTrue(ids("a nec tie and a Nec label").isEmpty(), "acronyms only as written");
        assertTrue(ids("The drone, a dji model, crashed.").isEmpty(), "lower case is not the vendor");
        assertTrue(ids("Council minutes mention Briefcam and Shotspotter.").containsAll(Set.of("briefcam", "soundthinking")),
                "brand names in single-capital spelling");
    }

    @Test
    void weakNamesAreFlaggedUnlessConfirmed() {
        Mention horse = only("Pegasus won the handicap at the spring meeting by two lengths.", "nso-group");
        assertTrue(horse.weak(), "a weak name alone stays weak");
        assertFalse(only("Predator, the spyware, was sold through shell firms.", "intellexa").weak());
        assertTrue(only("Predator returns to cinemas this summer.", "intellexa").weak());
        // the whole drone name belongs to the drone maker, not the spyware vendor
        assertEquals(Set.of("general-atomics"), ids("Predator drones patrolled the coast."));
        assertFalse(only("Flock Safety installed the readers; Flock says the data is kept 30 days.", "flock-safety").weak());
    }

    @Test
    void ambiguousNamesAppearOnlyInContext() {
        assertTrue(ids("Harris said the bill would pass before the recess.").isEmpty());
        assertTrue(ids("Kamala Harris spoke in Atlanta.").isEmpty());
        assertTrue(ids("Pegasus Airlines cancelled flights after a hacking scare grounded its booking system.").isEmpty(),
                "a look-alike is never the vendor, even next to a cue");
        assertTrue(ids("The Phantom of the Opera returns to the West End.").isEmpty());
        assertTrue(ids("The Phantom was spotted over the stadium again.").isEmpty(), "no drone cue in the sentence");
        assertTrue(ids("The axis of the debate shifted. She bought a Ring of gold. NICE guidance changed.").isEmpty());
        assertTrue(ids("Harris County deputies bought a Stingray cell-site simulator.").contains("l3harris"),
                "the product confirmed by its cue; the county is not the vendor");
        assertEquals(List.of("StingRay"), vendors.find("Harris County deputies bought a Stingray cell-site simulator.")
                .stream().map(Mention::product).toList());
        assertTrue(ids("Police flew a Phantom drone over the march.").contains("dji"));
        assertTrue(ids("The new Axis cameras cover the square.").contains("axis-communications"));
        assertTrue(ids("Ring shared doorbell camera footage with police.").contains("ring"));
        Mention child = only("Motorola Solutions said Vigilant would run the new readers.", "vigilant-solutions");
        assertFalse(child.weak(), "confirmed by its parent named in the text");
        assertTrue(ids("Vigilant neighbours kept watch, Motorola said of its new phone.").stream()
                .noneMatch("vigilant-solutions"::equals), "ambiguous names are not confirmed by an unrelated weak one");
    }

    @Test
    void mentionsDoNotOverlapAndCarryOffsets() {
        String text = "Elbit Systems sold Hermes 900 drones; L3Harris sold KingFish units.";
        List<Mention> found = vendors.find(text);
        for (int i = 1; i < found.size(); i++) {
            assertTrue(found.get(i - 1).end() <= found.get(i).start(), found.toString());
        }
        assertEquals(List.of("Elbit Systems", "Hermes 900", "L3Harris", "KingFish"),
                found.stream().map(m -> text.substring(m.start(), m.end())).toList());
    }

    @Test
    void registryIsBroadAndConsistent() {
        List<Vendor> all = vendors.all();
        assertTrue(all.size() >= 150, "vendors: " + all.size());
        assertTrue(vendors.version().matches("\\d+\\.\\d+\\.\\d+"));
        Set<String> isoCountries = Set.of(Locale.getISOCountries());
        Set<String> ids = new HashSet<>();
        for (Vendor v : all) {
            assertTrue(ids.add(v.id()), "unique id " + v.id());
            assertTrue(isoCountries.contains(v.countryCode()), v.toString());
            assertFalse(v.kinds().isEmpty(), v.toString());
            assertTrue(vendors.kinds().containsAll(v.kinds()), v.toString());
            assertEquals(v, vendors.byId(v.id()).orElseThrow());
        }
        for (String kind : List.of("spyware", "camera_analytics", "face_recognition", "drones", "network_dpi",
                "cell_site_simulators", "lawful_interception", "biometrics", "platforms", "phone_forensics")) {
            assertTrue(all.stream().filter(v -> v.kinds().contains(kind)).count() >= 5, kind);
        }
        assertEquals("CN", vendors.byId("dji").orElseThrow().countryCode());
        assertTrue(vendors.byId("dji").orElseThrow().products().stream().map(VendorDictionary.Product::name).toList()
                .containsAll(List.of("Mavic", "Phantom", "Matrice")));
        assertEquals("canon", vendors.byId("axis-communications").orElseThrow().parentId());
        // every vendor's name, in a sentence with a cue of its first kind, finds that vendor (weak and ambiguous
        // names included: the cue confirms them)
        for (Vendor v : all) {
            String text = "Officials named " + v.name() + " as the supplier of the "
                    + vendors.cues(v.kinds().get(0)).get(0) + " equipment.";
            assertTrue(ids(text).contains(v.id()), text + " → " + vendors.find(text));
        }
    }

    @Test
    void malformedRegistryLinesAreReportedWithLineAndReason() {
        String head = "# test registry\n@version\t1.0.0\n@kind\tdrones\tdrone\n";
        IllegalStateException columns = assertThrows(IllegalStateException.class,
                () -> VendorDictionary.parse("test.tsv", head + "acme\tAcme\tUS\tdrones\n"));
        assertEquals("test.tsv line 4: expected 6 or 7 tab-separated columns (id, name, country, kinds, aliases, "
                + "products[, parent]), found 4: acme\tAcme\tUS\tdrones", columns.getMessage());
        assertTrue(assertThrows(IllegalStateException.class,
                () -> VendorDictionary.parse("test.tsv", head + "acme\tAcme\tXX\tdrones\t-\t-\n")).getMessage()
                .contains("line 4: country \"XX\" is not an ISO 3166-1 alpha-2 code"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> VendorDictionary.parse("test.tsv", head + "acme\tAcme\tUS\tspyware\t-\t-\n")).getMessage()
                .contains("line 4: kind spyware is not declared (declared: drones)"));
        assertTrue(assertThrows(IllegalStateException.class, () -> VendorDictionary.parse("test.tsv",
                head + "acme\tAcme\tUS\tdrones\t-\tSkyEye\nbeta\tBeta\tUS\tdrones\t-\tSkyEye\n")).getMessage()
                .contains("line 5: name \"SkyEye\" of beta is already a name of acme"));
        assertTrue(assertThrows(IllegalStateException.class, () -> VendorDictionary.parse("test.tsv",
                head + "acme\tAcme\tUS\tdrones\t-\t-\tnobody\n")).getMessage()
                .contains("line 4: parent nobody of acme is not a vendor id of the registry"));
        assertTrue(assertThrows(IllegalStateException.class, () -> VendorDictionary.parse("test.tsv",
                "acme\tAcme\tUS\tdrones\t-\t-\n")).getMessage().contains("vendor before the @version line"));
        assertTrue(assertThrows(IllegalStateException.class, () -> VendorDictionary.load("vendors/none.tsv"))
                .getMessage().contains("missing vendor registry resource vendors/none.tsv"));
        VendorDictionary ok = VendorDictionary.parse("test.tsv", head + "acme\tAcme Drones\tUS\tdrones\t~Acme\tSkyEye\n");
        assertEquals("1.0.0", ok.version());
        assertEquals(List.of("SkyEye"), ok.find("An Acme SkyEye flew over.").stream()
                .filter(Mention::isProduct).map(Mention::product).toList());
    }

    static String threeHundredWordArticle() {
        String paragraph = "The interior ministry said on Tuesday that it had signed a contract with Hikvision for "
                + "2,000 cameras along the ring road, and that the national police would test face matching from "
                + "a local partner at three stations before the election. Opposition members asked whether the "
                + "cameras would be linked to the phone records held by the telecom regulator, and a lawyer for a "
                + "rights group said a client's phone had shown signs of Pegasus spyware last year. The minister "
                + "said the budget for the programme was approved by parliament in March, that the data would be "
                + "kept for thirty days, and that drones bought from DJI would only fly over the border districts. ";
        return paragraph.repeat(3);
    }

    @Test
    void findsEveryMentionInALongArticle() {
        String article = threeHundredWordArticle();
        assertTrue(article.split("\\s+").length >= 280);
        List<Mention> found = vendors.find(article);
        assertEquals(List.of("Hikvision", "Pegasus", "DJI"), found.subList(0, 3).stream()
                .map(m -> article.substring(m.start(), m.end())).toList());
        assertEquals(9, found.size(), found.toString());
    }

    /**
     * Benchmark, not a test (skipped unless -Dbenchmark=true): what find costs on a ~300-word article, next to the
     * former matcher (one regex alternation of every name) in the same run, so a busy machine affects both.
     */
    @Test
    @EnabledIfSystemProperty(named = "benchmark", matches = "true")
    void benchmarkFind() {
        String article = threeHundredWordArticle();
        // baseline for comparison on a busy machine: the former matcher, one regex alternation of every name
        List<String> names = new ArrayList<>();
        for (Vendor v : vendors.all()) {
            names.add(v.name());
            names.addAll(v.aliases());
            v.products().forEach(p -> {
                names.add(p.name());
                names.addAll(p.spellings());
            });
        }
        names.sort(Comparator.comparingInt(String::length).reversed());
        Pattern regex = Pattern.compile("(?<![\\p{L}\\p{N}])(?:"
                + String.join("|", names.stream().map(Pattern::quote).toList()) + ")(?![\\p{L}\\p{N}+])");
        long sink = 0;
        long findNanos = 0;
        long regexNanos = 0;
        int rounds = 0;
        for (int round = 0; round < 40; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                sink += vendors.find(article).size();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                Matcher m = regex.matcher(article);
                while (m.find()) {
                    sink++;
                }
            }
            long t2 = System.nanoTime();
            if (round >= 10) { // the first rounds warm up the JIT
                findNanos += t1 - t0;
                regexNanos += t2 - t1;
                rounds += 500;
            }
        }
        System.out.printf(Locale.ROOT, "VendorDictionary.find: %.1f µs per %d-word article; one-regex matcher over "
                + "the same %d names: %.1f µs (%d vendors, sink %d)%n", findNanos / 1_000.0 / rounds,
                article.split("\\s+").length, names.size(), regexNanos / 1_000.0 / rounds, vendors.all().size(), sink);
    }
}
