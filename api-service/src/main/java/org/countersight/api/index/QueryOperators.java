package org.countersight.api.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;

import java.util.Map;

/**
 * Refuses the query-parser operators whose cost grows with the index rather than with the query: a prefix shorter
 * than {@code minPrefix} (a lone {@code *} expands to every word), a leading wildcard, phrase slop above
 * {@code maxSlop}, fuzziness above {@code maxFuzziness}. Parsed with the same syntax as the search, so it sees
 * exactly the operators the search would run.
 */
public final class QueryOperators {

    /** A refused operator; {@code operator} names it for the caller (prefix, leading-wildcard, slop, fuzziness). */
    public static final class Refused extends RuntimeException {
        private final String operator;

        Refused(String operator, String message) {
            super(message, null, false, false);
            this.operator = operator;
        }

        public String operator() {
            return operator;
        }
    }

    private static final Analyzer WORDS = new WhitespaceAnalyzer();

    private final int minPrefix;
    private final int maxSlop;
    private final int maxFuzziness;

    public QueryOperators(int minPrefix, int maxSlop, int maxFuzziness) {
        this.minPrefix = Math.max(1, minPrefix);
        this.maxSlop = Math.max(0, maxSlop);
        this.maxFuzziness = Math.max(0, maxFuzziness);
    }

    /** @throws Refused naming the first operator over its limit */
    public void check(String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        new SimpleQueryParser(WORDS, Map.of("f", 1f)) {
            @Override
            protected Query newDefaultQuery(String term) {
                if (term.startsWith("*") || term.startsWith("?")) {
                    throw new Refused("leading-wildcard", "'" + cut(term) + "': wildcards are not supported at the start of a word; "
                            + "write the word's first " + minPrefix + " letters and * at its end");
                }
                return new MatchAllDocsQuery();
            }

            @Override
            protected Query newPrefixQuery(String prefix) {
                int letters = prefix.codePointCount(0, prefix.length());
                if (letters == 0) {
                    throw new Refused("leading-wildcard", "a lone * would match every word; write at least " + minPrefix
                            + " letters before *");
                }
                if (letters < minPrefix) {
                    throw new Refused("prefix", "'" + cut(prefix) + "*': a prefix needs at least " + minPrefix
                            + " letters before *");
                }
                return new MatchAllDocsQuery();
            }

            @Override
            protected Query newFuzzyQuery(String term, int fuzziness) {
                if (fuzziness > maxFuzziness) {
                    throw new Refused("fuzziness", "'" + cut(term) + "~" + fuzziness + "': a fuzzy word may differ by at most "
                            + maxFuzziness + " letter" + (maxFuzziness == 1 ? "" : "s") + "; write word~" + maxFuzziness
                            + " (word~ alone means word~2)");
                }
                return new MatchAllDocsQuery();
            }

            @Override
            protected Query newPhraseQuery(String phrase, int slop) {
                if (slop > maxSlop) {
                    throw new Refused("slop", "'\"" + cut(phrase) + "\"~" + slop + "': the words of a phrase may be at most "
                            + maxSlop + " positions apart (\"…\"~" + maxSlop + ")");
                }
                return new MatchAllDocsQuery();
            }
        }.parse(text);
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
