package org.countersight.nlp.kafka;

import org.countersight.events.RawArticle;
import org.countersight.events.kafka.JsonDeserializer;

public class RawArticleDeserializer extends JsonDeserializer<RawArticle> {
    public RawArticleDeserializer() {
        super(RawArticle.class);
    }
}
