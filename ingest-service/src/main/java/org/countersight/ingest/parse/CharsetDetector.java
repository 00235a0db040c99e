package org.countersight.ingest.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides the character encoding of a feed body and decodes it. Precedence (RFC 7303 §3, which gives a
 * byte-order mark priority over the charset parameter):
 * <ol>
 *   <li>a BOM (UTF-8, UTF-16 BE/LE, UTF-32 BE/LE);</li>
 *   <li>the {@code charset} parameter of the HTTP Content-Type, when Java knows it (a bogus one is ignored);</li>
 *   <li>the {@code encoding} of the XML declaration, read in the byte family the first bytes show
 *       (UTF-16/32 without BOM, EBCDIC, else ASCII-compatible);</li>
 *   <li>the byte family itself (UTF-16/32, EBCDIC IBM037) when there is no declaration;</li>
 *   <li>UTF-8 when the bytes are valid UTF-8, else windows-1252 (the usual mislabelled legacy feed).</li>
 * </ol>
 * {@code text/*} without a charset does <em>not</em> mean US-ASCII (RFC 3023's rule, dropped by RFC 7303).
 * Labels Java does not know under that name are mapped where the meaning is clear (Python/IANA aliases such as
 * {@code ms-ansi}, {@code ebcdic-cp-be}, {@code macintosh}); {@code gb2312} is read as its superset GB18030.
 * Decoding itself is lenient: an unmappable byte becomes U+FFFD, it never throws.
 */
public final class CharsetDetector {

    /** The text, the charset used and where it came from ("BOM", "HTTP header", "XML declaration", ...). */
    public record Decoded(String text, Charset charset, String from) {
    }

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Charset IBM037 = Charset.forName("IBM037");
    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");
    private static final Pattern DECLARED = Pattern.compile(
            "^\\s*<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z0-9._:()+-]{1,40})[\"']");

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("ms-ansi", "windows-1252"), Map.entry("ms-arab", "windows-1256"),
            Map.entry("ms-cyrl", "windows-1251"), Map.entry("ms-ee", "windows-1250"),
            Map.entry("ms-greek", "windows-1253"), Map.entry("ms-hebr", "windows-1255"),
            Map.entry("ms-turk", "windows-1254"), Map.entry("winbaltrim", "windows-1257"),
            Map.entry("ebcdic-cp-be", "IBM500"), Map.entry("ebcdic-cp-ch", "IBM500"),
            Map.entry("ebcdic-cp-us", "IBM037"), Map.entry("ebcdic-cp-ca", "IBM037"),
            Map.entry("ebcdic-cp-nl", "IBM037"), Map.entry("ebcdic-cp-wt", "IBM037"), Map.entry("ibm039", "IBM037"),
            Map.entry("cp-is", "IBM861"), Map.entry("csibm855", "IBM855"), Map.entry("cspc775baltic", "IBM775"),
            Map.entry("mac", "x-MacRoman"), Map.entry("macintosh", "x-MacRoman"), Map.entry("csmacintosh", "x-MacRoman"),
            Map.entry("maclatin2", "x-MacCentralEurope"), Map.entry("mac-cyrillic", "x-MacCyrillic"),
            Map.entry("gb2312", "GB18030"), Map.entry("csgb2312", "GB18030"), Map.entry("x-gbk", "GB18030"),
            Map.entry("ucs-2", "UTF-16"), Map.entry("iso-10646-ucs-2", "UTF-16"), Map.entry("csunicode", "UTF-16"),
            Map.entry("ucs-4", "UTF-32"), Map.entry("iso-10646-ucs-4", "UTF-32"), Map.entry("csucs4", "UTF-32"),
            Map.entry("utf8", "UTF-8"), Map.entry("unicode-1-1-utf-8", "UTF-8"), Map.entry("latin-1", "ISO-8859-1"));

    private CharsetDetector() {
    }

    public static Decoded decode(byte[] body, String contentType) {
        int[] bomLength = new int[1];
        Charset bom = bom(body, bomLength);
        if (bom != null) {
            return new Decoded(new String(body, bomLength[0], body.length - bomLength[0], bom), bom, "BOM");
        }
        Charset family = family(body);
        Charset http = lookup(charsetParameter(contentType));
        if (http != null && !(isWide(family) && !isWide(http))) { // a header saying latin-1 over UTF-16 bytes is wrong
            return new Decoded(new String(body, http), http, "HTTP header");
        }
        String declared = declaredEncoding(body, family == null ? StandardCharsets.ISO_8859_1 : family);
        Charset fromDeclaration = lookup(declared);
        if (fromDeclaration != null) {
            Charset chosen = fromDeclaration;
            if (isWide(family)) {
                chosen = family; // the bytes say which UTF-16/32 variant
            } else if (isWide(fromDeclaration)) {
                chosen = StandardCharsets.UTF_8; // declares UTF-16 but the bytes are ASCII-compatible
            } else if (family == IBM037 && !new String(body, 0, 5, fromDeclaration).equals("<?xml")) {
                chosen = IBM037; // an EBCDIC document declaring an ASCII charset: the bytes win
            }
            return new Decoded(new String(body, chosen), chosen, "XML declaration");
        }
        if (family != null) {
            return new Decoded(new String(body, family), family, "byte pattern");
        }
        if (isValidUtf8(body)) {
            return new Decoded(new String(body, StandardCharsets.UTF_8), StandardCharsets.UTF_8, "default (UTF-8)");
        }
        return new Decoded(new String(body, WINDOWS_1252), WINDOWS_1252, "fallback (not valid UTF-8)");
    }

    /** A charset for a label, or null when the label is empty or unknown. */
    public static Charset lookup(String label) {
        if (label == null) {
            return null;
        }
        String name = label.strip().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            return null;
        }
        for (String candidate : new String[]{name, name.replace('_', '-')}) {
            String alias = ALIASES.get(candidate);
            try {
                return Charset.forName(alias != null ? alias : candidate);
            } catch (IllegalArgumentException e) {
                // unknown or illegal name: try the next spelling
            }
        }
        return null;
    }

    /** The charset parameter of a Content-Type ("text/xml; charset = \"utf-8\""), or null. */
    static String charsetParameter(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0 && parts[i].substring(0, eq).strip().equalsIgnoreCase("charset")) {
                String value = parts[i].substring(eq + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isBlank() ? null : value.strip();
            }
        }
        return null;
    }

    private static Charset bom(byte[] b, int[] length) {
        if (startsWith(b, 0x00, 0x00, 0xFE, 0xFF)) {
            length[0] = 4;
            return UTF_32BE;
        }
        if (startsWith(b, 0xFF, 0xFE, 0x00, 0x00)) {
            length[0] = 4;
            return UTF_32LE;
        }
        if (startsWith(b, 0xEF, 0xBB, 0xBF)) {
            length[0] = 3;
            return StandardCharsets.UTF_8;
        }
        if (startsWith(b, 0xFE, 0xFF)) {
            length[0] = 2;
            return StandardCharsets.UTF_16BE;
        }
        if (startsWith(b, 0xFF, 0xFE)) {
            length[0] = 2;
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    /** UTF-16/32 without a BOM or EBCDIC, told by how "&lt;" or "&lt;?xm" is written (XML 1.0 appendix F); else null. */
    private static Charset family(byte[] b) {
        if (startsWith(b, 0x00, 0x00, 0x00, 0x3C)) {
            return UTF_32BE;
        }
        if (startsWith(b, 0x3C, 0x00, 0x00, 0x00)) {
            return UTF_32LE;
        }
        if (b.length >= 4 && b[0] == 0 && b[2] == 0 && b[1] != 0 && b[3] != 0) {
            return StandardCharsets.UTF_16BE; // "<?", "<r", " <", ... in UTF-16BE
        }
        if (b.length >= 4 && b[1] == 0 && b[3] == 0 && b[0] != 0 && b[2] != 0) {
            return StandardCharsets.UTF_16LE;
        }
        if (startsWith(b, 0x4C, 0x6F, 0xA7, 0x94)) {
            return IBM037;
        }
        return null;
    }

    private static boolean isWide(Charset c) {
        if (c == null) {
            return false;
        }
        String n = c.name().toUpperCase(Locale.ROOT);
        return n.startsWith("UTF-16") || n.startsWith("UTF-32");
    }

    private static String declaredEncoding(byte[] body, Charset readAs) {
        int n = Math.min(body.length, 1024);
        String head = new String(body, 0, n, readAs);
        int end = head.indexOf("?>");
        if (end < 0) {
            return null;
        }
        Matcher m = DECLARED.matcher(head.substring(0, end + 2));
        return m.find() ? m.group(1) : null;
    }

    private static boolean isValidUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
