package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServiceKeysTest {

    @Test
    void knownKeysAreTheDocumentedTwenty() {
        assertThat(ServiceKeys.KNOWN)
                .containsExactly(
                        "aidevops",
                        "aiops",
                        "awssupplychain",
                        "chimesdkvoiceanalytics",
                        "cloudwatch",
                        "codeguruprofiler",
                        "codewhisperer",
                        "comprehend",
                        "connectamd",
                        "connectoptimization",
                        "contactlens",
                        "default",
                        "frauddetector",
                        "guardduty",
                        "lex",
                        "polly",
                        "rekognition",
                        "textract",
                        "transcribe",
                        "translate");
        assertThatThrownBy(() -> ServiceKeys.KNOWN.add("bedrock")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void isKnownIsExact() {
        assertThat(ServiceKeys.isKnown("default")).isTrue();
        assertThat(ServiceKeys.isKnown("rekognition")).isTrue();
        assertThat(ServiceKeys.isKnown("Rekognition")).isFalse();
        assertThat(ServiceKeys.isKnown("rekogniton")).isFalse();
        // Product names without a confirmed key.
        assertThat(ServiceKeys.isKnown("kiro")).isFalse();
        assertThat(ServiceKeys.isKnown("q")).isFalse();
    }
}
