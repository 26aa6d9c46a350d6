package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SuggestionsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "rekogniton, rekognition", // missing letter
        "rekognitoin, rekognition", // adjacent transposition counts as one edit
        "Rekognition, rekognition", // case
        "REKOGNITION, rekognition",
        "transcrbe, transcribe",
        "tranlsate, translate",
        "pollly, polly",
        "lexx, lex",
        "defualt, default",
        "codewhisper, codewhisperer",
        "guard-duty, guardduty",
    })
    void typosOfKnownKeys(String typo, String expected) {
        assertThat(Suggestions.closest(typo, ServiceKeys.KNOWN)).contains(expected);
        assertThat(ServiceKeys.closest(typo)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes", "sagemaker", "bedrock", "kiro", "q", "", "xyz"})
    void unrelatedWordsGetNoSuggestion(String word) {
        assertThat(Suggestions.closest(word, ServiceKeys.KNOWN)).isEmpty();
    }

    @Test
    void limitIsAThirdOfTheWordButAtLeastTwo() {
        List<String> candidates = List.of("abcdefghijkl"); // 12 letters
        // Input of 12 letters: 4 edits allowed.
        assertThat(Suggestions.closest("abcdefghWXYZ", candidates)).contains("abcdefghijkl");
        assertThat(Suggestions.closest("abcdefgVWXYZ", candidates)).isEmpty();
        // Short inputs still get 2 edits.
        assertThat(Suggestions.closest("ab", List.of("abcd"))).contains("abcd");
        assertThat(Suggestions.closest("ab", List.of("abcde"))).isEmpty();
    }

    @Test
    void picksTheNearestAndKeepsTheCandidatesSpelling() {
        assertThat(Suggestions.closest("color", List.of("Colour", "Collar"))).contains("Colour");
        assertThat(Suggestions.closest("anything", List.of())).isEmpty();
    }

    @Test
    void distanceIsOptimalStringAlignment() {
        assertThat(Suggestions.distance("", "")).isZero();
        assertThat(Suggestions.distance("abc", "abc")).isZero();
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
        assertThat(Suggestions.distance("ca", "abc")).isEqualTo(3); // OSA, not full Damerau (which gives 2)
        assertThat(Suggestions.distance("rekogniton", "rekognition")).isEqualTo(1);
    }
}
