package org.countersight.api;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.countersight.events.Source;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OPML import (nested outlines, per-outline outcome, hostile documents refused) and export (readable, re-importable). */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class OpmlTest {

    static final String KEY = "Bearer test-key-1";

    @BeforeEach
    void ready() {
        Fixtures.awaitReady();
    }

    static String feed() {
        return "http://198.51.100." + (1 + (UUID.randomUUID().hashCode() & 0x7f)) + "/opml/" + UUID.randomUUID() + ".xml";
    }

    static JsonPath post(String opml) {
        return given().header("Authorization", KEY).contentType("text/x-opml").body(opml.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/sources/opml").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void importsNestedOutlinesAndAnswersPerOutline() throws Exception {
        String existing = feed();
        given().header("Authorization", KEY).contentType("application/json").body("{\"url\":\"" + existing + "\",\"name\":\"Already here\"}")
                .post("/api/v1/sources").then().statusCode(201);
        String a = feed();
        String b = feed();
        String opml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <opml version="2.0">
                  <head><title>NGO reading list</title></head>
                  <body>
                    <outline text="Asia">
                      <outline text="Cambodia">
                        <outline type="rss" text="Phnom Penh Wire &amp; Co" xmlUrl="%s" language="en-US"/>
                      </outline>
                      <outline type="rss" title="Mekong Daily" text="ignored" xmlUrl="%s" language="English"/>
                    </outline>
                    <outline type="rss" text="Old friend" xmlUrl="%s"/>
                    <outline type="rss" text="Twice in the file" xmlUrl="%s"/>
                    <outline type="rss" text="Intranet" xmlUrl="http://127.0.0.1:8080/feed"/>
                    <outline type="rss" text="FTP" xmlUrl="ftp://198.51.100.7/feed"/>
                    <outline type="link" text="Just a web page" url=""/>
                    <outline text="Empty folder"></outline>
                  </body>
                </opml>
                """.formatted(a, b, existing, a);
        JsonPath r = post(opml);
        assertEquals(2, r.getInt("created"));
        assertEquals(2, r.getInt("present"));
        assertEquals(4, r.getInt("rejected"));
        List<Map<String, Object>> outlines = r.getList("outlines");
        Map<String, Map<String, Object>> byTitle = new HashMap<>();
        outlines.forEach(o -> byTitle.put((String) o.get("title"), o));
        assertEquals("created", byTitle.get("Phnom Penh Wire & Co").get("result"));
        assertEquals("Asia / Cambodia", byTitle.get("Phnom Penh Wire & Co").get("folder"));
        assertEquals(Source.idFor(a), byTitle.get("Phnom Penh Wire & Co").get("sourceId"));
        assertEquals("created", byTitle.get("Mekong Daily").get("result"));
        assertEquals("present", byTitle.get("Old friend").get("result"));
        assertEquals("present", byTitle.get("Twice in the file").get("result"));
        assertEquals("rejected", byTitle.get("Intranet").get("result"));
        assertTrue(((String) byTitle.get("Intranet").get("reason")).contains("loopback"));
        assertTrue(((String) byTitle.get("FTP").get("reason")).contains("http"));
        assertTrue(((String) byTitle.get("Just a web page").get("reason")).contains("xmlUrl"));
        assertTrue(((String) byTitle.get("Empty folder").get("reason")).contains("xmlUrl"));

        given().get("/api/v1/sources/" + Source.idFor(a)).then().statusCode(200)
                .body("name", equalTo("Phnom Penh Wire & Co")).body("language", equalTo("en"));
        given().get("/api/v1/sources/" + Source.idFor(b)).then().statusCode(200)
                .body("name", equalTo("Mekong Daily")).body("language", equalTo(null));
    }

    @Test
    void exportIsOpmlThatImportsBackAsPresent() throws Exception {
        String url = feed();
        given().header("Authorization", KEY).contentType("application/json")
                .body("{\"url\":\"" + url + "\",\"name\":\"Export <me> \\\"quoted\\\" \\u0001\",\"country\":\"KH\",\"pollIntervalMinutes\":30}")
                .post("/api/v1/sources").then().statusCode(201);
        byte[] body = given().get("/api/v1/sources.opml").then().statusCode(200)
                .contentType(containsString("text/x-opml")).extract().asByteArray();

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        assertEquals("opml", doc.getDocumentElement().getLocalName());
        assertEquals("2.0", doc.getDocumentElement().getAttribute("version"));
        NodeList outlines = doc.getElementsByTagName("outline");
        Element mine = null;
        for (int i = 0; i < outlines.getLength(); i++) {
            Element e = (Element) outlines.item(i);
            if (url.equals(e.getAttribute("xmlUrl"))) {
                mine = e;
            }
        }
        assertTrue(mine != null, "the source is exported");
        assertEquals("rss", mine.getAttribute("type"));
        assertEquals("Export <me> \"quoted\" ", mine.getAttribute("text"));
        assertEquals("KH", mine.getAttributeNS("urn:countersight:opml", "country"));
        assertEquals("30", mine.getAttributeNS("urn:countersight:opml", "pollIntervalMinutes"));

        JsonPath r = given().header("Authorization", KEY).contentType("text/x-opml").body(body)
                .post("/api/v1/sources/opml").then().statusCode(200).extract().jsonPath();
        assertEquals(0, r.getInt("created"));
        assertEquals(outlines.getLength(), r.getInt("present"));
        assertEquals(0, r.getInt("rejected"));
    }

    @Test
    void refusesHostileAndBrokenDocuments() throws Exception {
        AtomicInteger externalHits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            externalHits.incrementAndGet();
            byte[] dtd = "<!ENTITY leak \"leaked\">".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, dtd.length);
            ex.getResponseBody().write(dtd);
            ex.close();
        });
        server.start();
        try {
            String ext = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil.dtd";
            String xxe = """
                    <?xml version="1.0"?>
                    <!DOCTYPE opml [<!ENTITY xxe SYSTEM "%s">]>
                    <opml version="2.0"><body><outline type="rss" text="&xxe;" xmlUrl="http://198.51.100.7/x"/></body></opml>
                    """.formatted(ext);
            String external = """
                    <?xml version="1.0"?>
                    <!DOCTYPE opml SYSTEM "%s">
                    <opml version="2.0"><body><outline type="rss" text="&leak;" xmlUrl="http://198.51.100.7/y"/></body></opml>
                    """.formatted(ext);
            StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE opml [\n<!ENTITY lol \"lol\">\n");
            for (int i = 1; i <= 9; i++) {
                laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">\n");
            }
            laughs.append("]>\n<opml version=\"2.0\"><body><outline text=\"&lol9;\" xmlUrl=\"http://198.51.100.7/z\"/></body></opml>");
            for (String doc : List.of(xxe, external, laughs.toString())) {
                given().header("Authorization", KEY).contentType("text/x-opml").body(doc).post("/api/v1/sources/opml")
                        .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("DTD"));
            }
            assertEquals(0, externalHits.get(), "no external resource was opened");
        } finally {
            server.stop(0);
        }
        for (String doc : List.of("not xml at all", "<rss version=\"2.0\"><channel/></rss>", "<opml><body><outline", "")) {
            given().header("Authorization", KEY).contentType("text/x-opml").body(doc).post("/api/v1/sources/opml")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        String big = "<opml version=\"2.0\"><body>" + "<!-- padding -->".repeat(70_000) + "</body></opml>";
        given().header("Authorization", KEY).contentType("text/x-opml").body(big).post("/api/v1/sources/opml")
                .then().statusCode(413).contentType("application/problem+json");
        StringBuilder deep = new StringBuilder("<opml version=\"2.0\"><body>");
        deep.append("<outline text=\"f\">".repeat(100)).append("</outline>".repeat(100)).append("</body></opml>");
        given().header("Authorization", KEY).contentType("text/x-opml").body(deep.toString()).post("/api/v1/sources/opml")
                .then().statusCode(400).body("detail", containsString("nested"));
        given().contentType("text/x-opml").body("<opml/>").post("/api/v1/sources/opml").then().statusCode(401);
        JsonPath empty = post("<opml version=\"2.0\"><head/><body/></opml>");
        assertEquals(0, empty.getInt("created"));
        assertNull(empty.get("outlines[0]"));
    }
}
