package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.countersight.events.ArticleIds;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Topics;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Map, vendors and flows over articles published to the in-JVM broker and indexed by the running api. The articles
 * are dated 2019 and every request asks for that year only, so articles of other tests never count.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class VendorFlowsApiTest {

    static final String FROM = "2019-01-01";
    static final String TO = "2019-12-31";

    static final String KAMPALA = "Uganda's security ministry signed a safe city deal with Huawei to wire Kampala's "
            + "junctions with monitored cameras.";
    static final String ENTEBBE = "Huawei engineers extended the Ugandan safe city network to the roads around Entebbe.";
    static final String HARARE = "Zimbabwe's police took delivery of Hikvision cameras for the centre of Harare.";
    static final String BULAWAYO = "A report claimed ZTE might supply a monitoring centre to the police in Bulawayo.";
    static final String NAIROBI = "Nairobi county added forty street cameras to its own control room.";

    static boolean published;

    @BeforeEach
    void ready() {
        Fixtures.awaitReady();
        if (!published) {
            Fixtures.sendAll(Topics.ARTICLES_TAGGED, List.of(
                    article("kampala-safe-city", "Kampala signs safe city deal", KAMPALA, "2019-03-14T08:00:00Z",
                            List.of(event("smart_city", KAMPALA, 0.86, "UG", "Huawei"),
                                    event("vendor_export", KAMPALA, 0.81, "UG", "Huawei"))),
                    article("entebbe-safe-city", "Safe city reaches Entebbe", ENTEBBE, "2019-05-02T08:00:00Z",
                            List.of(event("smart_city", ENTEBBE, 0.74, "UG", "Huawei"))),
                    article("harare-cameras", "Harare police get new cameras", HARARE, "2019-04-20T08:00:00Z",
                            List.of(event("cctv", HARARE, 0.82, "ZW", "Hikvision"))),
                    article("bulawayo-rumour", "Bulawayo monitoring rumour", BULAWAYO, "2019-04-22T08:00:00Z",
                            List.of(event("data_monitoring", BULAWAYO, 0.35, "ZW", "ZTE"))),
                    article("nairobi-cameras", "Nairobi adds cameras", NAIROBI, "2019-04-25T08:00:00Z",
                            List.of(event("cctv", NAIROBI, 0.77, "KE", "Acme Vision")))));
            published = true;
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                given().queryParam("from", FROM).queryParam("to", TO).get("/api/v1/map")
                        .then().extract().jsonPath().getLong("total") == 5);
    }

    static TaggedArticle.Event event(String category, String sentence, double confidence, String country, String vendor) {
        return new TaggedArticle.Event(category, category, sentence, 0, sentence.length(), confidence, country,
                List.of(vendor), List.of("police"), false);
    }

    static TaggedArticle article(String slug, String title, String text, String published, List<TaggedArticle.Event> events) {
        String url = "https://flows.example.org/2019/" + slug;
        Instant at = Instant.parse(published);
        Set<String> countries = new HashSet<>();
        events.forEach(e -> countries.add(e.country()));
        return new TaggedArticle(TaggedArticle.SCHEMA_VERSION, ArticleIds.fromUrl(url), url, "src-flows", "Flows Wire",
                null, title, title, text, "en", at, at.plusSeconds(30), Instant.now(), true, 0.9, false, List.of(),
                countries.stream().map(c -> new TaggedArticle.CountryRef(c, TaggedArticle.CountryRef.EVENT)).toList(),
                events.stream().flatMap(e -> e.vendors().stream()).distinct()
                        .map(v -> new TaggedArticle.Vendor(v, "CN")).toList(),
                events, new TaggedArticle.Versions("test", "1.1", "4.5.10"));
    }

    static JsonPath get(String path, Object... params) {
        var req = given().queryParam("from", FROM).queryParam("to", TO);
        for (int i = 0; i < params.length; i += 2) {
            req = req.queryParam((String) params[i], params[i + 1]);
        }
        return req.get(path).then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    static Map<String, Object> edge(List<Map<String, Object>> edges, String from, String to, String category) {
        return edges.stream().filter(e -> e.get("from").equals(from) && e.get("to").equals(to)
                && e.get("category").equals(category)).findFirst().orElse(null);
    }

    @Test
    void countryFlowsLinkChinaToUgandaAndZimbabweWithCategoriesAndEvidence() {
        JsonPath flows = get("/api/v1/flows");
        assertEquals("country", flows.getString("by"));
        List<Map<String, Object>> edges = flows.getList("edges");
        Map<String, Object> ug = edge(edges, "CN", "UG", "smart_city");
        assertNotNull(ug, "CN→UG smart_city in " + edges);
        assertEquals(2, ug.get("count"));
        assertEquals(List.of("huawei"), ug.get("vendors"));
        assertEquals("2019-03-14T08:00:00Z", ug.get("firstSeen"));
        assertEquals("2019-05-02T08:00:00Z", ug.get("lastSeen"));
        // one sample by default, the newest
        List<Map<String, Object>> evidence = (List<Map<String, Object>>) ug.get("evidence");
        assertEquals(1, evidence.size());
        assertEquals(ENTEBBE, evidence.get(0).get("sentence"));
        assertEquals("Huawei", evidence.get(0).get("vendor"));

        Map<String, Object> zw = edge(edges, "CN", "ZW", "cctv");
        assertNotNull(zw, "CN→ZW cctv in " + edges);
        assertEquals(1, zw.get("count"));
        assertEquals(HARARE, ((List<Map<String, Object>>) zw.get("evidence")).get(0).get("sentence"));
        assertEquals(ArticleIds.fromUrl("https://flows.example.org/2019/harare-cameras"),
                ((List<Map<String, Object>>) zw.get("evidence")).get(0).get("articleId"));

        // the vendor_export event of the Kampala article is its own edge; the vendor outside the registry is none
        assertEquals(1, edge(edges, "CN", "UG", "vendor_export").get("count"));
        assertTrue(edges.stream().noneMatch(e -> e.get("to").equals("KE")), edges.toString());
        // ranked by count
        assertEquals(ug, edges.get(0));
        assertEquals(edges.size(), flows.getInt("total"));
    }

    @Test
    void vendorFlowsNameTheVendor() {
        List<Map<String, Object>> edges = get("/api/v1/flows", "by", "vendor", "samples", "2").getList("edges");
        Map<String, Object> hik = edges.stream().filter(e -> "hikvision".equals(e.get("vendor"))).findFirst().orElseThrow();
        assertEquals("Hikvision", hik.get("vendorName"));
        assertEquals("CN", hik.get("from"));
        assertEquals("ZW", hik.get("to"));
        assertEquals("cctv", hik.get("category"));
        Map<String, Object> huawei = edges.stream().filter(e -> "huawei".equals(e.get("vendor"))
                && e.get("category").equals("smart_city")).findFirst().orElseThrow();
        assertEquals(List.of(ENTEBBE, KAMPALA), ((List<Map<String, Object>>) huawei.get("evidence")).stream()
                .map(e -> e.get("sentence")).toList());
    }

    @Test
    void filtersSelectEvents() {
        List<Map<String, Object>> zw = get("/api/v1/flows", "country", "ZW").getList("edges");
        assertEquals(Set.of("ZW"), new HashSet<>(zw.stream().map(e -> e.get("to")).toList()));
        assertNotNull(edge(zw, "CN", "ZW", "data_monitoring"), "the 0.35 ZTE event without minConfidence");
        List<Map<String, Object>> confident = get("/api/v1/flows", "country", "ZW", "minConfidence", "0.5").getList("edges");
        assertNull(edge(confident, "CN", "ZW", "data_monitoring"));
        assertNotNull(edge(confident, "CN", "ZW", "cctv"));
        List<Map<String, Object>> cameras = get("/api/v1/flows", "category", "cctv").getList("edges");
        assertEquals(List.of("cctv"), cameras.stream().map(e -> e.get("category")).distinct().toList());
        assertEquals(0, get("/api/v1/flows", "vendorCountry", "US").getInt("total"));
        // comma-separated, any case, spaces around: the same as the one code that has flows
        assertEquals(get("/api/v1/flows", "vendorCountry", "CN").getInt("total"),
                get("/api/v1/flows", "vendorCountry", "us, cn").getInt("total"));
        // only the Entebbe article is from May on
        List<Map<String, Object>> may = given().queryParam("from", "2019-05-01").queryParam("to", TO)
                .get("/api/v1/flows").then().statusCode(200).extract().jsonPath().getList("edges");
        assertEquals(List.of("CN>UG:smart_city=1"), may.stream().map(e -> e.get("from") + ">" + e.get("to") + ":"
                + e.get("category") + "=" + e.get("count")).toList());
        List<Map<String, Object>> hikOnly = get("/api/v1/flows", "vendor", "hikvision").getList("edges");
        assertEquals(1, hikOnly.size());
    }

    @Test
    void mapCountsArticlesPerEventCountry() {
        JsonPath map = get("/api/v1/map");
        assertEquals(5, map.getInt("total"));
        List<Map<String, Object>> countries = map.getList("countries");
        assertEquals(List.of(Map.of("code", "UG", "events", 2), Map.of("code", "ZW", "events", 2),
                Map.of("code", "KE", "events", 1)), countries);
        assertEquals(2, map.getInt("max"));
        assertEquals(List.of(Map.of("code", "ZW", "events", 1)),
                get("/api/v1/map", "country", "ZW", "minConfidence", "0.5").getList("countries"));
        assertEquals(List.of(Map.of("code", "ZW", "events", 1)),
                get("/api/v1/map", "vendor", "hikvision").getList("countries"));
    }

    @Test
    void vendorListCountsEventsAndCountriesReached() {
        JsonPath list = get("/api/v1/vendors");
        List<Map<String, Object>> items = list.getList("items");
        assertEquals(List.of("huawei", "hikvision", "zte"), items.stream().map(i -> i.get("id")).toList());
        Map<String, Object> huawei = items.get(0);
        assertEquals("CN", huawei.get("homeCountry"));
        assertEquals(2, huawei.get("events"));
        assertEquals(List.of("UG"), huawei.get("countries"));
        assertTrue(((List<?>) huawei.get("kinds")).contains("platforms"));
        assertEquals(List.of("hikvision", "huawei", "zte"),
                get("/api/v1/vendors", "sort", "name").getList("items.id"));
        JsonPath page = get("/api/v1/vendors", "offset", "1", "limit", "1");
        assertEquals(List.of("hikvision"), page.getList("items.id"));
        assertEquals(3, page.getInt("total"));
        JsonPath all = get("/api/v1/vendors", "all", "true", "limit", "500");
        assertTrue(all.getInt("total") > 100, "the whole registry");
        assertEquals(all.getInt("total"), all.getList("items").size());
    }

    @Test
    void vendorPageHasDeploymentsMonthsAndEvidence() {
        JsonPath p = get("/api/v1/vendors/huawei");
        assertEquals("Huawei", p.getString("name"));
        assertEquals("CN", p.getString("homeCountry"));
        assertEquals(2, p.getInt("events"));
        assertEquals("2019-03-14T08:00:00Z", p.getString("firstSeen"));
        assertEquals("2019-05-02T08:00:00Z", p.getString("lastSeen"));
        assertEquals(List.of(Map.of("month", "2019-03", "count", 1), Map.of("month", "2019-04", "count", 0),
                Map.of("month", "2019-05", "count", 1)), p.getList("months"));
        List<Map<String, Object>> deployments = p.getList("deployments");
        assertEquals(Map.of("country", "UG", "category", "smart_city", "count", 2, "firstSeen", "2019-03-14T08:00:00Z",
                "lastSeen", "2019-05-02T08:00:00Z"), deployments.get(0));
        assertEquals(List.of(ENTEBBE, KAMPALA, KAMPALA), p.getList("evidence.sentence"));
        assertEquals(List.of("smart_city", "smart_city", "vendor_export"), p.getList("evidence.category"));
        assertEquals(List.of(KAMPALA), get("/api/v1/vendors/huawei", "category", "vendor_export").getList("evidence.sentence"));

        given().get("/api/v1/vendors/acme-weather").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("GET /api/v1/vendors?all=true"));
        given().get("/api/v1/vendors/Not A Slug!").then().statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo("id"));
    }

    @Test
    void csvHasOneRowPerEdge() {
        String csv = given().queryParam("from", FROM).queryParam("to", TO).queryParam("format", "csv")
                .queryParam("country", "ZW").get("/api/v1/flows")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("from,to,vendor,vendorName,category,count,firstSeen,lastSeen,vendors,evidenceArticleId,evidenceUrl,evidenceSentence", lines[0]);
        assertEquals(3, lines.length, csv);
        assertTrue(lines[1].startsWith("CN,ZW,,,"), lines[1]);
        assertTrue(csv.contains(HARARE), csv);
    }

    @Test
    void gexfIsAGraphWithTheExpectedNodesAndEdges() throws Exception {
        byte[] body = given().queryParam("from", FROM).queryParam("to", TO).queryParam("format", "gexf")
                .queryParam("by", "vendor").get("/api/v1/flows")
                .then().statusCode(200).contentType(containsString("application/gexf+xml")).extract().asByteArray();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        Element root = doc.getDocumentElement();
        assertEquals("gexf", root.getLocalName());
        assertEquals("http://gexf.net/1.3", root.getNamespaceURI());
        assertEquals("1.3", root.getAttribute("version"));
        Element graph = (Element) root.getElementsByTagNameNS("http://gexf.net/1.3", "graph").item(0);
        assertEquals("directed", graph.getAttribute("defaultedgetype"));

        Set<String> nodes = new HashSet<>();
        NodeList ns = root.getElementsByTagNameNS("http://gexf.net/1.3", "node");
        for (int i = 0; i < ns.getLength(); i++) {
            nodes.add(((Element) ns.item(i)).getAttribute("id") + "=" + ((Element) ns.item(i)).getAttribute("label"));
        }
        assertEquals(Set.of("vendor:huawei=Huawei", "vendor:hikvision=Hikvision", "vendor:zte=ZTE", "country:UG=Uganda",
                "country:ZW=Zimbabwe"), nodes);
        List<String> edges = new ArrayList<>();
        NodeList es = root.getElementsByTagNameNS("http://gexf.net/1.3", "edge");
        for (int i = 0; i < es.getLength(); i++) {
            Element e = (Element) es.item(i);
            edges.add(e.getAttribute("source") + ">" + e.getAttribute("target") + ":" + e.getAttribute("kind") + "="
                    + e.getAttribute("weight"));
        }
        assertEquals(Set.of("vendor:huawei>country:UG:smart_city=2", "vendor:huawei>country:UG:vendor_export=1",
                "vendor:hikvision>country:ZW:cctv=1", "vendor:zte>country:ZW:data_monitoring=1"), new HashSet<>(edges));
        assertEquals(4, edges.size());
        assertTrue(new String(body, StandardCharsets.UTF_8).contains(HARARE.replace("'", "&apos;"))
                || new String(body, StandardCharsets.UTF_8).contains(HARARE), "evidence attribute");
    }

    @Test
    void badParametersAreProblems() {
        for (String[] bad : new String[][] {{"minConfidence", "2"}, {"minConfidence", "high"}, {"format", "xml"},
                {"by", "continent"}, {"vendor", "acme-weather"}, {"country", "XX"}, {"vendorCountry", "ZZ"},
                {"category", "weather"}, {"limit", "0"}, {"samples", "9"}, {"from", "yesterday"},
                // a list parameter has the limits of every other list: at most 50 values
                {"vendorCountry", String.join(",", java.util.Collections.nCopies(51, "CN"))}}) {
            given().queryParam(bad[0], bad[1]).get("/api/v1/flows").then().statusCode(400)
                    .contentType("application/problem+json").body("parameter", equalTo(bad[0]));
        }
        given().queryParam("sort", "size").get("/api/v1/vendors").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("sort"));
        given().queryParam("minConfidence", "-1").get("/api/v1/map").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("minConfidence"));
    }

    @Test
    void isDescribedInTheOpenApiDocument() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/flows")).body("paths", hasKey("/api/v1/vendors"))
                .body("paths", hasKey("/api/v1/vendors/{id}")).body("paths", hasKey("/api/v1/map"));
    }
}
