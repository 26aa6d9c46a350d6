package dev.aioptout.policy;

/**
 * AWS's example documents from its AI opt-out pages (docs/policy-semantics.md, section 6), written
 * compactly; Example 1 keeps line breaks, which the parser must accept.
 */
final class DocExamples {

    /** Example 1: everything opted out and locked at all three levels. */
    static final String EXAMPLE_1 = """
            {"services":{"@@operators_allowed_for_child_policies":["@@none"],
             "default":{"@@operators_allowed_for_child_policies":["@@none"],
              "opt_out_policy":{"@@operators_allowed_for_child_policies":["@@none"],"@@assign":"optOut"}}}}""";

    /** Example 2, the parent: default locked, per-service keys still allowed. */
    static final String EXAMPLE_2_PARENT =
            "{\"services\":{\"default\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],"
                    + "\"opt_out_policy\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],\"@@assign\":\"optOut\"}}}}";

    /** Example 2, the child on an account. */
    static final String EXAMPLE_2_CHILD = "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";

    /** The create example: everything opted out except Rekognition. */
    static final String CREATE = "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}},"
            + "\"rekognition\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";

    private DocExamples() {}
}
