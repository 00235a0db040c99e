package org.countersight.api.rest;

/** Example documents for the OpenAPI description (shown in Swagger UI); shapes match the real responses. */
final class ApiExamples {

    static final String EVENT = """
            {"category": "facial_recognition", "trigger": "facial recognition cameras", "sentence": "Police in Phnom Penh switched on 1,200 facial recognition cameras supplied by Huawei on Monday.", "start": 0, "end": 96, "confidence": 0.86, "country": "KH", "vendors": ["Huawei"], "actors": ["police"], "denied": false}""";

    static final String SEARCH = """
            {"items": [{"id": "3f0c9a6e1d2b4c5f8a7e6d5c4b3a2910", "url": "https://news.example.org/2026/11/26/phnom-penh-cameras", "title": "Phnom Penh switches on facial recognition cameras", "summary": "1,200 cameras supplied by Huawei went live on Monday.", "sourceId": "4f2a9c1b7e3d5a60", "sourceName": "Example Wire Asia", "language": "en", "publishedAt": "2026-11-26T08:00:00Z", "surveillance": true, "relevance": 0.93, "countries": ["KH"], "mentionedCountries": ["CN"], "categories": ["facial_recognition"], "vendors": ["Huawei"], "events": [""" + EVENT + """
            ], "snippet": "Police in Phnom Penh switched on 1,200 <mark>facial</mark> <mark>recognition</mark> cameras"}], "nextCursor": "cDF8MTc2NDE0NDAwMDAwMHwzZjBjOWE2ZTFkMmI0YzVm", "total": 137, "facets": {"country": [{"value": "KH", "count": 137}], "category": [{"value": "facial_recognition", "count": 137}, {"value": "smart_city", "count": 41}], "vendor": [{"value": "Huawei", "count": 58}], "source": [{"value": "Example Wire Asia", "count": 77}], "lang": [{"value": "en", "count": 130}]}}""";

    static final String CSV = """
            id,publishedAt,url,title,sourceName,language,surveillance,relevance,eventCountries,mentionedCountries,categories,vendors,events\r
            3f0c9a6e1d2b4c5f8a7e6d5c4b3a2910,2026-11-26T08:00:00Z,https://news.example.org/2026/11/26/phnom-penh-cameras,Phnom Penh switches on facial recognition cameras,Example Wire Asia,en,true,0.930,KH,CN,facial_recognition,Huawei,"facial_recognition/KH/0.86: Police in Phnom Penh switched on 1,200 facial recognition cameras supplied by Huawei on Monday."\r
            """;

    static final String TAXONOMY = """
            {"version": "1", "categories": [{"id": "drones", "label": "Drones", "definition": "Aerial surveillance drones.", "includes": "Drones flown by police, border guards or the army to watch people, crowds, borders or protests; purchases of such drones.", "excludes": "Delivery drones, light shows, hobby and farm drones, and drone strikes or other weapons use."}]}""";

    static final String TIMELINE = """
            {"interval": "month", "total": 59, "buckets": [{"start": "2026-09-01", "total": 12, "categories": {"facial_recognition": 7, "cctv": 5}}, {"start": "2026-10-01", "total": 0, "categories": {}}, {"start": "2026-11-01", "total": 47, "categories": {"facial_recognition": 30, "smart_city": 17}}]}""";

    static final String ALERT = """
            {"schemaVersion": 1, "articleId": "3f0c9a6e1d2b4c5f8a7e6d5c4b3a2910", "url": "https://news.example.org/2026/11/26/phnom-penh-cameras", "title": "Phnom Penh switches on facial recognition cameras", "sourceId": "4f2a9c1b7e3d5a60", "sourceName": "Example Wire Asia", "publishedAt": "2026-11-26T08:00:00Z", "raisedAt": "2026-11-26T08:03:12Z", "confidence": 0.86, "countries": ["KH"], "categories": ["facial_recognition"], "events": [""" + EVENT + """
            ]}""";

    static final String ALERTS = """
            {"items": [{"eventId": "0:12,1:5,2:9", "alert": """ + ALERT + """
            }], "lastEventId": "0:12,1:5,2:9"}""";

    static final String SSE = """
            : connected

            event: alert
            id: 0:12,1:5,2:9
            data: """ + ALERT + """
            

            : keep-alive
            """;

    static final String SOURCE_REQUEST = """
            {"url": "https://news.example.org/asia/rss.xml", "name": "Example Wire Asia", "country": "KH", "language": "en", "pollIntervalMinutes": 15}""";

    static final String SOURCE = """
            {"id": "4f2a9c1b7e3d5a60", "url": "https://news.example.org/asia/rss.xml", "name": "Example Wire Asia", "country": "KH", "language": "en", "pollIntervalMinutes": 15, "createdAt": "2026-11-26T07:00:00Z", "health": "OK", "status": {"sourceId": "4f2a9c1b7e3d5a60", "state": "OK", "lastAttemptAt": "2026-11-26T08:10:00Z", "lastSuccessAt": "2026-11-26T08:10:00Z", "httpStatus": 200, "itemsSeen": 40, "itemsNew": 3, "nextPollAt": "2026-11-26T08:25:00Z"}}""";

    static final String PROBLEM = """
            {"type": "urn:countersight:problem:bad-parameter", "title": "Invalid parameter 'country'", "status": 400, "detail": "'XX' is not an ISO 3166-1 alpha-2 country code such as KH, VN, FR", "parameter": "country"}""";

    private ApiExamples() {
    }
}
