package dev.aioptout.audit;

import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptOutDocuments;
import dev.aioptout.policy.OptValue;
import java.util.Map;
import java.util.Set;

/** Policy documents the tests put in front of the code. */
final class Documents {

    static final String BASELINE_NAME = "ai-optout-all-services";
    /** The secure default's baseline: every service opted out, fully locked. */
    static final String FULL_BASELINE = OptOutDocuments.baseline(OptValue.OPT_OUT, Map.of(), LockLevel.FULL, Set.of())
            .toCanonicalJson();
    /** A policy written by someone else: opts Lex in. */
    static final String LEX_OPT_IN = "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";

    private Documents() {}

    /** DescribeEffectivePolicy's PolicyContent: every service the value. */
    static String effective(String value) {
        return "{\"services\":{\"default\":{\"opt_out_policy\":\"" + value + "\"}}}";
    }
}
