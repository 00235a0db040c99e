package org.countersight.ingest.parse;

import org.countersight.events.Source;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Short news-like sentences of our own, one per language, and the declared-versus-detected rule of the mapper. */
class LanguageDetectorTest {

    private static final Map<String, String> SENTENCES = new LinkedHashMap<>();

    static {
        SENTENCES.put("en", "Police installed new cameras in the city centre after the council approved the plan.");
        SENTENCES.put("es", "La policía instaló nuevas cámaras en el centro de la ciudad después de que el ayuntamiento aprobara el plan.");
        SENTENCES.put("fr", "La police a installé de nouvelles caméras dans le centre-ville après le vote du conseil municipal.");
        SENTENCES.put("pt", "A polícia instalou novas câmeras no centro da cidade depois que a prefeitura aprovou o plano.");
        SENTENCES.put("de", "Die Polizei hat in der Innenstadt neue Kameras installiert, nachdem der Stadtrat den Plan gebilligt hatte.");
        SENTENCES.put("it", "La polizia ha installato nuove telecamere nel centro della città dopo il voto del consiglio comunale.");
        SENTENCES.put("nl", "De politie heeft nieuwe camera's in het centrum van de stad geplaatst nadat de gemeenteraad het plan had goedgekeurd.");
        SENTENCES.put("tr", "Polis, belediye meclisinin planı onaylamasından sonra şehir merkezine yeni kameralar yerleştirdi.");
        SENTENCES.put("ru", "Полиция установила новые камеры в центре города после того, как городской совет одобрил план.");
        SENTENCES.put("uk", "Поліція встановила нові камери в центрі міста після того, як міська рада схвалила план.");
        SENTENCES.put("ar", "ركبت الشرطة كاميرات جديدة في وسط المدينة بعد أن وافق المجلس البلدي على الخطة.");
        SENTENCES.put("fa", "پلیس پس از تصویب طرح در شورای شهر، دوربین\u200cهای جدیدی در مرکز شهر نصب کرد.");
        SENTENCES.put("zh", "市议会批准该计划后，警方在市中心安装了新的摄像头。");
        SENTENCES.put("ja", "市議会が計画を承認した後、警察は市の中心部に新しいカメラを設置した。");
        SENTENCES.put("ko", "시의회가 계획을 승인한 후 경찰은 도심에 새 카메라를 설치했다.");
        SENTENCES.put("el", "Η αστυνομία εγκατέστησε νέες κάμερες στο κέντρο της πόλης.");
        SENTENCES.put("he", "המשטרה התקינה מצלמות חדשות במרכז העיר.");
        SENTENCES.put("hi", "नगर परिषद की मंजूरी के बाद पुलिस ने शहर के केंद्र में नए कैमरे लगाए।");
    }

    /** Headlines only: fewer words, still told apart. */
    private static final Map<String, String> HEADLINES = Map.of(
            "en", "Drones watch the march from above",
            "es", "El gobierno corta internet en la capital",
            "fr", "Le gouvernement coupe internet dans la capitale",
            "pt", "O governo corta a internet na capital",
            "de", "Die Regierung sperrt das Internet in der Hauptstadt",
            "ru", "Власти отключили интернет в столице",
            "ar", "الحكومة تقطع الإنترنت في العاصمة",
            "zh", "政府切断首都互联网");

    @Test
    void eachLanguageFromOneSentence() {
        SENTENCES.forEach((lang, text) -> {
            LanguageDetector.Result r = LanguageDetector.detect(text);
            assertEquals(lang, r == null ? null : r.language(), text);
            assertTrue(LanguageDetector.LANGUAGES.contains(lang));
        });
    }

    @Test
    void headlines() {
        HEADLINES.forEach((lang, text) -> {
            LanguageDetector.Result r = LanguageDetector.detect(text);
            assertEquals(lang, r == null ? null : r.language(), text);
        });
    }

    @Test
    void nothingToGoOn() {
        assertNull(LanguageDetector.detect(null));
        assertNull(LanguageDetector.detect("   "));
        assertNull(LanguageDetector.detect("2026-03-01 12:00 #42"));
        assertNull(LanguageDetector.detect("Kyiv"), "a lone name is no language");
        assertFalse(LanguageDetector.detect("Cameras in the square").reliable(), "too short to overrule a declaration");
        assertTrue(LanguageDetector.detect(SENTENCES.get("en")).reliable());
        assertTrue(LanguageDetector.detect(SENTENCES.get("ru")).reliable());
    }

    @Test
    void declaredLanguageIsVerified() {
        ParsedFeed feedEn = new ParsedFeed("rss_2.0", "F", "en-US", URI.create("https://f.example.org/"), List.of());
        ParsedFeed feedNone = new ParsedFeed("rss_2.0", "F", null, URI.create("https://f.example.org/"), List.of());
        Source plain = source(null);
        // nothing declared: detected
        assertEquals("es", ArticleMapper.language(plain, feedNone, "El gobierno corta internet", SENTENCES.get("es")));
        assertNull(ArticleMapper.language(plain, feedNone, "Kyiv", null));
        // declared and confirmed, or declared and the text too thin to say otherwise: declared
        assertEquals("en", ArticleMapper.language(plain, feedEn, "Cameras", SENTENCES.get("en")));
        assertEquals("en", ArticleMapper.language(plain, feedEn, "Kyiv", "Update 3"));
        // a feed labelled en whose item is plainly French or Russian: the text wins
        assertEquals("fr", ArticleMapper.language(plain, feedEn, "Caméras", SENTENCES.get("fr")));
        assertEquals("ru", ArticleMapper.language(plain, feedEn, null, SENTENCES.get("ru")));
        // the source's hint over the feed's, and a language the detector does not know is kept
        assertEquals("de", ArticleMapper.language(source("de"), feedEn, "Kameras", SENTENCES.get("de")));
        assertEquals("sv", ArticleMapper.language(source("sv"), feedEn, "Kameror", "Polisen satte upp nya kameror i centrum."));
    }

    @Test
    void readsOnlyTheStartOfALongText() {
        // Bounded work per article whatever its length: only the first MAX_CHARS characters are read, so an English
        // opening followed by a much longer German body is English (a whole-text reading would say German).
        String english = SENTENCES.get("en") + " ";
        String opening = english.repeat(LanguageDetector.MAX_CHARS / english.length() + 1);
        String text = opening + (SENTENCES.get("de") + " ").repeat(2_000);
        assertEquals("en", LanguageDetector.detect(text).language());
        assertEquals("de", LanguageDetector.detect(text.substring(opening.length())).language());
    }

    private static Source source(String language) {
        return new Source(Source.SCHEMA_VERSION, "s", "https://f.example.org/feed", "F", null, language, null,
                Instant.parse("2026-01-01T00:00:00Z"));
    }
}
