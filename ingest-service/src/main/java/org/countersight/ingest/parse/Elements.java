package org.countersight.ingest.parse;

import org.jdom2.Element;

import java.util.ArrayList;
import java.util.List;

/** Child lookups by local name (any namespace), as the feed variants and entry hints need them. */
final class Elements {

    private Elements() {
    }

    static Element firstChild(Element parent, String name) {
        for (Element c : parent.getChildren()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Element c : parent.getChildren()) {
            if (c.getName().equals(name)) {
                out.add(c);
            }
        }
        return out;
    }
}
