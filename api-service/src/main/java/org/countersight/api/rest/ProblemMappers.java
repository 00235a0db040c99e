package org.countersight.api.rest;

import org.countersight.api.index.ArticleSearch;
import org.countersight.api.limits.ClientLimits;
import org.countersight.api.problem.Problem;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

import java.util.UUID;

/** Every error leaves as application/problem+json; nothing unexpected leaks a stack trace. */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private ProblemMappers() {
    }

    @Provider
    public static class ApiExceptionMapper implements ExceptionMapper<ApiException> {
        @Override
        public Response toResponse(ApiException e) {
            return e.problem().toResponse();
        }
    }

    @Provider
    public static class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(WebApplicationException e) {
            Response r = e.getResponse();
            int status = r == null ? 500 : r.getStatus();
            Response.StatusType info = Response.Status.fromStatusCode(status);
            String title = info == null ? "HTTP " + status : info.getReasonPhrase();
            String detail;
            if (e instanceof NotFoundException) {
                detail = "nothing at " + (uri == null ? "this path" : "/" + uri.getPath().replaceFirst("^/", ""))
                        + "; the API is described at /q/openapi (Swagger UI at /q/swagger-ui)";
            } else if (status == 405) {
                detail = "this path does not accept that method; see /q/openapi for the allowed ones";
            } else if (status == 415) {
                detail = "send the body as application/json";
            } else if (status >= 500) {
                LOG.errorf(e, "server error %d", status);
                detail = "the server failed; the error is logged";
            } else {
                detail = e.getMessage();
            }
            Response.ResponseBuilder b = Response.status(status).type(Problem.MEDIA)
                    .entity(new Problem(status == 404 ? Problem.type("not-found") : "about:blank", title, status, detail));
            if (r != null && r.getHeaderString("Allow") != null) {
                b.header("Allow", r.getHeaderString("Allow"));
            }
            return b.build();
        }
    }

    @Provider
    public static class LimitExceptionMapper implements ExceptionMapper<ClientLimits.LimitException> {
        @Override
        public Response toResponse(ClientLimits.LimitException e) {
            return e.problem().toResponse();
        }
    }

    @Provider
    public static class SearchTimeoutMapper implements ExceptionMapper<ArticleSearch.SearchTimeoutException> {
        @Override
        public Response toResponse(ArticleSearch.SearchTimeoutException e) {
            return timeout(e);
        }
    }

    static Response timeout(ArticleSearch.SearchTimeoutException e) {
        LOG.infof("search stopped: %s", e.getMessage());
        return new Problem(Problem.type("search-timeout"), "Search took too long", 503,
                e.getMessage() + " and was stopped; narrow it (more specific words, fewer prefix* or fuzzy~ words, "
                        + "a date range) or try again when the server is less busy")
                .header("Retry-After", "5").toResponse();
    }

    /** The catch-all: log with an id the operator can grep for, tell the caller that id. */
    @Provider
    public static class UnexpectedMapper implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            if (e instanceof WebApplicationException w) {
                return new WebApplicationExceptionMapper().toResponse(w);
            }
            if (e instanceof ApiException a) {
                return a.problem().toResponse();
            }
            if (e instanceof ClientLimits.LimitException l) {
                return l.problem().toResponse();
            }
            if (e instanceof ArticleSearch.SearchTimeoutException t) {
                return timeout(t);
            }
            String id = UUID.randomUUID().toString();
            LOG.errorf(e, "unexpected error %s", id);
            return new Problem(Problem.type("internal"), "Internal error", 500,
                    "the request failed unexpectedly; the server log has the details under error id " + id)
                    .with("errorId", id).toResponse();
        }
    }
}
