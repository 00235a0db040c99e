package org.countersight.api.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/** An RFC 9457 problem document; {@code extra} holds extension members (e.g. the existing source on a 409). */
@JsonPropertyOrder({"type", "title", "status", "detail"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

    public final String type;
    public final String title;
    public final int status;
    public final String detail;
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public Problem(String type, String title, int status, String detail) {
        this.type = type;
        this.title = title;
        this.status = status;
        this.detail = detail;
    }

    public Problem with(String name, Object value) {
        extra.put(name, value);
        return this;
    }

    /** A response header to send with this problem (e.g. Retry-After); not part of the JSON. */
    public Problem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    @JsonAnyGetter
    public Map<String, Object> extra() {
        return extra;
    }

    public Response toResponse() {
        Response.ResponseBuilder b = Response.status(status).type(MEDIA).entity(this);
        headers.forEach(b::header);
        return b.build();
    }

    /** Problem types are URNs: stable names a client can switch on, without implying a web page. */
    public static String type(String slug) {
        return "urn:countersight:problem:" + slug;
    }
}
