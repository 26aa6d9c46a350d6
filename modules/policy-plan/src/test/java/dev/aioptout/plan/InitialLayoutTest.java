package dev.aioptout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.engine.AccountState;
import dev.aioptout.engine.EffectivePolicyEngine;
import dev.aioptout.engine.Evaluation;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.OrgPolicy;
import dev.aioptout.engine.Organization;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.PolicyDocumentParser;
import dev.aioptout.policy.Problem;
import dev.aioptout.testing.Gen;
import dev.aioptout.testing.SeededTries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code init}'s layout: it keeps every account's values and every lock the organization has,
 * proven the way validate --org proves it, or it is refused with the reason. A seeded generator of
 * organizations checks the round trip: init, then plan, shows every account as it is today.
 */
class InitialLayoutTest {

    static final LayoutOptions OPTIONS = new LayoutOptions(false, LocalDate.of(2026, 1, 15));

    static final String GUIDE = "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}}}}";
    static final String LEX_IN = "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";
    static final String LEX_OUT = "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}}}}";
    static final String DEFAULT_IN = "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";
    /** AWS's example 1: everything opted out and locked at all three levels. */
    static final String FULLY_LOCKED = "{\"services\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],"
            + "\"default\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],"
            + "\"opt_out_policy\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],\"@@assign\":\"optOut\"}}}}";

    /** Builds an organization: policies by id (name = id's suffix unless given), then the tree. */
    static final class Builder {
        final Map<String, OrgPolicy> policies = new LinkedHashMap<>();

        Builder policy(String id, String name, String content) {
            policies.put(id, new OrgPolicy(id, name, content));
            return this;
        }

        Organization root(List<String> attached, OrgNode... children) {
            OrgNode root = new OrgNode(NodeKind.ROOT, "r-ab12", "Root", null, attached, List.of(children));
            return new Organization(
                    "o-exampleorgid",
                    "r-ab12",
                    List.of("AISERVICES_OPT_OUT_POLICY"),
                    new ArrayList<>(policies.values()),
                    root,
                    false);
        }
    }

    static OrgNode ou(String id, String name, List<String> attached, OrgNode... children) {
        return new OrgNode(NodeKind.ORGANIZATIONAL_UNIT, id, name, null, attached, List.of(children));
    }

    static OrgNode account(String id, String name, String... attached) {
        return new OrgNode(NodeKind.ACCOUNT, id, name, AccountState.ACTIVE, List.of(attached), List.of());
    }

    static InitialLayout.Result init(Organization org) {
        return InitialLayout.from(org, "org.json", "ai-optout.yaml");
    }

    /**
     * What init promises: the file reads back, validate --org passes, plan shows every account
     * compliant with nothing unmanaged, every account ends up with exactly today's values, and the
     * adopted documents keep every lock they have.
     */
    static void assertKeepsEveryAccount(Organization org, InitialLayout.Result result) {
        assertThat(result.ok()).as(result.problems().toString()).isTrue();
        LayoutFile.Loaded loaded = LayoutFile.parse("ai-optout.yaml", result.text(), OPTIONS);
        assertThat(loaded.problems()).as(result.text()).noneMatch(Problem::isError);
        AgainstOrganization.Proven proven = AgainstOrganization.prove(loaded.layout(), org, "org.json");
        assertThat(proven.problems()).as(result.text()).isEmpty();
        Evaluation before = EffectivePolicyEngine.evaluate(org);
        Evaluation after = EffectivePolicyEngine.evaluate(proven.planned());
        for (int i = 0; i < before.accounts().size(); i++) {
            assertThat(after.accounts()
                            .get(i)
                            .effective()
                            .differencesFrom(before.accounts().get(i).effective()))
                    .as(before.accounts().get(i).account().id() + "\n" + result.text())
                    .isEmpty();
        }
        PlanOutcome report = new PlanOutcome(
                proven.planned(),
                Verdicts.judge(proven.plan().layout(), after),
                UnmanagedPolicies.of(proven.plan(), proven.planned(), after));
        assertThat(report.compliant()).as(report.verdicts().toString()).isTrue();
        assertThat(report.dependsOnUnmanaged()).isFalse();
        for (PlannedPolicy p : proven.plan().all()) {
            assertThat(p.adopt()).isNotNull();
            String old = org.policiesById().get(p.adopt()).content();
            assertThat(InitialLayout.droppedLock(
                            PolicyDocumentParser.parse(old, "old").document(), p.document()))
                    .as(p.adopt())
                    .isNull();
        }
    }

