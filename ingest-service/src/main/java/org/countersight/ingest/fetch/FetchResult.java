package org.countersight.ingest.fetch;

import java.net.URI;

/** What a successful fetch gave: a new body, or "not modified" (304). */
public sealed interface FetchResult {

    URI finalUri();

    /** 2xx with a body (already decoded from gzip/deflate). */
    record Fetched(int status, URI finalUri, byte[] body, String contentType, String etag, String lastModified,
                   int redirects) implements FetchResult {
    }

    /** 304: the conditional GET says nothing changed. */
    record NotModified(URI finalUri, String etag, String lastModified) implements FetchResult {
    }
}
