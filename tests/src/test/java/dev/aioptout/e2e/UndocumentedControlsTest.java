package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aioptout.audit.testing.FakeOrganizations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Existing AI policies whose child controls name operators AWS does not document for this type
 * ({@code @@append}, {@code @@remove}): verify must not guess what they allow. Accounts whose
 * outcome depends on one are unverified, naming the policy; a lock that rests on one is not called
 * in place. Served by {@link FakeOrganizations}.
 */
class UndocumentedControlsTest {

    private static final String CONTROL = "\"@@operators_allowed_for_child_policies\"";

    private FakeOrganizations aws;

    @BeforeEach
    void start() throws Exception {
        aws = new FakeOrganizations();
        aws.accounts.add(new FakeOrganizations.Account("222222222222", "team-1", aws.rootId, "ACTIVE"));
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private static Map<String, JsonNode> checks(JsonNode report) {
        Map<String, JsonNode> byId = new HashMap<>();
        report.get("checks").forEach(c -> byId.put(c.get("id").asText(), c));
        return byId;
    }

    @Test
    void anAccountWhoseValueAnAppendControlDecidesIsUnverifiedNamingThePolicy() {
        aws.policies.add(new FakeOrganizations.Policy(
                "p-baseline01",
                VerifyTest.BASELINE,
                "baseline",
                VerifyTest.DEFAULT_LOCK_BASELINE,
                List.of(aws.rootId)));
        aws.policies.add(new FakeOrganizations.Policy(
                "p-append0001",
                "legacy-append",
                "legacy",
                "{\"services\":{\"lex\":{\"opt_out_policy\":{" + CONTROL
                        + ":[\"@@append\"],\"@@assign\":\"optOut\"}}}}",
                List.of(aws.rootId)));
        aws.policies.add(new FakeOrganizations.Policy(
                "p-teamlex01", "team-lex", "team", VerifyTest.LEX_OPT_IN, List.of("222222222222")));

        VerifyTest.Run run = VerifyTest.verify(aws.endpoint());
        JsonNode report = run.json();
        assertThat(report.get("compliant").asBoolean()).isFalse();
        for (JsonNode a : report.get("accounts")) {
            String id = a.get("id").asText();
            if (id.equals("222222222222")) {
                assertThat(a.get("verdict").asText()).isEqualTo("unverified");
                assertThat(a.get("source").asText()).isEqualTo("unverified");
                assertThat(a.get("notes").get(0).asText())
                        .startsWith("unverified: ")
                        .contains("team-lex", "legacy-append", "p-append0001", "@@append", "not known");
            } else {
                assertThat(a.get("verdict").asText()).as(id).isEqualTo("compliant");
            }
        }
        assertThat(report.at("/summary/unverified").asInt()).isEqualTo(1);

        VerifyTest.Run text = VerifyTest.verify(aws.endpoint(), "--format", "text");
        assertThat(text.out()).contains("? team-1 (222222222222, ACTIVE)", "legacy-append", "@@append");
    }

    @Test
    void aLockThatRestsOnAnUndocumentedOperatorIsNotCalledInPlace() {
        aws.policies.add(new FakeOrganizations.Policy(
                "p-append0002",
                "legacy-lock",
                "legacy",
                "{\"services\":{" + CONTROL + ":[\"@@none\"],\"default\":{\"opt_out_policy\":{" + CONTROL
                        + ":[\"@@append\"],\"@@assign\":\"optOut\"}}}}",
                List.of(aws.rootId)));
        VerifyTest.Run run = VerifyTest.verify(aws.endpoint());
        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        Map<String, JsonNode> checks = checks(run.json());
        assertThat(checks.get("child-override-locked").get("status").asText()).isEqualTo("error");
        assertThat(checks.get("child-override-locked").get("message").asText())
                .contains("\"default\"", "legacy-lock", "p-append0002", "does not document");
        checks.forEach((id, c) -> {
            if (!id.equals("child-override-locked")) {
                assertThat(c.get("status").asText()).as(id + c).isIn("pass", "skip");
            }
        });
    }
}
