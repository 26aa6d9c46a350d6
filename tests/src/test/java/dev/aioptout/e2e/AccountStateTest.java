package dev.aioptout.e2e;

import static dev.aioptout.e2e.VerifyTest.BASELINE;
import static dev.aioptout.e2e.VerifyTest.DEFAULT_LOCK_BASELINE;
import static dev.aioptout.e2e.VerifyTest.FOREIGN;
import static dev.aioptout.e2e.VerifyTest.FULL_BASELINE;
import static dev.aioptout.e2e.VerifyTest.LEX_OPT_IN;
import static dev.aioptout.e2e.VerifyTest.cli;
import static dev.aioptout.e2e.VerifyTest.verify;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aioptout.audit.testing.FaultInjectingProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;

/**
 * AWS retired the {@code Status} field of an account in favour of {@code State}. The emulator
 * still sends both, so a proxy in front of it rewrites its answers into the shape AWS sends today
 * ({@code State} only), the shape older answers had ({@code Status} only), and neither. verify
 * must evaluate every account in the first two, and call none compliant in the last.
 */
@ExtendWith(MotoExtension.class)
class AccountStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Each account object in a ListAccountsForParent answer without the named fields. */
    private static BinaryOperator<String> without(String... fields) {
        return (operation, body) -> {
            if (!operation.equals("ListAccountsForParent")) {
                return body;
            }
            try {
                JsonNode answer = JSON.readTree(body);
                answer.path("Accounts").forEach(a -> ((ObjectNode) a).remove(List.of(fields)));
                return JSON.writeValueAsString(answer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static Map<String, JsonNode> accounts(JsonNode report) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        report.get("accounts").forEach(a -> byId.put(a.get("id").asText(), a));
        return byId;
    }

    private static JsonNode check(JsonNode report, String id) {
        for (JsonNode c : report.get("checks")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no check " + id);
    }

    @Test
    void stateOnlyAnswersAreReadAndEveryAccountIsEvaluated(Emulator emulator) throws Exception {
        VerifyTest.TestOrg org = VerifyTest.TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(new int[] {2, 1});
        org.accounts(9);
        String closed = org.account(org.ous.get(1), "closing");
        org.close(closed);
        org.enableAiPolicies();
        org.attach(org.policy(BASELINE, FULL_BASELINE), org.rootId);

        try (FaultInjectingProxy stateOnly = FaultInjectingProxy.rewriting(emulator.endpoint(), without("Status"))) {
            VerifyTest.Run run = verify(stateOnly.endpoint());
            assertThat(run.exit()).as(run.err() + run.out()).isZero();
            JsonNode report = run.json();
            Map<String, JsonNode> accounts = accounts(report);
            assertThat(accounts.keySet()).isEqualTo(org.accountParent.keySet());
            accounts.forEach((id, a) -> {
                assertThat(a.get("state").asText()).as(id).isEqualTo(id.equals(closed) ? "SUSPENDED" : "ACTIVE");
                assertThat(a.get("compliant").asBoolean()).as(id).isTrue();
                assertThat(a.get("source").asText()).as(id).isEqualTo("engine");
            });
            assertThat(report.at("/summary/accounts").asInt()).isEqualTo(10);
            assertThat(report.at("/summary/compliant").asInt()).isEqualTo(10);
            assertThat(check(report, "accounts-effective-optout").get("message").asText())
                    .isEqualTo("all 10 accounts get the intended effective policy");

            // snapshot writes what it read as "state", and plan reads it back.
            Path file = dir.resolve("org.json");
            VerifyTest.Run snapshot =
                    cli("snapshot", "--endpoint-url", stateOnly.endpoint().toString(), "--output", file.toString());
            assertThat(snapshot.exit()).as(snapshot.err()).isZero();
            String written = Files.readString(file);
            assertThat(written)
                    .contains("\"state\": \"ACTIVE\"", "\"state\": \"SUSPENDED\"")
                    .doesNotContain("\"status\"");
        }

        // The answers of older days, with Status only, read the same.
        try (FaultInjectingProxy statusOnly = FaultInjectingProxy.rewriting(emulator.endpoint(), without("State"))) {
            VerifyTest.Run run = verify(statusOnly.endpoint());
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.json().at("/summary/compliant").asInt()).isEqualTo(10);
        }
    }

    @Test
    void stateOnlyAnswersStillFailAWeakenedOrganizationNamingTheAccounts(Emulator emulator) throws Exception {
        VerifyTest.TestOrg org = VerifyTest.TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(new int[] {2, 1});
        org.accounts(9);
        org.enableAiPolicies();
        org.attach(org.policy(BASELINE, DEFAULT_LOCK_BASELINE), org.rootId);
        String target = org.ous.get(0);
        String foreign = org.policy(FOREIGN, LEX_OPT_IN);
        org.attach(foreign, target);
        Set<String> affected = new HashSet<>(org.accountsUnder(target));
        assertThat(affected).isNotEmpty();

        try (FaultInjectingProxy stateOnly = FaultInjectingProxy.rewriting(emulator.endpoint(), without("Status"))) {
            VerifyTest.Run run = verify(stateOnly.endpoint());
            assertThat(run.exit()).as(run.err()).isEqualTo(1);
            JsonNode report = run.json();
            Set<String> nonCompliant = new HashSet<>();
            accounts(report).forEach((id, a) -> {
                assertThat(a.get("state").asText()).as(id).isEqualTo("ACTIVE");
                if (a.get("verdict").asText().equals("non-compliant")) {
                    nonCompliant.add(id);
                }
            });
            assertThat(nonCompliant).isEqualTo(affected);
            assertThat(check(report, "accounts-effective-optout").get("status").asText())
                    .isEqualTo("fail");
            assertThat(check(report, "no-unmanaged-weakening-policies")
                            .get("message")
                            .asText())
                    .contains(FOREIGN, foreign, target);

            // The text report names each of them.
            VerifyTest.Run text = verify(stateOnly.endpoint(), "--format", "text");
            assertThat(text.exit()).isEqualTo(1);
            for (String id : affected) {
                assertThat(text.out()).contains("✗ ").contains("(" + id + ", ACTIVE)");
            }
        }
    }

    @Test
    void accountsWithNeitherStateNorStatusAreUnverifiedNeverCompliant(Emulator emulator) throws Exception {
        VerifyTest.TestOrg org = VerifyTest.TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.accounts(4);
        org.enableAiPolicies();
        org.attach(org.policy(BASELINE, FULL_BASELINE), org.rootId);
        try (FaultInjectingProxy neither =
                FaultInjectingProxy.rewriting(emulator.endpoint(), without("State", "Status"))) {
            VerifyTest.Run run = verify(neither.endpoint());
            assertThat(run.exit()).as(run.err()).isEqualTo(3);
            JsonNode report = run.json();
            assertThat(report.get("compliant").asBoolean()).isFalse();
            assertThat(report.at("/summary/unverified").asInt()).isEqualTo(4);
            accounts(report).forEach((id, a) -> {
                assertThat(a.get("state").isNull()).as(id).isTrue();
                assertThat(a.get("source").asText()).isEqualTo("unverified");
                assertThat(a.get("notes").get(0).asText()).startsWith("unverified: its state is unknown");
            });
            assertThat(check(report, "accounts-effective-optout").get("status").asText())
                    .isEqualTo("error");
        }
    }
}
