package dev.aioptout.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/** The JUnit report quotes account and policy names: whatever they hold, the file must stay XML 1.0. */
class AuditReportXmlTest {

    private static String attribute(String escaped) throws Exception {
        String document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><t a=\"" + escaped + "\"/>";
        Element e = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new InputSource(new StringReader(document)))
                .getDocumentElement();
        return e.getAttribute("a");
    }

    /** XML 1.0's Char production, for one UTF-16 unit outside a surrogate pair. */
    private static boolean xmlChar(char c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }

    @Test
    void everyCharacterEitherSurvivesExactlyOrIsWrittenAsItsCode() throws Exception {
        // Surrogates apart (one after another, U+DBFF and U+DC00 would make a pair): see the test below.
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (!Character.isSurrogate((char) c)) {
                all.append((char) c);
            }
        }
        // One document for all of them: any character XML 1.0 cannot hold would make it fail to parse.
        String read = attribute(AuditReport.xml(all.toString()));
        StringBuilder expected = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            char ch = (char) c;
            if (Character.isSurrogate(ch)) {
                continue;
            }
            expected.append(xmlChar(ch) ? String.valueOf(ch) : String.format("\\u%04x", c));
        }
        assertThat(read).isEqualTo(expected.toString());
    }

    @Test
    void surrogatePairsStayWholeAndLoneSurrogatesAreWrittenAsCodes() throws Exception {
        String pair = "a\uD83D\uDE00b";
        assertThat(attribute(AuditReport.xml(pair))).isEqualTo(pair);
        assertThat(attribute(AuditReport.xml("x\uD83Dy\uDE00"))).isEqualTo("x\\ud83dy\\ude00");
        for (char c = 0xD800; c <= 0xDFFF; c++) {
            assertThat(attribute(AuditReport.xml("<" + c + ">"))).isEqualTo(String.format("<\\u%04x>", (int) c));
        }
    }

    @Test
    void markupAndLineBreaksAreQuoted() throws Exception {
        String text = "<a href=\"x\">&amp;</a>\tone\ntwo\r\u001b[8m";
        String escaped = AuditReport.xml(text);
        assertThat(escaped).doesNotContain("\n", "\r", "\t", "\u001b", "<", "\"");
        assertThat(attribute(escaped)).isEqualTo("<a href=\"x\">&amp;</a>\tone\ntwo\r\\u001b[8m");
        assertThat(AuditReport.xml(null)).isEmpty();
    }
}
