package org.countersight.api.vendors;

import org.countersight.events.VendorRegistry;
import org.countersight.events.XmlText;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Flows as CSV (RFC 4180, one row per edge) and as GEXF 1.3 (a directed graph Gephi opens). */
public final class FlowFormats {

    public static final String GEXF_NS = "http://gexf.net/1.3";

    private FlowFormats() {
    }

    public static String csv(VendorFlowService.Flows flows) {
        StringBuilder sb = new StringBuilder();
        row(sb, List.of("from", "to", "vendor", "vendorName", "category", "count", "firstSeen", "lastSeen", "vendors",
                "evidenceArticleId", "evidenceUrl", "evidenceSentence"));
        for (VendorFlowService.Edge e : flows.edges()) {
            VendorFlowService.Evidence ev = e.evidence().isEmpty() ? null : e.evidence().get(0);
            row(sb, List.of(e.from(), e.to(), nz(e.vendor()), nz(e.vendorName()), e.category(), Long.toString(e.count()),
                    e.firstSeen().toString(), e.lastSeen().toString(), String.join(" ", e.vendors()),
                    ev == null ? "" : ev.articleId(), ev == null ? "" : nz(ev.url()),
                    ev == null ? "" : nz(ev.sentence()).replaceAll("\\s+", " ").strip()));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(cells.get(i)));
        }
        sb.append("\r\n");
    }

    /** Quoted when needed; a leading = + - @ gets a ' so a spreadsheet does not run the cell as a formula. */
    static String quote(String s) {
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /**
     * GEXF 1.3: country nodes ({@code country:CN}) and, for {@code by=vendor}, vendor nodes ({@code vendor:huawei});
     * one directed edge per (source, target, category) with weight = article count, the category as the edge's
     * {@code kind} (so parallel edges of several categories stay apart) and as an attribute.
     */
    public static String gexf(VendorFlowService.Flows flows, VendorRegistry registry, Instant generated) {
        Map<String, String[]> nodes = new LinkedHashMap<>(); // id → label, type, country
        for (VendorFlowService.Edge e : flows.edges()) {
            if (e.vendor() != null) {
                nodes.putIfAbsent("vendor:" + e.vendor(), new String[] {e.vendorName(), "vendor", e.from()});
            } else {
                nodes.putIfAbsent("country:" + e.from(), new String[] {countryName(e.from()), "country", e.from()});
            }
            nodes.putIfAbsent("country:" + e.to(), new String[] {countryName(e.to()), "country", e.to()});
        }
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("gexf");
            w.writeDefaultNamespace(GEXF_NS);
            w.writeAttribute("version", "1.3");
            w.writeStartElement("meta");
            w.writeAttribute("lastmodifieddate", DateTimeFormatter.ISO_LOCAL_DATE.format(generated.atZone(ZoneOffset.UTC)));
            element(w, "creator", "Countersight");
            element(w, "description", "Surveillance-technology flows (" + flows.by() + "): vendor registry "
                    + flows.registryVersion() + ", " + flows.edges().size() + " of " + flows.total() + " edges");
            w.writeEndElement();
            w.writeStartElement("graph");
            w.writeAttribute("defaultedgetype", "directed");
            w.writeAttribute("mode", "static");
            attributes(w, "node", new String[][] {{"type", "string"}, {"country", "string"}});
            attributes(w, "edge", new String[][] {{"category", "string"}, {"count", "long"}, {"firstSeen", "string"},
                    {"lastSeen", "string"}, {"vendors", "string"}, {"evidence", "string"}});
            w.writeStartElement("nodes");
            for (Map.Entry<String, String[]> n : nodes.entrySet()) {
                w.writeStartElement("node");
                w.writeAttribute("id", n.getKey());
                w.writeAttribute("label", xmlSafe(n.getValue()[0]));
                values(w, new String[] {n.getValue()[1], n.getValue()[2]});
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeStartElement("edges");
            int id = 0;
            for (VendorFlowService.Edge e : flows.edges()) {
                w.writeStartElement("edge");
                w.writeAttribute("id", Integer.toString(id++));
                w.writeAttribute("source", e.vendor() != null ? "vendor:" + e.vendor() : "country:" + e.from());
                w.writeAttribute("target", "country:" + e.to());
                w.writeAttribute("kind", e.category());
                w.writeAttribute("label", e.category());
                w.writeAttribute("weight", Long.toString(e.count()));
                values(w, new String[] {e.category(), Long.toString(e.count()), e.firstSeen().toString(),
                        e.lastSeen().toString(), String.join(" ", e.vendors()),
                        e.evidence().isEmpty() ? "" : nz(e.evidence().get(0).sentence())});
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement(); // graph
            w.writeEndElement(); // gexf
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write GEXF: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void attributes(XMLStreamWriter w, String cls, String[][] defs) throws XMLStreamException {
        w.writeStartElement("attributes");
        w.writeAttribute("class", cls);
        for (int i = 0; i < defs.length; i++) {
            w.writeStartElement("attribute");
            w.writeAttribute("id", Integer.toString(i));
            w.writeAttribute("title", defs[i][0]);
            w.writeAttribute("type", defs[i][1]);
            w.writeEndElement();
        }
        w.writeEndElement();
    }

    private static void values(XMLStreamWriter w, String[] values) throws XMLStreamException {
        w.writeStartElement("attvalues");
        for (int i = 0; i < values.length; i++) {
            w.writeStartElement("attvalue");
            w.writeAttribute("for", Integer.toString(i));
            w.writeAttribute("value", xmlSafe(values[i]));
            w.writeEndElement();
        }
        w.writeEndElement();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(xmlSafe(text));
        w.writeEndElement();
    }

    /** Drops characters XML 1.0 cannot carry (the one sanitizer of every XML writer, events {@link XmlText}). */
    static String xmlSafe(String s) {
        return XmlText.clean(s);
    }

    static String countryName(String code) {
        String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
        return name.isBlank() || name.equals(code) ? code : name;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
