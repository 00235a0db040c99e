package org.countersight.api.rest;

/** OpenAPI examples of the map, vendor and flow endpoints; shapes match the real responses. */
final class VendorExamples {

    static final String EVIDENCE = """
            {"articleId": "5b1e0c7d9a3f4e2b8c6d1a0f9e8d7c6b", "title": "Kampala signs safe city contract", "url": "https://news.example.org/2026/03/kampala-safe-city", "publishedAt": "2026-03-12T09:00:00Z", "vendor": "Huawei", "country": "UG", "category": "smart_city", "confidence": 0.84, "sentence": "The interior ministry in Kampala signed a safe city contract with Huawei covering 2,000 street cameras."}""";

    static final String FLOWS = """
            {"by": "country", "registryVersion": "2.0.0", "total": 2, "edges": [{"from": "CN", "to": "UG", "vendor": null, "vendorName": null, "category": "smart_city", "count": 3, "firstSeen": "2026-01-20T07:00:00Z", "lastSeen": "2026-03-12T09:00:00Z", "vendors": ["huawei"], "evidence": [""" + EVIDENCE + """
            ]}, {"from": "CN", "to": "ZW", "vendor": null, "vendorName": null, "category": "cctv", "count": 1, "firstSeen": "2026-02-02T10:00:00Z", "lastSeen": "2026-02-02T10:00:00Z", "vendors": ["hikvision"], "evidence": []}]}""";

    static final String FLOWS_CSV = """
            from,to,vendor,vendorName,category,count,firstSeen,lastSeen,vendors,evidenceArticleId,evidenceUrl,evidenceSentence\r
            CN,UG,,,smart_city,3,2026-01-20T07:00:00Z,2026-03-12T09:00:00Z,huawei,5b1e0c7d9a3f4e2b8c6d1a0f9e8d7c6b,https://news.example.org/2026/03/kampala-safe-city,"The interior ministry in Kampala signed a safe city contract with Huawei covering 2,000 street cameras."\r
            """;

    static final String FLOWS_GEXF = """
            <?xml version="1.0" encoding="UTF-8"?><gexf xmlns="http://gexf.net/1.3" version="1.3"><meta lastmodifieddate="2026-03-13"><creator>Countersight</creator><description>Surveillance-technology flows (country): vendor registry 2.0.0, 1 of 1 edges</description></meta><graph defaultedgetype="directed" mode="static"><attributes class="node"><attribute id="0" title="type" type="string"/><attribute id="1" title="country" type="string"/></attributes><attributes class="edge"><attribute id="0" title="category" type="string"/><attribute id="1" title="count" type="long"/></attributes><nodes><node id="country:CN" label="China"/><node id="country:UG" label="Uganda"/></nodes><edges><edge id="0" source="country:CN" target="country:UG" kind="smart_city" label="smart_city" weight="3"/></edges></graph></gexf>""";

    static final String MAP = """
            {"total": 5, "max": 3, "countries": [{"code": "UG", "events": 3}, {"code": "ZW", "events": 2}]}""";

    static final String VENDORS = """
            {"registryVersion": "2.0.0", "total": 1, "offset": 0, "limit": 50, "items": [{"id": "huawei", "name": "Huawei", "homeCountry": "CN", "kinds": ["platforms", "camera_analytics", "network_dpi", "face_recognition"], "events": 3, "countries": ["UG"], "firstSeen": "2026-01-20T07:00:00Z", "lastSeen": "2026-03-12T09:00:00Z"}]}""";

    static final String VENDOR = """
            {"id": "huawei", "name": "Huawei", "homeCountry": "CN", "kinds": ["platforms", "camera_analytics", "network_dpi", "face_recognition"], "aliases": ["Huawei Technologies"], "products": [], "parentId": null, "registryVersion": "2.0.0", "events": 3, "countries": ["UG"], "firstSeen": "2026-01-20T07:00:00Z", "lastSeen": "2026-03-12T09:00:00Z", "deployments": [{"country": "UG", "category": "smart_city", "count": 3, "firstSeen": "2026-01-20T07:00:00Z", "lastSeen": "2026-03-12T09:00:00Z"}], "months": [{"month": "2026-01", "count": 1}, {"month": "2026-02", "count": 0}, {"month": "2026-03", "count": 2}], "evidence": [""" + EVIDENCE + """
            ]}""";

    static final String VENDOR_NOT_FOUND = """
            {"type": "urn:countersight:problem:not-found", "title": "Vendor not found", "status": 404, "detail": "no vendor with id 'acme' in registry 2.0.0; GET /api/v1/vendors?all=true lists the ids"}""";

    private VendorExamples() {
    }
}
