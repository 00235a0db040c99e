package org.countersight.api.rest;

import org.countersight.api.problem.Problem;

/** A failure with a status and a message meant for the caller; mapped to problem+json. */
public class ApiException extends RuntimeException {

    private final transient Problem problem;

    public ApiException(Problem problem) {
        super(problem.detail, null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ApiException badParameter(String name, String detail) {
        return new ApiException(new Problem(Problem.type("bad-parameter"), "Invalid parameter '" + name + "'", 400, detail)
                .with("parameter", name));
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(new Problem(Problem.type("bad-request"), "Invalid request", 400, detail));
    }

    public static ApiException notFound(String title, String detail) {
        return new ApiException(new Problem(Problem.type("not-found"), title, 404, detail));
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(new Problem(Problem.type("unavailable"), "Service not ready", 503, detail));
    }
}
