package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrettyJsonTest {

    @Test
    void aLoneSurrogateIsEscapedSoTheTextCanBeWrittenAsUtf8AndReadsBackTheSame() throws Exception {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", "bad\uD800name, good \uD83D\uDE00");
        String json = PrettyJson.write(tree);
        assertThat(json).contains("bad\\ud800name").contains("good \uD83D\uDE00");
        // Encodable as UTF-8 (a lone surrogate is not), and the same string when read back.
        try {
            StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(json));
        } catch (CharacterCodingException e) {
            throw new AssertionError("not writable as UTF-8: " + json, e);
        }
        assertThat(new ObjectMapper().readTree(json).get("name").asText()).isEqualTo(tree.get("name"));
    }

    @Test
    void ordinaryTextIsUnchanged() {
        assertThat(PrettyJson.write(Map.of("a", "ü 日本 \uD83D\uDE00")))
                .isEqualTo("{\n  \"a\": \"ü 日本 \uD83D\uDE00\"\n}\n");
    }
}
