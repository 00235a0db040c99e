package org.countersight.nlp.tagging;

import org.countersight.events.RawArticle;
import org.countersight.events.TaggedArticle;
import org.countersight.nlp.pipeline.CoreNlp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tagger over the real CoreNLP pipeline (loaded once for the class: it takes seconds). */
class TaggerTest {

    static Tagger tagger;

    @BeforeAll
    static void load() {
        tagger = Tagger.withBundledResources(CoreNlp.load(), 100_000);
    }

    static TaggedArticle tag(String title, String text) {
        return tag(title, text, "en");
    }

    static TaggedArticle tag(String title, String text, String lang) {
        Instant now = Instant.now();
        return tagger.tag(new RawArticle(1, "id-1", "https://example.org/1", "src", "Src", null, null, title, null,
                text, lang, now, false, now), now);
    }

    static Set<String> categories(TaggedArticle a) {
        return a.events().stream().map(TaggedArticle.Event::category).collect(Collectors.toSet());
    }

    static void assertEvidence(TaggedArticle a) {
        for (TaggedArticle.Event e : a.events()) {
            assertEquals(e.sentence(), a.text().substring(e.start(), e.end()), "offsets of " + e);
            assertTrue(e.sentence().contains(e.trigger()), "trigger inside its sentence: " + e);
            assertTrue(e.confidence() > 0 && e.confidence() <= 1, "confidence in (0,1]: " + e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "cctv|KE|Nairobi county officials said on Monday they will install 2,000 new CCTV cameras along the city's main roads to monitor traffic and crime.",
        "facial_recognition|GB|The Metropolitan Police deployed live facial recognition vans outside a London shopping centre on Saturday, scanning thousands of faces against a watchlist.",
        "drones|MX|Police in Mexico City flew surveillance drones over the march on Sunday to monitor the crowd, organisers said.",
        "internet_shutdown|IN|Authorities in Manipur ordered a suspension of mobile internet services for five days after clashes between two communities, citing public order.",
        "censorship_firewall|RU|Russia's communications regulator blocked access to dozens of independent news websites this week, saying they spread false information.",
        "social_media_ban|NP|The government of Nepal ordered telecom operators to block Facebook, YouTube and X nationwide after the platforms failed to register with the ministry.",
        "spyware|RS|Forensic researchers found that the phones of two Serbian journalists had been infected with spyware shortly after they reported on police corruption in Belgrade.",
        "biometric_id|KE|Kenya's government began mandatory biometric registration of all residents for a new digital ID, collecting fingerprints and facial images in Nairobi.",
        "smart_city|PK|The Punjab police launched a Safe City project in Lahore that links thousands of cameras to a central command centre.",
        "data_monitoring|US|A federal court ruled that the FBI's warrantless searches of Americans' communications collected under Section 702 violated the Constitution.",
        "protest_crackdown|IR|Iranian police used CCTV footage and phone location data to identify and arrest protesters in Tehran, rights groups said.",
        "vendor_export|UG|Huawei supplied surveillance cameras and a monitoring centre to the police in Kampala under a government contract, officials in Uganda said."
    })
    void tagsEveryCategoryWithEvidence(String category, String country, String text) {
        TaggedArticle a = tag(null, text);
        assertTrue(a.surveillance(), "surveillance: " + text);
        assertTrue(categories(a).contains(category), category + " expected, got " + a.events());
        TaggedArticle.Event e = a.events().stream().filter(x -> x.category().equals(category)).findFirst().orElseThrow();
        assertEquals(0, e.start());
        assertEquals(text.length(), e.end());
        assertEquals(text, e.sentence());
        assertEquals(country, e.country(), "event country of " + e);
        assertEvidence(a);
        assertTrue(a.relevance() > 0.5);
        assertTrue(a.countries().stream().anyMatch(c -> c.code().equals(country) && c.role().equals("event")));
    }

    @Test
    void evidenceOffsetsPointIntoLongerText() {
        String text = "The weather was mild on Tuesday. Markets were calm.\n\nIn Cairo, the interior ministry has installed "
                + "hundreds of surveillance cameras around Tahrir Square. A spokesperson declined to comment.";
        TaggedArticle a = tag("Cameras go up", text);
        TaggedArticle.Event e = a.events().stream().filter(x -> x.category().equals("cctv")).findFirst().orElseThrow();
        assertTrue(e.start() > 50);
        assertEquals(e.sentence(), text.substring(e.start(), e.end()));
        assertTrue(e.sentence().startsWith("In Cairo"));
        assertEquals("EG", e.country());
        assertTrue(e.actors().contains("interior ministry"), e.actors().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "delivery drones|A retailer began testing delivery drones that drop parcels in customers' gardens in a Texas suburb, promising packages within thirty minutes.",
        "drone strikes|Drone strikes killed at least twelve fighters near the border overnight, the army said, as the conflict entered its third year.",
        "drone show|Five hundred drones lit up the sky over Sydney Harbour in a light show to celebrate the new year.",
        "phone camera review|Review: the new Pixel phone camera takes sharp photos at night, and its 50-megapixel lens beats last year's model.",
        "doorbell camera review|We tested six doorbell cameras for our buying guide; the best security camera for most homes records crisp video and costs under $100.",
        "cable-cut outage|Internet outages hit several West African countries after damage to an undersea cable off the coast of Ivory Coast, operators said.",
        "storm outage|A storm knocked out power and mobile networks across the island, leaving thousands offline until engineers restored service.",
        "Pegasus horse|Pegasus, the four-year-old colt trained in Newmarket, won the stakes race by two lengths, his jockey said after the derby.",
        "Pegasus airline|Pegasus Airlines said passenger numbers rose ten percent as the low-cost carrier added flights from Istanbul to Berlin.",
        "firewall earnings|Fortinet shares rose eight percent after the firewall maker reported quarterly revenue above analysts' estimates.",
        "budget shutdown|The government shutdown entered its third week as Congress failed to pass a spending bill and federal workers went without pay."
    })
    void hardNegativesStayUntagged(String name, String text) {
        TaggedArticle a = tag(null, text);
        assertFalse(a.surveillance(), name + " tagged: " + a.events());
        assertTrue(a.events().isEmpty());
        assertTrue(a.relevance() < 0.5);
    }

    @Test
    void threeCountriesGetTheRightEventCountry() {
        String text = "Brazil's foreign minister met counterparts from Argentina and Chile in Brasília on Monday to discuss trade. "
                + "Separately, police in Santiago installed facial recognition cameras at metro stations, the Chilean interior ministry said. "
                + "Argentina's officials said they had no similar plans.";
        TaggedArticle a = tag("Ministers meet as Chile expands camera network", text);
        assertTrue(a.surveillance());
        assertTrue(a.events().stream().allMatch(e -> "CL".equals(e.country())), a.events().toString());
        Set<String> event = a.countries().stream().filter(c -> c.role().equals("event")).map(TaggedArticle.CountryRef::code).collect(Collectors.toSet());
        Set<String> mentioned = a.countries().stream().filter(c -> c.role().equals("mentioned")).map(TaggedArticle.CountryRef::code).collect(Collectors.toSet());
        assertEquals(Set.of("CL"), event);
        assertTrue(mentioned.containsAll(Set.of("BR", "AR")), mentioned.toString());
    }

    @Test
    void datelineDecidesTheCountry() {
        String text = "PHNOM PENH — The government has begun installing thousands of CCTV cameras supplied by a Chinese firm along the capital's boulevards, officials said.";
        TaggedArticle a = tag(null, text);
        assertTrue(a.events().stream().anyMatch(e -> e.category().equals("cctv") && "KH".equals(e.country())), a.events().toString());
        assertTrue(a.entities().stream().anyMatch(en -> "KH".equals(en.countryCode())), a.entities().toString());
    }

    @Test
    void denialIsFlagged() {
        String text = "Activists said police used facial recognition cameras to identify protesters in Belgrade last month. "
                + "The interior ministry denied that the cameras had been used against demonstrators.";
        TaggedArticle a = tag(null, text);
        assertTrue(a.surveillance());
        assertTrue(a.events().stream().anyMatch(TaggedArticle.Event::denied), a.events().toString());
        assertEvidence(a);
    }

    @Test
    void ambiguousNamesResolvedByContext() {
        TaggedArticle ga = tag(null, "Police in Georgia installed new surveillance cameras in Tbilisi ahead of the protests.");
        assertEquals("GE", ga.events().get(0).country());
        TaggedArticle us = tag(null, "Atlanta police in Georgia installed new surveillance cameras downtown, the county said.");
        assertEquals("US", us.events().get(0).country());
        TaggedArticle person = tag(null, "Michael Jordan said the new cameras at the arena were great.");
        assertTrue(person.countries().stream().noneMatch(c -> c.code().equals("JO")), person.countries().toString());
    }

    @Test
    void vendorsAreFoundWithHomeCountry() {
        TaggedArticle a = tag(null, "Hikvision and Dahua cameras were installed by the police across Harare under a deal with the government of Zimbabwe.");
        assertTrue(a.vendors().stream().anyMatch(v -> v.name().equals("Hikvision") && v.countryCode().equals("CN")));
        assertTrue(a.vendors().stream().anyMatch(v -> v.name().equals("Dahua")));
        assertTrue(categories(a).contains("vendor_export"), a.events().toString());
        assertTrue(a.events().stream().allMatch(e -> "ZW".equals(e.country())), a.events().toString());
    }

    @Test
    void hugeArticleIsTruncatedAndTagged() {
        StringBuilder b = new StringBuilder("Police in Lagos installed hundreds of CCTV cameras across the city, officials said. ");
        String filler = "The market reopened and traders sold fruit and vegetables to shoppers in the afternoon. ";
        while (b.length() < 5_000_000) {
            b.append(filler);
        }
        long t0 = System.nanoTime();
        TaggedArticle a = tag("Big", b.toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(a.truncated());
        assertTrue(a.text().length() <= 100_000);
        assertTrue(categories(a).contains("cctv"));
        assertTrue(ms < 60_000, "took " + ms + " ms");
    }

    @Test
    void binaryGarbageDoesNotFail() {
        Random r = new Random(42);
        char[] c = new char[200_000];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) r.nextInt(0x10000);
        }
        TaggedArticle a = tag("\u0000\u0001garbage", new String(c));
        assertNotNull(a);
        assertTrue(a.truncated());
        assertEvidence(a);
        byte[] bytes = new byte[50_000];
        r.nextBytes(bytes);
        TaggedArticle b = tag(null, new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertNotNull(b);
    }

    @Test
    void nonEnglishUsesLexicon() {
        TaggedArticle es = tag(null, "La policía de Bogotá instaló cámaras de vigilancia con reconocimiento facial en Colombia.", "es");
        assertTrue(categories(es).containsAll(List.of("cctv", "facial_recognition")), es.events().toString());
        assertEquals("CO", es.events().get(0).country());
        assertEvidence(es);
        TaggedArticle unknown = tag(null, "Polisi walifunga mtandao wa intaneti nchini kote.", "sw");
        assertFalse(unknown.surveillance());
    }

    @Test
    void chineseInEitherScriptComposesActionAndTarget() {
        // Traditional characters are read with the Simplified lexicon; an action and a target make the event
        TaggedArticle hant = tag(null, "當局下令電訊商封鎖多個境外新聞網站，市民瀏覽時只見錯誤頁面。", "zh-Hant");
        assertEquals(Set.of("censorship_firewall"), categories(hant));
        TaggedArticle hans = tag(null, "当局以维稳为由，切断了该县的移动网络，为期两天。", "zh");
        assertEquals(Set.of("internet_shutdown"), categories(hans));
        assertEquals(hant.text().indexOf("封鎖"), hant.text().indexOf(hant.events().get(0).trigger()));
        // the same nouns without an action are not events
        assertFalse(tag(null, "新款手机的摄像头和无人机配件在展会上亮相。", "zh").surveillance());
    }

    @Test
    void articlesNoRuleCanTouchAreReadWithoutTheCrf() {
        TaggedArticle plain = tag(null, "Maria Lopez scored twice as Valencia beat Sevilla 3-1 on Sunday in Spain.");
        assertFalse(plain.surveillance());
        assertTrue(plain.entities().stream().noneMatch(e -> e.type().equals("PERSON")), plain.entities().toString());
        assertTrue(plain.countries().stream().anyMatch(c -> c.code().equals("ES")), plain.countries().toString());
        TaggedArticle event = tag(null, "Maria Lopez said police in Valencia installed 40 surveillance cameras in Spain.");
        assertTrue(event.surveillance());
        assertTrue(event.entities().stream().anyMatch(e -> e.type().equals("PERSON")), event.entities().toString());
    }

    @Test
    void versionsAreNamed() {
        TaggedArticle a = tag(null, "Nothing happened today.");
        assertEquals("4.5.10", a.versions().corenlp());
        assertEquals("1.1", a.versions().taxonomy());
        assertTrue(a.versions().tagger().contains("rules-"));
        assertTrue(a.versions().tagger().startsWith("nlp-tagger-2.0.0+rules-2.0.0+grammar-1.0.0+vendors-2.0.0+gate-"));
    }
}
