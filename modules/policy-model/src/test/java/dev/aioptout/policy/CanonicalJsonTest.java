package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

    @Test
    void sortsKeysAtEveryLevelWhateverTheMapOrder() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", 2);
        inner.put("@@b", 3);
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("services", inner);
        outer.put("b", true);
        outer.put("a", false);

        assertThat(CanonicalJson.write(outer))
                .isEqualTo("{\"a\":false,\"b\":true,\"services\":{\"@@b\":3,\"a\":2,\"z\":1}}");
    }

    @Test
    void hashMapsWithManyKeysComeOutSorted() {
        Map<String, Object> m = new HashMap<>();
        for (String k : ServiceKeys.KNOWN) {
            m.put(k, k.length());
        }
        String json = CanonicalJson.write(m);
        assertThat(JsonTestSupport.keysSorted(JsonTestSupport.tree(json))).isTrue();
        assertThat(JsonTestSupport.tree(json).size()).isEqualTo(ServiceKeys.KNOWN.size());
    }

    @Test
    void isCompactAndKeepsListOrder() {
        Map<String, Object> m =
                Map.of("list", List.of("b", "a", List.of(), Map.of()), "n", 42L, "none", Arrays.asList((Object) null));
        assertThat(CanonicalJson.write(m)).isEqualTo("{\"list\":[\"b\",\"a\",[],{}],\"n\":42,\"none\":[null]}");
    }

    @Test
    void writesScalars() {
        assertThat(CanonicalJson.write(null)).isEqualTo("null");
        assertThat(CanonicalJson.write(true)).isEqualTo("true");
        assertThat(CanonicalJson.write(-7)).isEqualTo("-7");
        assertThat(CanonicalJson.write(9_000_000_000L)).isEqualTo("9000000000");
        assertThat(CanonicalJson.write("optOut")).isEqualTo("\"optOut\"");
    }

    @Test
    void rejectsWhatIsNotAJsonValue() {
        assertThatThrownBy(() -> CanonicalJson.write(Map.of("x", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON value");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "less than     | a<b      | \"a\\u003cb\"",
                "greater than  | a>b      | \"a\\u003eb\"",
                "ampersand     | a&b      | \"a\\u0026b\"",
                "script tag    | </script> | \"\\u003c/script\\u003e\"",
                "quote         | a\"b     | \"a\\\"b\"",
                "backslash     | a\\b     | \"a\\\\b\"",
                "non-ASCII     | é✓       | \"é✓\"",
            })
    void escapesLikeGo(String what, String input, String expected) {
        assertThat(CanonicalJson.write(input)).as(what).isEqualTo(expected);
    }

    @Test
    void escapesControlCharactersLikeGo() {
        assertThat(CanonicalJson.write("\n\r\t")).isEqualTo("\"\\n\\r\\t\"");
        assertThat(CanonicalJson.write("\u0000")).isEqualTo("\"\\u0000\"");
        assertThat(CanonicalJson.write("\u0001")).isEqualTo("\"\\u0001\"");
        assertThat(CanonicalJson.write("\u001f")).isEqualTo("\"\\u001f\"");
        assertThat(CanonicalJson.write("\u000b")).isEqualTo("\"\\u000b\"");
        // Go (1.22+) writes backspace and form feed with their short escapes.
        assertThat(CanonicalJson.write("\b\f")).isEqualTo("\"\\b\\f\"");
        // Line and paragraph separators are escaped (JavaScript safety); DEL and space are not.
        assertThat(CanonicalJson.write("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
        assertThat(CanonicalJson.write("\u007f ")).isEqualTo("\"\u007f \"");
    }

    /**
     * Checked against Terraform 1.11.4 on this machine:
     * {@code jsonencode("a\u0008b\u000cc\u0001d<e>f&g\u2028h\u2029i\u007fj\"k\\l\nm\rn\to")}.
     */
    @Test
    void matchesTerraformJsonencodeByteForByte() {
        String input = "a\bb\fc\u0001d<e>f&g\u2028h\u2029i\u007fj\"k\\l\nm\rn\to";
        String terraform = "\"a\\bb\\fc\\u0001d\\u003ce\\u003ef\\u0026g\\u2028h\\u2029i\u007fj\\\"k\\\\l\\nm\\rn\\to\"";
        assertThat(CanonicalJson.write(input)).isEqualTo(terraform);
        // Terraform: jsonencode({"b"=1,"a"={"d"=["x"],"c"="y"}})
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("b", 1);
        nested.put("a", Map.of("d", List.of("x"), "c", "y"));
        assertThat(CanonicalJson.write(nested)).isEqualTo("{\"a\":{\"c\":\"y\",\"d\":[\"x\"]},\"b\":1}");
    }

    @Test
    void escapesKeysToo() {
        assertThat(CanonicalJson.write(Map.of("<k>", "v"))).isEqualTo("{\"\\u003ck\\u003e\":\"v\"}");
    }

    @Test
    void everyEscapedStringReadsBackToTheOriginal() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        all.append("\u2028\u2029é€");
        String json = CanonicalJson.write(Map.of("k", all.toString()));
        assertThat(JsonTestSupport.tree(json).get("k").asText()).isEqualTo(all.toString());
        assertThat(json).doesNotContain("<", ">", "&", "\n", "\u2028");
    }
}
