package org.countersight.nlp.gazetteer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the tab-separated data files on the classpath (gazetteer, vendors, lexicons): blank lines and # comments skipped. */
public final class TsvResource {

    private TsvResource() {
    }

    /**
     * @param what names the file's kind in errors ("bad vendor line: …")
     * @return the rows, each split on tabs
     * @throws IllegalStateException when the resource is missing or a row has fewer than {@code minColumns}
     *                               or more than {@code maxColumns} columns
     */
    public static List<String[]> rows(String resource, int minColumns, int maxColumns, String what) {
        try (InputStream in = TsvResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String[]> rows = new ArrayList<>();
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length < minColumns || cols.length > maxColumns) {
                    throw new IllegalStateException("bad " + what + " line: " + line);
                }
                rows.add(cols);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
