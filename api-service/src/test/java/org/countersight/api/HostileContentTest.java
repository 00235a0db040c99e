package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.countersight.events.Json;
import org.countersight.events.Source;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Topics;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text from hostile or broken feeds reaches the XML and CSV outputs safely: characters XML 1.0 forbids never break
 * the Atom feed or the OPML export, and CSV cells cannot start a spreadsheet formula.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class HostileContentTest {

    /** JSON escapes as a hostile producer writes them: U+0001 (what jsoup makes of &#1;), a lone surrogate, U+FFFF. */
    static final String ILLEGAL_JSON = "\\u0001\\ud800\\uffff";

    @BeforeEach
    void ready() {
        Fixtures.awaitReady();
    }

    private static void sendRaw(String topic, String key, String json) throws Exception {
        try (KafkaProducer<String, byte[]> p = Fixtures.producer()) {
            p.send(new ProducerRecord<>(topic, key, json.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
    }

    private static Document parseXml(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    @Test
    void anAlertWithAControlCharacterAndALoneSurrogateStillGivesAValidAtomFeed() throws Exception {
        String word = Fixtures.uniqueWord();
        var alert = Fixtures.alert("Cameras " + word + " in MARK Phnom Penh", "KH", "facial_recognition", 0.9);
        String json = new String(Json.write(alert), StandardCharsets.UTF_8).replace("MARK", ILLEGAL_JSON)
                .replace("\"Test Wire\"", "\"Test" + ILLEGAL_JSON + " Wire\"");
        assertTrue(json.contains("\\u0001\\ud800"), json);
        sendRaw(Topics.ALERTS, alert.articleId(), json);

        await().atMost(Duration.ofSeconds(60)).until(() ->
                given().queryParam("limit", 500).get("/api/v1/alerts").asString().contains(word));
        byte[] atom = given().queryParam("country", "KH").queryParam("limit", 500).get("/feeds/alerts.atom")
                .then().statusCode(200).extract().asByteArray();
        Document doc = parseXml(atom);
        List<String> titles = new ArrayList<>();
        NodeList entries = doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry");
        String author = null;
        for (int i = 0; i < entries.getLength(); i++) {
            Element e = (Element) entries.item(i);
            String title = e.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "title").item(0).getTextContent();
            titles.add(title);
            if (title.contains(word)) {
                author = e.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "name").item(0).getTextContent();
                String summary = e.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "summary").item(0).getTextContent();
                assertTrue(summary.contains("Cameras " + word + " in  Phnom Penh"), summary);
            }
        }
        assertTrue(titles.contains("Cameras " + word + " in  Phnom Penh"), titles.toString());
        assertEquals("Test Wire", author);
    }

    @Test
    void aSourceNameWithControlCharactersStillGivesAValidOpmlExport() throws Exception {
        String word = Fixtures.uniqueWord();
        String url = "https://198.51.100.21/" + word + ".xml";
        Source s = new Source(1, Source.idFor(url), url, "Name MARK " + word, "KH", "en", 60, Instant.now());
        sendRaw(Topics.SOURCES, s.id(), new String(Json.write(s), StandardCharsets.UTF_8).replace("MARK", ILLEGAL_JSON));

        await().atMost(Duration.ofSeconds(60)).until(() ->
                given().get("/api/v1/sources.opml").then().extract().statusCode() == 200
                        && given().get("/api/v1/sources.opml").asString().contains(word));
        Document doc = parseXml(given().get("/api/v1/sources.opml").then().statusCode(200).extract().asByteArray());
        NodeList outlines = doc.getElementsByTagName("outline");
        boolean found = false;
        for (int i = 0; i < outlines.getLength(); i++) {
            Element o = (Element) outlines.item(i);
            if (o.getAttribute("xmlUrl").equals(url)) {
                assertEquals("Name  " + word, o.getAttribute("title"));
                found = true;
            }
        }
        assertTrue(found, "the source is in the OPML export");
    }

    @Test
    void csvCellsThatWouldStartAFormulaAreDefused() {
        String word = Fixtures.uniqueWord();
        TaggedArticle a = Fixtures.article("https://news.example.org/formula/" + word,
                "=HYPERLINK(\"https://evil.example/\",\"click\")", "Cameras " + word + " watch the square.",
                Instant.parse("2026-03-01T10:00:00Z"), List.of("KH"), List.of("facial_recognition"));
        a = new TaggedArticle(a.schemaVersion(), a.id(), a.url(), a.sourceId(), "+cmd|' /C calc'!A0", a.storyId(), a.title(),
                a.summary(), a.text(), "@SUM(1+1)", a.publishedAt(), a.fetchedAt(), a.taggedAt(), a.surveillance(), a.relevance(),
                a.truncated(), a.entities(), a.countries(), a.vendors(), a.events(), a.versions());
        Fixtures.sendAll(Topics.ARTICLES_TAGGED, List.of(a));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                given().queryParam("q", word).get("/api/v1/articles").jsonPath().getLong("total") == 1);

        String csv = given().queryParam("q", word).queryParam("format", "csv").get("/api/v1/articles/export")
                .then().statusCode(200).extract().asString();
        String row = csv.split("\r\n")[1];
        assertTrue(row.contains(",\"'=HYPERLINK(\"\"https://evil.example/\"\",\"\"click\"\")\","), row);
        assertTrue(row.contains(",'+cmd|' /C calc'!A0,"), row);
        assertTrue(row.contains(",'@SUM(1+1),"), row);
    }
}
