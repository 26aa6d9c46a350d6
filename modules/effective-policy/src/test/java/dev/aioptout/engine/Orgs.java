package dev.aioptout.engine;

import dev.aioptout.policy.NodeKind;
import java.util.List;

/** Small organizations for tests, and AWS's example documents (docs/policy-semantics.md, section 6). */
final class Orgs {

    static final String ROOT_ID = "r-ab12";

    static final String EXAMPLE_1 = """
            {"services":{"@@operators_allowed_for_child_policies":["@@none"],
             "default":{"@@operators_allowed_for_child_policies":["@@none"],
              "opt_out_policy":{"@@operators_allowed_for_child_policies":["@@none"],"@@assign":"optOut"}}}}""";
    static final String EXAMPLE_2_PARENT =
            "{\"services\":{\"default\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],"
                    + "\"opt_out_policy\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],\"@@assign\":\"optOut\"}}}}";
    static final String EXAMPLE_2_CHILD = "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";
    static final String CREATE = "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}},"
            + "\"rekognition\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";

    private Orgs() {}

    static OrgNode root(List<String> policies, OrgNode... children) {
        return new OrgNode(NodeKind.ROOT, ROOT_ID, "Root", null, policies, List.of(children));
    }

    static OrgNode ou(String id, String name, List<String> policies, OrgNode... children) {
        return new OrgNode(NodeKind.ORGANIZATIONAL_UNIT, id, name, null, policies, List.of(children));
    }

    static OrgNode account(String id, String name, String... policies) {
        return OrgNode.account(id, name, List.of(policies));
    }

    static Organization org(boolean orderKnown, OrgNode root, OrgPolicy... policies) {
        return new Organization(
                "o-abcdefghij", ROOT_ID, List.of("AISERVICES_OPT_OUT_POLICY"), List.of(policies), root, orderKnown);
    }

    static Evaluation evaluate(boolean orderKnown, OrgNode root, OrgPolicy... policies) {
        return EffectivePolicyEngine.evaluate(org(orderKnown, root, policies));
    }

    static OrgPolicy policy(String id, String name, String content) {
        return new OrgPolicy(id, name, content);
    }

    /** {"services":{"KEY":{"opt_out_policy":{"@@assign":"VALUE"}}}}. */
    static String assign(String key, String value) {
        return "{\"services\":{\"" + key + "\":{\"opt_out_policy\":{\"@@assign\":\"" + value + "\"}}}}";
    }

    static AccountOutcome outcome(Evaluation evaluation, String accountId) {
        return evaluation.accounts().stream()
                .filter(a -> a.account().id().equals(accountId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for " + accountId));
    }
}
