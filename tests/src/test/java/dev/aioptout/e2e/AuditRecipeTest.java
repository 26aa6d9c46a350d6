package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.audit.testing.FaultInjectingProxy;
import dev.aioptout.e2e.VerifyTest.Run;
import dev.aioptout.e2e.VerifyTest.TestOrg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;

/**
 * What the scheduled-audit recipes in examples/ci rely on, against the emulator: the audit role's
 * IAM policy allows exactly the Organizations calls {@code verify} and {@code snapshot} make (taken
 * from the requests they send, so a call added to the code without the policy fails here), and the
 * SARIF they upload points every result at a file, which GitHub code scanning requires.
 */
@ExtendWith(MotoExtension.class)
class AuditRecipeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final Path ROLE_POLICY = E2e.root().resolve("examples/ci/audit-role-policy.json");

    /** The X-Amz-Target prefix of AWS Organizations; every operation of it is authorised as organizations:<Operation>. */
    private static final String ORGANIZATIONS = "AWSOrganizationsV20161128.";

    @TempDir
    Path dir;

    @Test
    void theAuditRolePolicyAllowsExactlyTheOrganizationsCallsOfVerifyAndSnapshot(Emulator emulator) throws Exception {
        // The full lock makes the foreign policy change nothing: every check passes.
        TestOrg org = withForeignLexPolicy(emulator, VerifyTest.FULL_BASELINE);
        Path layout = dir.resolve("ai-optout.yaml");
        Files.writeString(layout, VerifyTest.exampleLayout(org));

        // The emulator implements neither DescribeEffectivePolicy nor ListAccountsWithInvalidEffectivePolicy. The
        // proxy answers both as AWS would, with each account's effective policy as the engine computed it in a first
        // run: this test is about which calls are made, not about what the cross-check concludes.
        Run plain = VerifyTest.verify(emulator.endpoint(), "--config", layout.toString(), "--cross-check=none");
        assertThat(plain.exit()).as(plain.err()).isZero();
        Map<String, String> effective = AwsAnswers.effective(plain.json());
        assertThat(effective).hasSize(org.accountParent.size());

        Map<String, Function<String, String>> answers = AwsAnswers.crossCheck(effective);
        Map<String, Integer> requests;
        try (FaultInjectingProxy proxy = FaultInjectingProxy.answering(emulator.endpoint(), answers)) {
            Run verify = VerifyTest.verify(proxy.endpoint(), "--config", layout.toString(), "--cross-check=all");
            assertThat(verify.exit()).as(verify.err()).isZero();
            JsonNode checks = checks(verify.json());
            // Every check ran to its end: the cross-check asked about every account and found nothing invalid.
            assertThat(checks.get("effective-policy-cross-check").get("status").asText())
                    .as(checks.toString())
                    .isEqualTo("pass");
            assertThat(checks.get("effective-policy-cross-check").get("message").asText())
                    .contains("for " + effective.size() + " account(s)");
            assertThat(checks.get("no-invalid-effective-policies").get("status").asText())
                    .isEqualTo("pass");

            Path snapshotFile = dir.resolve("org.json");
            Run snapshot = VerifyTest.cli(
                    "snapshot", "--endpoint-url", proxy.endpoint().toString(), "--output", snapshotFile.toString());
            assertThat(snapshot.exit()).as(snapshot.err()).isZero();
            assertThat(JSON.readTree(snapshotFile.toFile())
                            .get("organizationId")
                            .asText())
                    .isEqualTo(org.id);
            requests = proxy.requestsByTarget();
        }

        Set<String> called = new TreeSet<>();
        requests.keySet().forEach(target -> {
            assertThat(target)
                    .as("a request to another service than Organizations")
                    .startsWith(ORGANIZATIONS);
            called.add("organizations:" + target.substring(ORGANIZATIONS.length()));
        });
        assertThat(called)
                .as("the calls made include the cross-check's")
                .contains(
                        "organizations:DescribeEffectivePolicy",
                        "organizations:ListAccountsWithInvalidEffectivePolicy");

        Set<String> allowed = organizationsActions(ROLE_POLICY);
        Set<String> missing = new TreeSet<>(called);
        missing.removeAll(allowed);
        Set<String> extra = new TreeSet<>(allowed);
        extra.removeAll(called);
        assertThat(missing)
                .as("called by verify or snapshot but not in " + ROLE_POLICY)
                .isEmpty();
        assertThat(extra).as("in " + ROLE_POLICY + " but never called").isEmpty();
    }

    @Test
    void theSarifTheRecipesUploadPointsEveryResultAtTheLayoutFile(Emulator emulator) throws Exception {
        // Under a lock on "default" only, the foreign policy opts its OU's accounts in to Lex: findings to report.
        TestOrg org = withForeignLexPolicy(emulator, VerifyTest.DEFAULT_LOCK_BASELINE);
        // Named relative to the working directory, as the recipes name ai-optout.yaml relative to the checkout.
        Path layoutFile =
                Files.createDirectories(E2e.buildDir().resolve("recipes")).resolve("ai-optout.yaml");
        Files.writeString(layoutFile, VerifyTest.exampleLayout(org).replace("lock: full", "lock: default"));
        String relative =
                Path.of("").toAbsolutePath().relativize(layoutFile).toString().replace(java.io.File.separatorChar, '/');

        Run run = VerifyTest.verify(emulator.endpoint(), "--config", relative, "--format", "sarif");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode results = run.json().get("runs").get(0).get("results");
        assertThat(results.size())
                .as("findings: failing checks and non-compliant accounts")
                .isGreaterThan(1);
        for (JsonNode r : results) {
            JsonNode location = r.get("locations").get(0);
            assertThat(location.at("/physicalLocation/artifactLocation/uri").asText())
                    .as(r.toString())
                    .isEqualTo(relative);
            assertThat(location.at("/logicalLocations/0/fullyQualifiedName").asText())
                    .as(r.toString())
                    .isNotEmpty();
        }
    }

    /**
     * Three OUs and nine accounts; the baseline at the root, and a second AI policy, one the layout does not manage,
     * on an OU (so the per-policy calls happen more than once).
     */
    static TestOrg withForeignLexPolicy(Emulator emulator, String baseline) {
        TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(new int[] {2, 1});
        org.accounts(9);
        org.enableAiPolicies();
        org.attach(org.policy(VerifyTest.BASELINE, baseline), org.rootId);
        org.attach(org.policy(VerifyTest.FOREIGN, VerifyTest.LEX_OPT_IN), org.ous.get(0));
        return org;
    }

    private static JsonNode checks(JsonNode report) {
        Map<String, JsonNode> byId = new HashMap<>();
        report.get("checks").forEach(c -> byId.put(c.get("id").asText(), c));
        return JSON.valueToTree(byId);
    }

    /**
     * The organizations:* actions the policy allows. Only plain Allow statements on every resource with named
     * actions are accepted: a wildcard, a NotAction or a Deny would make "exactly these actions" meaningless.
     */
    static Set<String> organizationsActions(Path policyFile) throws Exception {
        JsonNode policy = JSON.readTree(policyFile.toFile());
        assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
        Set<String> actions = new TreeSet<>();
        for (JsonNode statement : policy.get("Statement")) {
            assertThat(statement.get("Effect").asText())
                    .as(statement.toString())
                    .isEqualTo("Allow");
            assertThat(statement.has("NotAction")).as(statement.toString()).isFalse();
            assertThat(statement.get("Resource").asText())
                    .as(statement.toString())
                    .isEqualTo("*");
            JsonNode action = statement.get("Action");
            for (JsonNode a : action.isArray() ? action : JSON.createArrayNode().add(action)) {
                String name = a.asText();
                assertThat(name).as("a named Organizations action").startsWith("organizations:");
                assertThat(name).as("no wildcard").doesNotContain("*", "?");
                assertThat(actions.add(name)).as("listed twice: " + name).isTrue();
            }
        }
        return actions;
    }
}
