package org.countersight.nlp.tagging;

import org.countersight.events.RawArticle;
import org.countersight.events.TaggedArticle;
import org.countersight.nlp.pipeline.CoreNlp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules 1.2.0–1.5.0 vocabulary: the many ways news phrases the same event (synonyms, passive voice, indirect wording),
 * non-English lexicons, and look-alike sentences that must stay untagged. Texts written for this test.
 */
class TaggerVocabularyTest {

    static Tagger tagger;

    @BeforeAll
    static void load() {
        tagger = Tagger.withBundledResources(CoreNlp.load(), 100_000);
    }

    static TaggedArticle tag(String text, String lang) {
        Instant now = Instant.now();
        return tagger.tag(new RawArticle(1, "v", "https://example.org/v", "src", "Src", null, null, null, null,
                text, lang, now, false, now), now);
    }

    static Set<String> categories(TaggedArticle a) {
        return a.events().stream().map(TaggedArticle.Event::category).collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "facial_recognition|BR|Transit police began live face scanning at three metro stations in São Paulo, comparing passengers' faces against a list of wanted suspects.",
        "facial_recognition|AR|The city government of Buenos Aires bought facial-matching software for its camera network, officials in Argentina said.",
        "facial_recognition|IR|Iranian police said street cameras fitted with recognition software would identify women who ignore the dress code.",
        "internet_shutdown|ET|Mobile data was cut across Ethiopia's Amhara region on Tuesday after the federal government declared a state of emergency.",
        "internet_shutdown|PK|Connectivity was throttled in Pakistan for most of election day, and the telecom regulator said it acted on orders from the interior ministry.",
        "internet_shutdown|IR|Iranian authorities blocked Instagram on Thursday and sharply throttled mobile connections in Tehran as protests spread.",
        "social_media_ban|UZ|The app was blocked nationwide by Uzbekistan's communications regulator after it refused to register with the ministry.",
        "censorship_firewall|AZ|Access to dozens of independent news websites was restricted in Azerbaijan by order of the communications ministry.",
        "censorship_firewall|KZ|Kazakh authorities told mobile users to install a national security certificate that lets the state inspect encrypted web traffic.",
        "spyware|JO|A zero-click exploit was used to plant intrusion software on the phone of a human rights lawyer in Jordan, researchers said.",
        "drones|PL|Border guards in Poland flew unmanned aerial vehicles with thermal cameras to watch the crossings at night.",
        "biometric_id|PH|The Philippine government launched a digital ID drive, collecting fingerprints and iris scans from millions of residents.",
        "smart_city|EG|Egypt's interior ministry signed a safe-city contract for Cairo that links street cameras to a police control room.",
        "smart_city|RW|Police in Kigali linked 500 new cameras to a central monitoring station, officials in Rwanda said.",
        "data_monitoring|GR|Greece's intelligence service placed wiretaps on the phones of an opposition leader and a journalist, a parliamentary inquiry found.",
        "data_monitoring|AU|The Australian parliament passed a data retention law requiring telecom operators to keep customers' metadata for two years.",
        "data_monitoring|NG|Nigeria's regulator ordered operators to install lawful interception equipment so that security agencies can listen to calls.",
        "data_monitoring|IN|Police in India stepped up monitoring of messaging apps, and a state agency tracked critics online for months.",
        "data_monitoring|VN|A decree in Vietnam requires platforms to store user data locally and hand it to the public security ministry on request.",
        "protest_crackdown|GE|Protesters in Tbilisi were identified from camera footage and later detained by Georgian police, lawyers said.",
        "protest_crackdown|BY|Several activists were arrested in Minsk after their phones were searched by police at checkpoints, a Belarusian rights group said.",
        "protest_crackdown|SA|The Saudi authorities tracked down and jailed online critics who posted under anonymous accounts, a rights group said.",
        "vendor_export|NZ|New Zealand Police ran a trial of Clearview AI's face-search tool without consulting the privacy commissioner.",
        "vendor_export|DE|Police in the German state of Hesse use a data platform built by Palantir to link records from different databases.",
        // rules 1.4.0: vocabulary checked on eval/dev2.jsonl (texts below are new, not dev2 items)
        "protest_crackdown|AM|Police in Armenia confiscated the handsets of eight students detained after the rally in Yerevan, their lawyers said.",
        "protest_crackdown|PE|Prosecutors in Peru obtained the location history of three strike leaders from their mobile operator.",
        "protest_crackdown|KH|Cambodian police asked telecom firms to find out who ran the Telegram channel used by organisers of the march.",
        "data_monitoring|BG|Bulgaria's parliament voted to make internet providers keep the traffic and location records of every customer for a year.",
        "data_monitoring|KE|A new unit at Kenya's interior ministry will scan posts on X and TikTok for content it considers a threat to public order.",
        "data_monitoring|MY|Malaysian police bought a social media analytics platform that maps the connections between accounts, tender papers show.",
        "data_monitoring|TH|The Thai digital ministry wants messaging services to give investigators access to users' correspondence within 48 hours.",
        "smart_city|CO|Bogotá's police opened a centre that combines feeds from cameras and sensors across the city to predict crime hotspots, officials in Colombia said.",
        "smart_city|MX|The state government expanded its C5 centre in Guadalajara with 900 public cameras, officials in Mexico said.",
        "internet_shutdown|IN|The home department of the Indian state of Assam suspended mobile internet in four districts for 48 hours.",
        // rules 1.5.0: vocabulary checked on eval/dev3.jsonl (texts below are new, not dev3 items)
        "protest_crackdown|CL|Police flew camera drones over the march against pension cuts in Santiago, officials in Chile said.",
        "facial_recognition|TR|Police in Ankara showed how a face captured by a street camera is matched within seconds against a database of suspects.",
        "smart_city|PE|Lima's police opened a monitoring platform that receives feeds from 4,000 street cameras, officials in Peru said.",
        "vendor_export|EG|Deep packet inspection equipment on the state operator's network in Egypt was traced to Sandvine, a Canadian company, researchers said.",
        "vendor_export|TG|Forensic researchers found NSO Group's Pegasus on the phones of two opposition politicians in Togo and said the infections pointed to a government customer.",
        "internet_shutdown|ET|Mobile internet has been unavailable in Ethiopia's Oromia region since the authorities declared a state of emergency."
    })
    void phrasingVariantsAreTagged(String category, String country, String text) {
        TaggedArticle a = tag(text, "en");
        assertTrue(categories(a).contains(category), category + " expected, got " + a.events());
        TaggedArticle.Event e = a.events().stream().filter(x -> x.category().equals(category)).findFirst().orElseThrow();
        assertEquals(country, e.country(), "event country of " + e);
        assertEquals(e.sentence(), a.text().substring(e.start(), e.end()));
    }

    @org.junit.jupiter.api.Test
    void shutdownInAnArticleAboutProtestsIsACrackdown() {
        String text = "Thousands of people joined protests against fuel prices in the capital on Monday. "
                + "Shops stayed closed and schools sent pupils home early. Bus drivers joined on the second day. "
                + "On Wednesday the government of Gabon ordered operators to switch off mobile internet nationwide.";
        TaggedArticle a = tag(text, "en");
        assertTrue(categories(a).containsAll(Set.of("internet_shutdown", "protest_crackdown")), a.events().toString());
        TaggedArticle.Event p = a.events().stream().filter(e -> e.category().equals("protest_crackdown")).findFirst().orElseThrow();
        assertTrue(p.sentence().contains(p.trigger()));
        assertEquals(p.sentence(), a.text().substring(p.start(), p.end()));
        // the same protests without any shutdown or ban are no event at all
        TaggedArticle calm = tag("Thousands of people joined protests against fuel prices in the capital on Monday. "
                + "Shops stayed closed and schools sent pupils home early.", "en");
        assertFalse(calm.surveillance(), calm.events().toString());
    }

    @org.junit.jupiter.api.Test
    void aControlRoomAloneIsNotASmartCity() {
        TaggedArticle small = tag("The municipal police in Lyon linked 30 new cameras in the old town to their control room, "
                + "the council said.", "en");
        assertTrue(categories(small).contains("cctv"), small.events().toString());
        assertFalse(categories(small).contains("smart_city"), small.events().toString());
        TaggedArticle big = tag("Police in Accra linked 2,000 cameras and licence-plate readers across the city to a central "
                + "control room, officials in Ghana said.", "en");
        assertTrue(categories(big).contains("smart_city"), big.events().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "camera maker shares|Shares of the camera maker rose after market analysts said police demand for its cameras would grow next quarter.",
        "survey drones|Farmers used drones to survey flood damage after the storm, officials said.",
        "vaccine drones|Drones delivered vaccines to remote clinics in Rwanda, the health ministry said.",
        "protest without technology|Protesters marched through the capital demanding higher wages, and police fired tear gas at the crowd.",
        "gym fingerprints|The gym chain replaced membership cards with fingerprint scanners for its staff and members.",
        "ransomware on police|A ransomware gang encrypted the city's computers and leaked data from the police department.",
        "app outage|A faulty update left WhatsApp unusable for two hours worldwide, the company said.",
        "anchor cut cable|The internet went down across the island after a ship's anchor damaged a subsea cable, the telecom ministry said.",
        "spyware drama|The streaming series about a fictional spyware company drew strong reviews from critics.",
        "sanctions on vendor|The United States added Hikvision to its entity list over security risks, the commerce department said.",
        "smart meters|The city council installed smart water meters in twenty thousand homes to cut leaks, officials said.",
        "power outage|Mobile networks and internet service were cut across the region by a power outage after the storm, officials said.",
        "shop cctv|A baker's own security cameras filmed the burglars forcing the back door, and the owner posted the clip online.",
        "camera maker margins|Shares in the camera maker climbed after analysts said police demand would lift its operating margin.",
        "cattle drones|Ranchers in Montana fly drones with thermal cameras to find cattle that stray from the herd, officials said.",
        "employer blocks apps|The insurer blocked TikTok and Instagram on its office computers, telling employees the ban would improve productivity.",
        "smart bins|The municipality installed cameras inside rubbish bins that tell crews when the bins are full; they record no people.",
        "leaked scans|A criminal group stole passport scans and phone numbers from a ministry server and demanded a ransom.",
        "wildlife drones|University ecologists flew drones with thermal cameras to count elephants in Botswana, the wildlife department said.",
        "parking sensors|The county government's smart city programme lets motorists pay for parking through an app linked to 3,000 street sensors.",
        "gym faces|A fitness chain in Singapore will let members enter its clubs with facial recognition instead of membership cards.",
        "drone light show|Three thousand drones lit up the sky over the harbour in a New Year display, organisers said, and fireworks followed.",
        "typhoon signal|A typhoon knocked out power and mobile signal across the province, and the grid operator said the blackout could last a week.",
        "spy novel|This debut novel follows an engineer who sells zero-click exploits to the intelligence service of a fictional republic."
    })
    void lookAlikesStayUntagged(String name, String text) {
        TaggedArticle a = tag(text, "en");
        assertFalse(a.surveillance(), name + " tagged: " + a.events());
    }

    @org.junit.jupiter.api.Test
    void aFaceImageTakenAtEnrolmentIsBiometricIdNotFaceRecognition() {
        TaggedArticle a = tag("Applicants for Malawi's new national identity card have their fingerprints scanned and a facial "
                + "image stored by the registration bureau.", "en");
        assertTrue(categories(a).contains("biometric_id"), a.events().toString());
        assertFalse(categories(a).contains("facial_recognition"), a.events().toString());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "es|internet_shutdown|VE|El gobierno de Venezuela ordenó un corte de internet en Caracas durante las protestas de la oposición.",
        "es|spyware|MX|Periodistas de México fueron espiados con un programa espía, según un laboratorio independiente.",
        "fr|internet_shutdown|SN|Au Sénégal, les autorités ont ordonné une coupure des données mobiles à Dakar après les manifestations.",
        "pt|facial_recognition|BR|A polícia de São Paulo ampliou o uso de reconhecimento facial nas estações de metrô.",
        "de|facial_recognition|DE|Die Polizei in Berlin will an Bahnhöfen künftig Gesichtserkennung einsetzen.",
        "ru|internet_shutdown|KZ|Власти ограничили доступ к интернету в Алматы во время протестов.",
        "ru|cctv|RU|В Москве установили ещё тысячу камер видеонаблюдения с распознаванием лиц.",
        "ar|internet_shutdown|SD|قطعت السلطات الإنترنت في السودان بعد الاحتجاجات في الخرطوم.",
        "zh|facial_recognition|CN|新疆警方在街道上大规模部署人脸识别系统。"
    })
    void lexiconsCatchCategoryAndCountry(String lang, String category, String country, String text) {
        TaggedArticle a = tag(text, lang);
        assertTrue(categories(a).contains(category), lang + ": " + category + " expected, got " + a.events());
        TaggedArticle.Event e = a.events().stream().filter(x -> x.category().equals(category)).findFirst().orElseThrow();
        assertEquals(country, e.country(), lang + " country of " + e);
        assertEquals(e.sentence(), a.text().substring(e.start(), e.end()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "es|El equipo de fútbol de Colombia ganó el partido en Bogotá ante miles de aficionados.",
        "fr|Le marché de Dakar a rouvert après les fêtes, selon les commerçants du Sénégal.",
        "de|In Berlin eröffnete am Sonntag ein neues Museum für Fotografie.",
        "zh|北京今天天气晴朗，市民在公园散步。"
    })
    void lexiconsLeaveOrdinaryNewsAlone(String lang, String text) {
        assertFalse(tag(text, lang).surveillance());
    }
}
