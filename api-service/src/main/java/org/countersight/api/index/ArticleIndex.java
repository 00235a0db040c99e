package org.countersight.api.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;
import org.countersight.events.TaggedArticle;

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

    /** Opens (or creates) the index at {@code path}; {@code wipe} deletes whatever was there first. */
    public static ArticleIndex open(Path path, boolean wipe) throws IOException {
        if (wipe) {
            deleteRecursively(path);
        }
        Files.createDirectories(path);
        FSDirectory directory = FSDirectory.open(path);
        Analyzer analyzer = analyzer();
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(32);
        IndexWriter writer = new IndexWriter(directory, config);
        if (!DirectoryReader.indexExists(directory)) {
            writer.commit(); // so the first searcher has something to open
        }
        SearcherManager searchers = new SearcherManager(writer, new SearcherFactory());
        return new ArticleIndex(path, directory, analyzer, writer, searchers);
    }

    /** English stemming and stop words: the feeds are mostly English; other languages still match on exact forms. */
    public static Analyzer analyzer() {
        return new EnglishAnalyzer();
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

    /** Makes written documents visible to new searches (near-real-time, without a commit). */
    public void refresh() throws IOException {
        searchers.maybeRefresh();
    }

    /** Durably commits everything written so far, tagged with the position it corresponds to. */
    public void commit(Map<String, String> userData) throws IOException {
        writer.setLiveCommitData(Map.copyOf(userData).entrySet());
        writer.commit();
    }

    /** The user data of the last durable commit (empty for a new index). */
    public Map<String, String> committedData() throws IOException {
        return new HashMap<>(SegmentInfos.readLatestCommit(directory).getUserData());
    }

    /** Drops every document (used when the topic the index was built from no longer exists). */
    public void clear() throws IOException {
        writer.deleteAll();
        writer.setLiveCommitData(Map.<String, String>of().entrySet());
        writer.commit();
        searchers.maybeRefresh();
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
