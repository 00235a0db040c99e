package org.countersight.nlp.pipeline;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.util.CoreMap;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * The one CoreNLP pipeline: tokenize, ssplit and the 3-class CRF NER only. Chosen by measurement
 * (docs/DESIGN.md, docs/benchmarks.md): no POS, lemma, SUTime, fine-grained or numeric NER, which cost 5-25x and whose
 * country/city labels we produce better from our own gazetteer. A StanfordCoreNLP instance is
 * thread-safe for {@link #annotate}; all workers share it.
 */
public final class CoreNlp {

    public static final String VERSION = "4.5.10";
    /** The settings, in a resource so that the e2e benchmark's bare pipeline reads the same file. */
    public static final String PROPERTIES = "pipeline/corenlp.properties";
    public static final String ANNOTATORS = properties().getProperty("annotators");

    private final StanfordCoreNLP pipeline;
    /** tokenize,ssplit only: the same tokens and sentences without the CRF, for articles no event rule can touch. */
    private final StanfordCoreNLP tokenizer;
    /** ner only (the same cached annotator as the pipeline's), run on sentences already tokenized. */
    private final StanfordCoreNLP entities;

    private CoreNlp(StanfordCoreNLP pipeline, StanfordCoreNLP tokenizer, StanfordCoreNLP entities) {
        this.pipeline = pipeline;
        this.tokenizer = tokenizer;
        this.entities = entities;
    }

    /** The pipeline's settings, from {@value #PROPERTIES} (a fresh copy each call). */
    public static Properties properties() {
        Properties p = new Properties();
        try (InputStream in = CoreNlp.class.getClassLoader().getResourceAsStream(PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("missing " + PROPERTIES + " on the class path");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROPERTIES, e);
        }
        return p;
    }

    /** Loads the models (seconds, hundreds of MB); call once. */
    public static CoreNlp load() {
        Properties tokens = properties();
        tokens.setProperty("annotators", "tokenize,ssplit");
        Properties ner = properties();
        ner.setProperty("annotators", "ner");
        StanfordCoreNLP pipeline = new StanfordCoreNLP(properties());
        // Built after the full pipeline, so CoreNLP's annotator cache hands it the same loaded CRF.
        return new CoreNlp(pipeline, new StanfordCoreNLP(tokens), new StanfordCoreNLP(ner));
    }

    /** Tokens with character offsets into {@code text} and the CRF's NER label, grouped in sentences. */
    public List<Sentence> annotate(String text) {
        return annotate(pipeline, text);
    }

    /** As {@link #annotate} without NER (every label "O"): tokens and sentences at a small fraction of the cost. */
    public List<Sentence> tokenize(String text) {
        return annotate(tokenizer, text);
    }

    /**
     * Tokenizes {@code text} once and runs the CRF only on the sentences {@code needsEntities} selects (the others
     * keep label "O"). The CRF labels each sentence on its own, so a selected sentence gets exactly the labels
     * {@link #annotate} would give it; NER is most of the cost, and most sentences of an article cannot hold an event.
     */
    public List<Sentence> annotate(String text, Predicate<Sentence> needsEntities) {
        Annotation doc = new Annotation(text);
        tokenizer.annotate(doc);
        List<CoreMap> maps = sentenceMaps(doc);
        List<Sentence> out = new ArrayList<>(maps.size());
        List<CoreMap> chosen = new ArrayList<>();
        List<Integer> chosenAt = new ArrayList<>();
        for (CoreMap m : maps) {
            Sentence s = sentence(m);
            if (needsEntities.test(s)) {
                chosen.add(m);
                chosenAt.add(out.size());
            }
            out.add(s);
        }
        if (chosen.isEmpty()) {
            return out;
        }
        Annotation part = new Annotation(text);
        part.set(CoreAnnotations.SentencesAnnotation.class, chosen);
        List<CoreLabel> tokens = new ArrayList<>();
        chosen.forEach(m -> tokens.addAll(m.get(CoreAnnotations.TokensAnnotation.class)));
        part.set(CoreAnnotations.TokensAnnotation.class, tokens);
        entities.annotate(part); // labels the shared CoreLabels of the chosen sentences in place
        for (int i = 0; i < chosen.size(); i++) {
            out.set(chosenAt.get(i), sentence(chosen.get(i)));
        }
        return out;
    }

    private static List<Sentence> annotate(StanfordCoreNLP pipeline, String text) {
        Annotation doc = new Annotation(text);
        pipeline.annotate(doc);
        List<CoreMap> maps = sentenceMaps(doc);
        List<Sentence> out = new ArrayList<>(maps.size());
        for (CoreMap s : maps) {
            out.add(sentence(s));
        }
        return out;
    }

    private static List<CoreMap> sentenceMaps(Annotation doc) {
        List<CoreMap> sentences = doc.get(CoreAnnotations.SentencesAnnotation.class);
        return sentences == null ? List.of() : sentences;
    }

    private static Sentence sentence(CoreMap s) {
        List<CoreLabel> labels = s.get(CoreAnnotations.TokensAnnotation.class);
        List<Token> tokens = new ArrayList<>(labels.size());
        for (CoreLabel l : labels) {
            String ner = l.ner();
            tokens.add(new Token(l.originalText() != null ? l.originalText() : l.word(),
                    l.beginPosition(), l.endPosition(), ner == null ? "O" : ner));
        }
        return new Sentence(s.get(CoreAnnotations.CharacterOffsetBeginAnnotation.class),
                s.get(CoreAnnotations.CharacterOffsetEndAnnotation.class), tokens);
    }

    /** One token: original text, offsets into the document, NER label (PERSON, ORGANIZATION, LOCATION, MISC or O). */
    public record Token(String text, int start, int end, String ner) {
    }

    public record Sentence(int start, int end, List<Token> tokens) {
    }
}