    static Problem onlyProblem(InitialLayout.Result result) {
        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).hasSize(1);
        return result.problems().get(0);
    }

    @Test
    void theGuidesRootPolicyIsTakenOverFullyLocked() {
        Organization org = new Builder()
                .policy("p-11111111", "guide-optout", GUIDE)
                .root(List.of("p-11111111"), account("111111111111", "mgmt"));
        InitialLayout.Result result = init(org);
        assertKeepsEveryAccount(org, result);
        assertThat(result.lock()).isEqualTo(LockLevel.FULL);
        assertThat(result.text()).isEqualTo("""
                        # Written by ai-optout init from org.json (organization o-exampleorgid).
                        # It takes over the AI opt-out policies the organization has (adopt), so that applying it
                        # changes their documents only by the lock below; their names, descriptions and tags become
                        # the layout's. Review it, then: ai-optout synth --org org.json
                        version: 1
                        layout: multi-ou
                        organization:
                          mode: adopt
                          id: o-exampleorgid
                        policy:
                          adopt: p-11111111  # "guide-optout", attached to the root
                          name: "guide-optout"
                          default: optOut
                          lock: full  # the narrowest lock that keeps every account's current values
                        attach:
                          - root
                        """);
        // Deterministic: the same organization gives the same bytes.
        assertThat(init(org).text()).isEqualTo(result.text());
    }

    @Test
    void anOuOptInBecomesAnAdoptedExceptionOnItsTargets() {
        Organization org = new Builder()
                .policy("p-11111111", "guide-optout", GUIDE)
                .policy("p-22222222", "Sandbox: Lex opt-in", LEX_IN)
                .root(
                        List.of("p-11111111"),
                        ou(
                                "ou-ab12-11111111",
                                "Work/loads",
                                List.of(),
                                ou(
                                        "ou-ab12-22222222",
                                        "Sandbox",
                                        List.of("p-22222222"),
                                        account("111111111111", "chatbot"))),
                        account("222222222222", "eval", "p-22222222"),
                        account("333333333333", "mgmt"));
        InitialLayout.Result result = init(org);
        assertKeepsEveryAccount(org, result);
        assertThat(result.lock()).isEqualTo(LockLevel.FULL);
        assertThat(result.text()).contains("""
                        exceptions:
                          - name: sandbox-lex-opt-in
                            adopt: p-22222222  # "Sandbox: Lex opt-in"
                            targets:
                              - ou-ab12-22222222  # OU /Work\\/loads/Sandbox
                              - "222222222222"  # account "eval" in /
                            services:
                              lex: optIn
                            reason: "imported from p-22222222; review"
                        """);
    }

    @Test
    void anOuThatChangesDefaultLeavesNoLockAndSaysWhy() {
        Organization org = new Builder()
                .policy("p-11111111", "guide-optout", GUIDE)
                .policy("p-22222222", "research-all-in", DEFAULT_IN)
                .root(
                        List.of("p-11111111"),
                        ou("ou-ab12-11111111", "Research", List.of("p-22222222"), account("111111111111", "lab")),
                        account("333333333333", "mgmt"));
        InitialLayout.Result result = init(org);
        assertKeepsEveryAccount(org, result);
        assertThat(result.lock()).isEqualTo(LockLevel.NONE);
        assertThat(result.notes())
                .anySatisfy(n -> assertThat(n).startsWith("lock: full would not do: "))
                .anySatisfy(n -> assertThat(n).startsWith("lock: default would not do: "));
        assertThat(result.text())
                .contains("  # lock: full would change an account: ")
                .contains("  # lock: default would change an account: ")
                .contains("  lock: none  #");
    }

    @Test
    void aRootPolicyWithoutDefaultCannotBeABaseline() {
        Organization org = new Builder()
                .policy("p-11111111", "lex-only", LEX_OUT)
                .root(List.of("p-11111111"), account("111111111111", "mgmt"));
        Problem p = onlyProblem(init(org));
        assertThat(p.location().file()).isEqualTo("org.json");
        assertThat(p.message())
                .isEqualTo("the root's policy \"lex-only\" (p-11111111) sets no value for \"default\", and a layout's"
                        + " baseline always does (accounts have no organization setting for services it does not name"
                        + " today)");
        assertThat(p.hint()).contains("\"default\": {\"opt_out_policy\": {\"@@assign\": \"optOut\"}}");
    }

    @Test
    void severalPoliciesAtTheRootAreOneTooMany() {
        Organization org = new Builder()
                .policy("p-11111111", "a", GUIDE)
                .policy("p-22222222", "b", LEX_OUT)
                .root(List.of("p-11111111", "p-22222222"), account("111111111111", "mgmt"));
        Problem p = onlyProblem(init(org));
        assertThat(p.message())
                .isEqualTo("2 AI opt-out policies are attached to the root: \"a\" (p-11111111), \"b\" (p-22222222)");
        assertThat(p.hint()).contains("merge them into one policy and detach the others");
    }

    @Test
    void withoutAPolicyAtTheRootThereIsNoBaselineToTakeOver() {
        Problem none = onlyProblem(init(new Builder().root(List.of(), account("111111111111", "mgmt"))));
        assertThat(none.message())
                .isEqualTo(
                        "the organization has no AI opt-out policy attached anywhere: there is nothing to take over");
        assertThat(none.hint()).contains("ai-optout synth creates the policy");
        Problem ouOnly = onlyProblem(init(new Builder()
                .policy("p-22222222", "lex", LEX_IN)
                .root(List.of(), ou("ou-ab12-11111111", "A", List.of("p-22222222"), account("111111111111", "x")))));
        assertThat(ouOnly.message())
                .isEqualTo("no AI opt-out policy is attached to the root, and a layout's baseline always is");
    }

    @Test
    void aPolicyAwsIgnoresTodayCannotBecomeAnExceptionThatTakesEffect() {
        // The root is fully locked, so the OU's opt-in does nothing today; as an exception it would open a door.
        Organization org = new Builder()
                .policy("p-11111111", "locked", FULLY_LOCKED)
                .policy("p-22222222", "lex-in", LEX_IN)
                .root(
                        List.of("p-11111111"),
                        ou("ou-ab12-11111111", "A", List.of("p-22222222"), account("111111111111", "x")));
        Problem p = onlyProblem(init(org));
        assertThat(p.message())
                .startsWith("a change AWS ignores today, for 1 account: policy \"lex-in\" (p-22222222) attached to"
                        + " \"A\" (ou-ab12-11111111) adds service key \"lex\"");
        assertThat(p.hint()).contains("detach it (it changes nothing there today)");
    }

    @Test
    void anOutcomeThatIsNotKnownTodayCannotBeKept() {
        Organization org = new Builder()
                .policy("p-11111111", "guide", GUIDE)
                .policy("p-22222222", "lex-in", LEX_IN)
                .policy("p-33333333", "lex-out", LEX_OUT)
                .root(
                        List.of("p-11111111"),
                        ou(
                                "ou-ab12-11111111",
                                "A",
                                List.of("p-22222222", "p-33333333"),
                                account("111111111111", "x"),
                                account("222222222222", "y")));
        Problem p = onlyProblem(init(org));
        assertThat(p.message())
                .startsWith("the current outcome of 2 accounts is not known, so no layout can keep it: ")
                .contains("the attachment order is not known");
        assertThat(p.hint()).contains("merge the two policies into one");
    }

    @Test
    void aPolicyWithControlsOnlyIsNotAnException() {
        String lockLexOnly =
                "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"]}}}}";
        Organization org = new Builder()
                .policy("p-11111111", "guide", GUIDE)
                .policy("p-22222222", "lock-lex", lockLexOnly)
                .root(
                        List.of("p-11111111"),
                        ou("ou-ab12-11111111", "A", List.of("p-22222222"), account("111111111111", "x")));
        Problem p = onlyProblem(init(org));
        assertThat(p.message())
                .isEqualTo("policy \"lock-lex\" (p-22222222) sets no value (it only has child controls), and a layout's"
                        + " exception sets at least one");
    }

    @Test
    void aLockTheOrganizationHasIsNeverDropped() {
        // The root locks adding service keys but not "default", which an OU changes: only lock: none keeps that
        // OU's value, and lock: none would drop the lock on adding service keys.
        String servicesLocked = "{\"services\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],"
                + "\"default\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}}}}";
        Organization org = new Builder()
                .policy("p-11111111", "root", servicesLocked)
                .policy("p-22222222", "all-in", DEFAULT_IN)
                .root(
                        List.of("p-11111111"),
                        ou("ou-ab12-11111111", "A", List.of("p-22222222"), account("111111111111", "x")),
                        account("222222222222", "y"));
        InitialLayout.Result result = init(org);
        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).hasSize(3);
        assertThat(result.problems().get(2).message())
                .isEqualTo("no layout keeps every account as it is: with lock: none, policy \"root\" (p-11111111)"
                        + " locks adding service keys (\"services\") today, which the layout's document would not");
    }

    @Test
    void policiesAttachedNowhereAreLeftOutAndNamed() {
        Organization org = new Builder()
                .policy("p-11111111", "guide", GUIDE)
                .policy("p-99999999", "old", LEX_IN)
                .root(List.of("p-11111111"), account("111111111111", "x"));
        InitialLayout.Result result = init(org);
        assertKeepsEveryAccount(org, result);
        assertThat(result.text()).doesNotContain("p-99999999");
        assertThat(result.notes())
                .containsExactly("policy \"old\" (p-99999999) is attached nowhere, so it decides nothing: left out"
                        + " (delete it if it is not needed)");
    }

    @Test
    void aRootPolicyNameALayoutCannotHoldGivesWayToTheDefaultName() {
        Organization org = new Builder()
                .policy("p-11111111", "opt ${out}", GUIDE)
                .root(List.of("p-11111111"), account("111111111111", "x"));
        InitialLayout.Result result = init(org);
        assertKeepsEveryAccount(org, result);
        assertThat(result.text()).contains("  name: \"ai-optout-all-services\"\n");
        assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("is named ai-optout-all-services"));
    }

    // ---- random organizations ----

    static final List<String> KEYS = List.of("default", "lex", "rekognition", "polly");

    record Generated(Organization org, String description) {}

    /** A document with 1 or 2 keys (the root's always with default), sometimes with child controls. */
    static String document(Gen g, boolean root) {
        StringBuilder services = new StringBuilder();
        List<String> keys = new ArrayList<>(g.subset(KEYS, 1, 2));
        if (root && !keys.contains("default") && g.chance(0.9)) {
            keys.add(0, "default");
        }
        if (g.chance(root ? 0.3 : 0.05)) {
            services.append("\"@@operators_allowed_for_child_policies\":[\"")
                    .append(g.oneOf("@@none", "@@assign"))
                    .append("\"],");
        }
        for (int i = 0; i < keys.size(); i++) {
            String control = g.chance(root ? 0.3 : 0.1)
                    ? "\"@@operators_allowed_for_child_policies\":[\"" + g.oneOf("@@none", "@@assign") + "\"],"
                    : "";
            services.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(keys.get(i))
                    .append("\":{\"opt_out_policy\":{")
                    .append(control)
                    .append("\"@@assign\":\"")
                    .append(g.oneOf("optOut", "optIn"))
                    .append("\"}}");
        }
        return "{\"services\":{" + services + "}}";
    }

    static Generated generate(Gen g) {
        Builder builder = new Builder();
        List<String> pool = new ArrayList<>();
        AtomicInteger ids = new AtomicInteger();
        StringBuilder description = new StringBuilder();
        List<String> rootPolicies = new ArrayList<>();
        int atRoot = g.weighted(Gen.weight(1, () -> 0), Gen.weight(16, () -> 1), Gen.weight(1, () -> 2));
        for (int i = 0; i < atRoot; i++) {
            String id = newPolicy(g, builder, pool, ids, true, description);
            rootPolicies.add(id);
        }
        List<OrgNode> children = children(g, builder, pool, ids, 1, description);
        Organization org = builder.root(rootPolicies, children.toArray(OrgNode[]::new));
        description.append("root: ").append(rootPolicies).append('\n').append(org.root());
        return new Generated(org, description.toString());
    }

    private static List<OrgNode> children(
            Gen g, Builder builder, List<String> pool, AtomicInteger ids, int depth, StringBuilder description) {
        List<OrgNode> out = new ArrayList<>();
        int ous = depth > 3 ? 0 : g.between(0, 3 - depth + 1);
        for (int i = 0; i < ous; i++) {
            int n = ids.incrementAndGet();
            out.add(ou(
                    "ou-ab12-%08d".formatted(n),
                    g.oneOf("Prod", "Dev", "Sand/box", "Prod"),
                    attached(g, builder, pool, ids, description),
                    children(g, builder, pool, ids, depth + 1, description).toArray(OrgNode[]::new)));
        }
        int accounts = g.between(depth == 1 ? 1 : 0, 2);
        for (int i = 0; i < accounts; i++) {
            int n = ids.incrementAndGet();
            out.add(new OrgNode(
                    NodeKind.ACCOUNT,
                    "%012d".formatted(n),
                    "account-" + n,
                    AccountState.ACTIVE,
                    attached(g, builder, pool, ids, description),
                    List.of()));
        }
        return out;
    }

    private static List<String> attached(
            Gen g, Builder builder, List<String> pool, AtomicInteger ids, StringBuilder description) {
        List<String> out = new ArrayList<>();
        if (g.chance(0.3)) {
            out.add(
                    !pool.isEmpty() && g.chance(0.25)
                            ? g.oneOf(pool)
                            : newPolicy(g, builder, pool, ids, false, description));
        }
        if (g.chance(0.05)) {
            String second = newPolicy(g, builder, pool, ids, false, description);
            out.add(second);
        }
        return out;
    }

    private static String newPolicy(
            Gen g, Builder builder, List<String> pool, AtomicInteger ids, boolean root, StringBuilder description) {
        String id = "p-%08d".formatted(ids.incrementAndGet());
        String content = document(g, root);
        builder.policy(id, "policy " + id, content);
        if (!root) {
            pool.add(id);
        }
        description.append(id).append(' ').append(content).append('\n');
        return id;
    }

    @Test
    void initThenPlanKeepsEveryAccountOnRandomOrganizations() {
        AtomicInteger written = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Map<LockLevel, Integer> locks = new LinkedHashMap<>();
        SeededTries.check(0x1117A11L, 300, InitialLayoutTest::generate, Generated::description, g -> {
            InitialLayout.Result result = init(g.org());
            if (result.ok()) {
                assertKeepsEveryAccount(g.org(), result);
                assertThat(init(g.org()).text()).isEqualTo(result.text());
                written.incrementAndGet();
                locks.merge(result.lock(), 1, Integer::sum);
            } else {
                assertThat(result.problems()).isNotEmpty().allSatisfy(p -> {
                    assertThat(p.isError()).isTrue();
                    assertThat(p.hint()).isNotBlank();
                });
                refused.incrementAndGet();
            }
        });
        // Both paths are exercised, and every lock level is chosen somewhere.
        assertThat(written.get()).as("written").isGreaterThan(100);
        assertThat(refused.get()).as("refused").isGreaterThan(10);
        assertThat(locks.keySet()).as(locks.toString()).containsExactlyInAnyOrder(LockLevel.values());
    }
}
