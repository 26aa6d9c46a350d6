package dev.aioptout.policy;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The service keys AWS documents for AI opt-out policies (docs/policy-semantics.md, sections 1 and 5.5). AWS adds
 * services over time, so an unknown key is a warning by default, not an error.
 */
public final class ServiceKeys {

    public static final SortedSet<String> KNOWN =
            java.util.Collections.unmodifiableSortedSet(new TreeSet<>(java.util.List.of(
                    "default",
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
                    "frauddetector",
                    "guardduty",
                    "lex",
                    "polly",
                    "rekognition",
                    "textract",
                    "transcribe",
                    "translate")));

    private ServiceKeys() {}

    public static boolean isKnown(String key) {
        return KNOWN.contains(key);
    }

    /** The known key nearest to a misspelt one, when it is near enough to be a typo. */
    public static Optional<String> closest(String key) {
        return Suggestions.closest(key, KNOWN);
    }
}
