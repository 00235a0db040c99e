package org.countersight.events;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/TAXONOMY.md explains the categories with examples; its definitions must be the ones in the code. */
class TaxonomyDocTest {

    @Test
    void theDocumentCarriesEveryCategoryAsDefinedHere() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "TAXONOMY.md"));
        for (Taxonomy.Category c : Taxonomy.CATEGORIES) {
            assertTrue(doc.contains("## `" + c.id() + "` — " + c.label() + "\n\n" + c.definition() + "\n"), c.id() + ": heading or definition");
            assertTrue(doc.contains("- **Includes:** " + c.includes() + "\n"), c.id() + ": includes");
            assertTrue(doc.contains("- **Excludes:** " + c.excludes() + "\n"), c.id() + ": excludes");
        }
    }
}
