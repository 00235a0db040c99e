package org.countersight.api.webhooks;

import java.net.URI;
import java.util.Locale;

/** Which subscriber URLs may receive deliveries besides the address check: https only, unless the operator allows http. */
public final class SubscriberUrls {

    public static final String HTTPS_ONLY = "only https subscriber URLs are accepted: a delivery carries alert data and "
            + "its signature, which anyone on the path of a plain http connection could read or replay (an operator can "
            + "allow http for a demo or local tests with COUNTERSIGHT_WEBHOOKS_ALLOW_HTTP=true)";

    private SubscriberUrls() {
    }

    public static boolean schemeAllowed(URI uri, boolean allowHttp) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || (allowHttp && scheme.equals("http"));
    }
}
