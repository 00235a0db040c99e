package org.countersight.api.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;
import org.countersight.events.TaggedArticle;
import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The on-disk Lucene index of tagged articles. One writer (the feeder thread), many searchers through a
 * {@link SearcherManager}. Each commit carries user data (the Kafka position it covers), so after a crash
 * the index and its position roll back together and replay brings it forward again.
 */
public final class ArticleIndex implements Closeable {

    private static final Logger LOG = Logger.getLogger(ArticleIndex.class);

    private final Path path;
    private final FSDirectory directory;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private volatile boolean open;

    private ArticleIndex(Path path, FSDirectory directory, Analyzer analyzer, IndexWriter writer, SearcherManager searchers) {
        this.path = path;
        this.directory = directory;
        this.analyzer = analyzer;
        this.writer = writer;
        this.searchers = searchers;
        this.open = true;
    }

    /** Commit user data key of {@link ArticleDocuments#SCHEMA_VERSION}. */
    public static final String SCHEMA_KEY = "schema.version";

    /**
     * Opens (or creates) the index at {@code path}; {@code wipe} deletes whatever was there first. An index written
     * with another {@link ArticleDocuments#SCHEMA_VERSION} (other fields or index sort; Lucene cannot add an index sort
     * to existing segments) is deleted too: it opens empty, without a stored position, so the feeder rebuilds it
     * from the start of the topic.
     */
    public static ArticleIndex open(Path path, boolean wipe) throws IOException {
        if (!wipe && Files.isDirectory(path)) {
            String version = storedSchemaVersion(path);
            if (version != null && !version.equals(ArticleDocuments.SCHEMA_VERSION)) {
                LOG.warnf("index at %s has schema version %s, this version needs %s; deleting it and rebuilding it from the topic",
                        path.toAbsolutePath(), version, ArticleDocuments.SCHEMA_VERSION);
                wipe = true;
            }
        }
        if (wipe) {
            deleteRecursively(path);
        }
        Files.createDirectories(path);
        FSDirectory directory = FSDirectory.open(path);
        Analyzer analyzer = analyzer();
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setIndexSort(ArticleDocuments.INDEX_SORT)
                .setRAMBufferSizeMB(32);
        IndexWriter writer = new IndexWriter(directory, config);
        if (!DirectoryReader.indexExists(directory)) {
            writer.setLiveCommitData(Map.of(SCHEMA_KEY, ArticleDocuments.SCHEMA_VERSION).entrySet());
            writer.commit(); // so the first searcher has something to open
        }
        SearcherManager searchers = new SearcherManager(writer, new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader) throws IOException {
                FlowTable.warm(reader); // new segments' flow tables, before the searcher serves a request
                return super.newSearcher(reader, previousReader);
            }
        });
        return new ArticleIndex(path, directory, analyzer, writer, searchers);
    }

    /**
     * The schema version of the index at {@code path}: null when there is no index, "1" for an index from before
     * versions were recorded (any commit without the key).
     */
    static String storedSchemaVersion(Path path) throws IOException {
        try (FSDirectory dir = FSDirectory.open(path)) {
            if (!DirectoryReader.indexExists(dir)) {
                return null;
            }
            return SegmentInfos.readLatestCommit(dir).getUserData().getOrDefault(SCHEMA_KEY, "1");
        }
    }

    /**
     * English stemming and stop words: the feeds are mostly English; other languages still match on exact forms.
     * The values of {@link ArticleDocuments#ALL_TEXT} are {@link ArticleDocuments#FIELD_GAP} positions apart.
     */
    public static Analyzer analyzer() {
        Analyzer english = new EnglishAnalyzer();
        return new DelegatingAnalyzerWrapper(Analyzer.PER_FIELD_REUSE_STRATEGY) {
            @Override
            protected Analyzer getWrappedAnalyzer(String fieldName) {
                return english;
            }

            @Override
            public int getPositionIncrementGap(String fieldName) {
                return ArticleDocuments.ALL_TEXT.equals(fieldName) ? ArticleDocuments.FIELD_GAP : 0;
            }
        };
    }

    public Analyzer queryAnalyzer() {
        return analyzer;
    }

    public Path path() {
        return path;
    }

    public boolean isOpen() {
        return open;
    }

    /** Insert or replace by articleId, so replays and duplicates collapse into one document. */
    public void upsert(TaggedArticle article, byte[] json) throws IOException {
        writer.updateDocument(new Term(ArticleDocuments.ID, article.id()), ArticleDocuments.toDocument(article, json));
    }

    public void delete(String id) throws IOException {
        writer.deleteDocuments(new Term(ArticleDocuments.ID, id));
    }

    /**
     * Makes everything written before this call visible to searches that start after it returns (near-real-time,
     * without a commit). Blocking, not {@code maybeRefresh()}: that one returns at once, refreshing nothing, while
     * another thread (the feeder's periodic refresh) is refreshing, and that refresh may have opened its reader
     * before this caller's writes: the caller then searched a stale reader (ExportHeapTest saw fewer documents
     * than it had just written).
     */
    public void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** Observes searcher refreshes (tests use it to hold one refresh while another thread asks for its own). */
    void addRefreshListener(ReferenceManager.RefreshListener listener) {
        searchers.addListener(listener);
    }

    /** Durably commits everything written so far, tagged with the position it corresponds to. */
    public void commit(Map<String, String> userData) throws IOException {
        Map<String, String> data = new HashMap<>(userData);
        data.put(SCHEMA_KEY, ArticleDocuments.SCHEMA_VERSION);
        writer.setLiveCommitData(Map.copyOf(data).entrySet());
        writer.commit();
    }

    /** The user data of the last durable commit (empty for a new index). */
    public Map<String, String> committedData() throws IOException {
        return new HashMap<>(SegmentInfos.readLatestCommit(directory).getUserData());
    }

    /** Drops every document (used when the topic the index was built from no longer exists). */
    public void clear() throws IOException {
        writer.deleteAll();
        commit(Map.of()); // no position: the feeder starts the topic over
        refresh();
    }

    public interface SearchFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    public <T> T search(SearchFunction<T> fn) {
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return fn.apply(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException("index search failed: " + e.getMessage(), e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException ignored) {
                // release only decrements a reference count
            }
        }
    }

    public int documentCount() {
        return search(s -> s.getIndexReader().numDocs());
    }

    /** Segments the searchers currently see (each costs a little per query; merges bring the number down). */
    public int searchedSegments() {
        return search(s -> s.getIndexReader().leaves().size());
    }

    /** Segments being merged right now (background merges take CPU from searches on a small machine). */
    public int mergingSegments() {
        return writer.getMergingSegments().size();
    }

    @Override
    public synchronized void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        try {
            searchers.close();
        } finally {
            try {
                writer.close();
            } finally {
                directory.close();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
