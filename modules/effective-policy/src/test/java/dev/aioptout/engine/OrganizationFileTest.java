package dev.aioptout.engine;

import static dev.aioptout.engine.Orgs.assign;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.SourceLocation;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrganizationFileTest {

    private static final String FILE = "org.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The example from the issue, verbatim. */
    static final String ISSUE_EXAMPLE = """
            {"organizationId": "o-exampleorgid", "rootId": "r-ab12",
             "enabledPolicyTypes": ["SERVICE_CONTROL_POLICY"],
             "policies": [{"id": "p-11111111", "name": "legacy", "content": "{\\"services\\":{}}"}],
             "root": {"id": "r-ab12", "name": "Root", "policies": ["p-11111111"], "children": [
               {"type": "ORGANIZATIONAL_UNIT", "id": "ou-ab12-11111111", "name": "Prod", "policies": [],
                "children": [{"type": "ACCOUNT", "id": "111111111111", "name": "prod-1", "status": "ACTIVE", "policies": []}]}]}}
            """;

    private static OrganizationFile.Read read(String text) {
        return OrganizationFile.read(FILE, text);
    }

    /** The file must be refused, with exactly one error, at this field, saying this. */
    private static Problem onlyError(String text) {
        OrganizationFile.Read read = read(text);
        assertThat(read.ok()).as("read should fail: %s", read.problems()).isFalse();
        assertThat(read.organization()).isNull();
        List<Problem> errors = read.problems().stream().filter(Problem::isError).toList();
        assertThat(errors).as(read.problems().toString()).hasSize(1);
        return errors.get(0);
    }

    /** A valid file around one root node's children, with the given policies listed. */
    private static String withChildren(String policies, String rootPolicies, String children) {
        return """
                {"organizationId": "o-exampleorgid", "rootId": "r-ab12", "enabledPolicyTypes": [],
                 "policies": [%s],
                 "root": {"id": "r-ab12", "name": "Root", "policies": [%s], "children": [%s]}}
                """.formatted(policies, rootPolicies, children);
    }

    private static String withChildren(String children) {
        return withChildren("", "", children);
    }

    private static String policyJson(String id, String name, String content) {
        return "{\"id\": \"" + id + "\", \"name\": \"" + name + "\", \"content\": " + JSON.valueToTree(content) + "}";
    }

    @Nested
    class Reading {

        @Test
        void theIssuesExampleReads() {
            OrganizationFile.Read read = read(ISSUE_EXAMPLE);
            assertThat(read.ok()).as(read.problems().toString()).isTrue();
            assertThat(read.problems()).isEmpty();
            Organization org = read.organization();
            assertThat(org.organizationId()).isEqualTo("o-exampleorgid");
            assertThat(org.rootId()).isEqualTo("r-ab12");
            assertThat(org.enabledPolicyTypes()).containsExactly("SERVICE_CONTROL_POLICY");
            assertThat(org.policies()).containsExactly(new OrgPolicy("p-11111111", "legacy", "{\"services\":{}}"));
            // A file read from a live organization does not know the attachment order.
            assertThat(org.attachmentOrderKnown()).isFalse();
            assertThat(org.appended()).isEmpty();

            OrgNode root = org.root();
            assertThat(root.kind()).isEqualTo(NodeKind.ROOT);
            assertThat(root.id()).isEqualTo("r-ab12");
            assertThat(root.name()).isEqualTo("Root");
            assertThat(root.policyIds()).containsExactly("p-11111111");
            assertThat(root.children()).singleElement().satisfies(prod -> {
                assertThat(prod.kind()).isEqualTo(NodeKind.ORGANIZATIONAL_UNIT);
                assertThat(prod.id()).isEqualTo("ou-ab12-11111111");
                assertThat(prod.name()).isEqualTo("Prod");
                assertThat(prod.state()).isNull();
                assertThat(prod.policyIds()).isEmpty();
                assertThat(prod.children())
                        .containsExactly(new OrgNode(
                                NodeKind.ACCOUNT, "111111111111", "prod-1", AccountState.ACTIVE, List.of(), List.of()));
            });
        }

        @Test
        void theIssuesExampleEvaluates() {
            Evaluation ev = EffectivePolicyEngine.evaluate(read(ISSUE_EXAMPLE).organization());
            assertThat(ev.policyProblems()).isEmpty();
            assertThat(ev.accounts()).singleElement().satisfies(a -> {
                assertThat(a.account().id()).isEqualTo("111111111111");
                assertThat(a.pathNames()).containsExactly("Root", "Prod");
                assertThat(a.effective().toJson()).isEqualTo("{\"services\":{}}");
            });
        }

        @Test
        void policiesAreKeptInAttachmentOrderAsListed() {
            String text = withChildren(
                    policyJson("p-22222222", "b", assign("lex", "optIn")) + ", "
                            + policyJson("p-11111111", "a", assign("lex", "optOut")),
                    "\"p-22222222\", \"p-11111111\"",
                    "");
            Organization org = read(text).organization();
            assertThat(org.policies()).extracting(OrgPolicy::id).containsExactly("p-22222222", "p-11111111");
            assertThat(org.root().policyIds()).containsExactly("p-22222222", "p-11111111");
        }

        private AccountState stateOf(String fields) {
            String text = withChildren("{\"type\": \"ACCOUNT\", \"id\": \"111111111111\", \"name\": \"a\", " + fields
                    + (fields.isEmpty() ? "" : ", ") + "\"policies\": []}");
            OrganizationFile.Read read = read(text);
            assertThat(read.problems()).isEmpty();
            return read.organization().root().children().get(0).state();
        }

        @Test
        void stateIsReadAndTheRetiredStatusOnlyWhereStateIsAbsent() {
            assertThat(stateOf("\"state\": \"PENDING_CLOSURE\"")).isEqualTo(AccountState.PENDING_CLOSURE);
            assertThat(stateOf("\"status\": \"SUSPENDED\"")).isEqualTo(AccountState.SUSPENDED);
            assertThat(stateOf("\"state\": \"CLOSED\", \"status\": \"SUSPENDED\""))
                    .isEqualTo(AccountState.CLOSED);
            assertThat(stateOf("\"state\": null, \"status\": \"ACTIVE\"")).isEqualTo(AccountState.ACTIVE);
            for (AccountState s : AccountState.values()) {
                if (s.known()) {
                    assertThat(stateOf("\"state\": \"" + s.name() + "\"")).isEqualTo(s);
                }
            }
        }

        @Test
        void anAccountWithNeitherStateNorStatusIsInAnUnknownState() {
            assertThat(stateOf("")).isEqualTo(AccountState.UNKNOWN);
            assertThat(stateOf("\"state\": null")).isEqualTo(AccountState.UNKNOWN);
            assertThat(AccountState.UNKNOWN.unverifiedReason()).isPresent();
            assertThat(AccountState.ACTIVE.unverifiedReason()).isEmpty();
        }

        @Test
        void anUnknownStateValueIsAnError() {
            Problem p = onlyError(withChildren(
                    "{\"type\": \"ACCOUNT\", \"id\": \"111111111111\", \"state\": \"active\", \"policies\": []}"));
            assertThat(p.field()).isEqualTo("/root/children/0/state");
            assertThat(p.message()).contains("\"active\"");
            assertThat(p.hint()).contains("PENDING_ACTIVATION", "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED");
            assertThat(onlyError(
                                    withChildren(
                                            "{\"type\": \"ACCOUNT\", \"id\": \"111111111111\", \"status\": \"GONE\", \"policies\": []}"))
                            .field())
                    .isEqualTo("/root/children/0/status");
        }
    }

    @Nested
    class Writing {

        private Organization sample() {
            OrgNode deep = new OrgNode(
                    NodeKind.ORGANIZATIONAL_UNIT,
                    "ou-ab12-22222222",
                    "Prod-EU",
                    null,
                    List.of("p-22222222"),
                    List.of(new OrgNode(
                            NodeKind.ACCOUNT,
                            "222222222222",
                            "prod-eu-1",
                            AccountState.SUSPENDED,
                            List.of("p-33333333", "p-22222222"),
                            List.of())));
            OrgNode prod = new OrgNode(
                    NodeKind.ORGANIZATIONAL_UNIT,
                    "ou-ab12-11111111",
                    "Prod",
                    null,
                    List.of(),
                    List.of(
                            OrgNode.account("111111111111", "prod-1", List.of()),
                            deep,
                            new OrgNode(
                                    NodeKind.ORGANIZATIONAL_UNIT,
                                    "ou-ab12-33333333",
                                    "Empty",
                                    null,
                                    List.of(),
                                    List.of())));
            OrgNode root = new OrgNode(
                    NodeKind.ROOT,
                    "r-ab12",
                    "Root",
                    null,
                    List.of("p-11111111"),
                    List.of(prod, OrgNode.account("333333333333", "standalone", List.of("p-11111111"))));
            return new Organization(
                    "o-exampleorgid",
                    "r-ab12",
                    List.of("SERVICE_CONTROL_POLICY", "AISERVICES_OPT_OUT_POLICY"),
                    List.of(
                            new OrgPolicy("p-11111111", "legacy", "{\"services\":{}}"),
                            new OrgPolicy("p-22222222", "lex \"quoted\" ü", assign("lex", "optIn")),
                            new OrgPolicy("p-33333333", null, Orgs.EXAMPLE_1)),
                    root,
                    false);
        }

        @Test
        void writeThenReadGivesTheSameOrganization() {
            Organization org = sample();
            String text = OrganizationFile.write(org);
            OrganizationFile.Read read = read(text);
            assertThat(read.problems()).isEmpty();
            assertThat(read.organization()).isEqualTo(org);
        }

        @Test
        void everyPolicyTypeAwsListsAndOnesItAddsLaterAreKeptAsWritten() {
            // Every type AWS lists today, alphabetically, and one it may add later.
            List<String> types = List.of(
                    "AISERVICES_OPT_OUT_POLICY",
                    "BACKUP_POLICY",
                    "BEDROCK_POLICY",
                    "CHATBOT_POLICY",
                    "DECLARATIVE_POLICY_EC2",
                    "INSPECTOR_POLICY",
                    "GUARDDUTY_POLICY",
                    "NETWORK_SECURITY_DIRECTOR_POLICY",
                    "RESOURCE_CONTROL_POLICY",
                    "S3_POLICY",
                    "SECURITYHUB_POLICY",
                    "SERVICE_CONTROL_POLICY",
                    "TAG_POLICY",
                    "UPGRADE_ROLLOUT_POLICY",
                    "SOME_FUTURE_POLICY");
            Organization org = new Organization(
                    "o-exampleorgid",
                    "r-ab12",
                    types,
                    List.of(),
                    new OrgNode(NodeKind.ROOT, "r-ab12", "Root", null, List.of(), List.of()),
                    false);
            OrganizationFile.Read read = read(OrganizationFile.write(org));
            assertThat(read.problems()).isEmpty();
            assertThat(read.organization().enabledPolicyTypes()).isEqualTo(types);
        }

        @Test
        void theIssuesExampleSurvivesReadWriteRead() {
            Organization org = read(ISSUE_EXAMPLE).organization();
            String text = OrganizationFile.write(org);
            assertThat(read(text).organization()).isEqualTo(org);
            assertThat(OrganizationFile.write(read(text).organization())).isEqualTo(text);
        }

        @Test
        void nodesWithoutNamesSurviveARoundTrip() {
            OrgNode root = new OrgNode(
                    NodeKind.ROOT,
                    "r-ab12",
                    null,
                    null,
                    List.of(),
                    List.of(new OrgNode(
                            NodeKind.ORGANIZATIONAL_UNIT,
                            "ou-ab12-11111111",
                            null,
                            null,
                            List.of(),
                            List.of(
                                    OrgNode.account("111111111111", null, List.of()),
                                    new OrgNode(
                                            NodeKind.ACCOUNT,
                                            "222222222222",
                                            "no state",
                                            AccountState.UNKNOWN,
                                            List.of(),
                                            List.of())))));
            Organization org = new Organization(null, "r-ab12", List.of(), List.of(), root, false);
            String text = OrganizationFile.write(org);
            assertThat(text).contains("\"state\": null");
            assertThat(read(text).organization()).isEqualTo(org);
        }

        @Test
        void theTextIsDeterministicAndEndsWithANewline() {
            String first = OrganizationFile.write(sample());
            String second = OrganizationFile.write(sample());
            assertThat(second).isEqualTo(first);
            assertThat(first).endsWith("}\n").doesNotEndWith("\n\n").doesNotContain("\r");
            // Reading and writing again changes nothing, whatever order the keys were read in.
            assertThat(OrganizationFile.write(read(first).organization())).isEqualTo(first);
        }

        @Test
        void theSameOrganizationWrittenFromFilesWithDifferentKeyOrderGivesTheSameText() {
            String reordered = """
                    {"root": {"children": [
                       {"policies": [], "name": "Prod", "children": [
                          {"policies": [], "status": "ACTIVE", "name": "prod-1", "id": "111111111111", "type": "ACCOUNT"}],
                        "id": "ou-ab12-11111111", "type": "ORGANIZATIONAL_UNIT"}],
                      "policies": ["p-11111111"], "name": "Root", "id": "r-ab12"},
                     "policies": [{"content": "{\\"services\\":{}}", "name": "legacy", "id": "p-11111111"}],
                     "enabledPolicyTypes": ["SERVICE_CONTROL_POLICY"], "rootId": "r-ab12", "organizationId": "o-exampleorgid"}
                    """;
            assertThat(OrganizationFile.write(read(reordered).organization()))
                    .isEqualTo(OrganizationFile.write(read(ISSUE_EXAMPLE).organization()));
        }

        @Test
        void keysAreInTheDocumentedOrder() throws Exception {
            String text = OrganizationFile.write(sample());
            JsonNode top = JSON.readTree(text);
            assertThat(fieldNames(top))
                    .containsExactly("organizationId", "rootId", "enabledPolicyTypes", "policies", "root");
            assertThat(fieldNames(top.at("/policies/0"))).containsExactly("id", "name", "content");
            assertThat(fieldNames(top.at("/root"))).containsExactly("id", "name", "policies", "children");
            JsonNode root = top.get("root");
            assertThat(fieldNames(root.at("/children/0")))
                    .containsExactly("type", "id", "name", "policies", "children");
            assertThat(fieldNames(root.at("/children/0/children/0")))
                    .containsExactly("type", "id", "name", "state", "policies");
            // Lists keep their order: attachment order and tree order are information.
            assertThat(root.at("/children/0/children/1/children/0/policies").toString())
                    .isEqualTo("[\"p-33333333\",\"p-22222222\"]");
            assertThat(top.at("/policies/1/content").asText()).isEqualTo(assign("lex", "optIn"));
            assertThat(text).startsWith("{\n  \"organizationId\": \"o-exampleorgid\",\n  \"rootId\": \"r-ab12\",\n");
        }

        private List<String> fieldNames(JsonNode node) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }

    @Nested
    class Errors {

        @Test
        void invalidJsonIsReportedAtItsLineAndColumn() {
            String text = "{\"organizationId\": \"o-exampleorgid\",\n  \"rootId\": \"r-ab12\",\n  \"policies\": [,]\n}";
            Problem p = onlyError(text);
            assertThat(p.message()).startsWith("not valid JSON");
            assertThat(p.location()).isEqualTo(SourceLocation.of(FILE, 3, 16));
            assertThat(p.format()).startsWith("org.json:3:16: error: not valid JSON");
        }

        @Test
        void trailingTextAfterTheObjectIsInvalidJson() {
            Problem p = onlyError(ISSUE_EXAMPLE.strip() + "\n{}");
            assertThat(p.message()).startsWith("not valid JSON");
            assertThat(p.location().line()).isEqualTo(7);
        }

        @Test
        void aTopLevelThatIsNotAnObjectIsRefused() {
            Problem p = onlyError("[]");
            assertThat(p.message()).contains("must be a JSON object");
        }

        @Test
        void aMissingRootIsRefused() {
            Problem p = onlyError("{\"organizationId\": \"o-exampleorgid\", \"rootId\": \"r-ab12\", \"policies\": []}");
            assertThat(p.field()).isEqualTo("/root");
            assertThat(p.message()).isEqualTo("missing");
            assertThat(p.location()).isEqualTo(SourceLocation.file(FILE));
            assertThat(p.format()).startsWith("org.json: error: /root: missing");
        }

        @Test
        void aMissingRootIdIsRefused() {
            Problem p = onlyError(
                    "{\"policies\": [], \"root\": {\"id\": \"r-ab12\", \"name\": \"Root\", \"policies\": [], \"children\": []}}");
            assertThat(p.field()).isEqualTo("/rootId");
            assertThat(p.message()).isEqualTo("missing");
        }

        @Test
        void anUnknownNodeTypeIsRefused() {
            Problem p = onlyError(
                    withChildren(
                            "{\"type\": \"ORGANIZATIONAL_UNIT\", \"id\": \"ou-ab12-11111111\", \"name\": \"Prod\", \"policies\": [], \"children\": ["
                                    + "{\"type\": \"FOLDER\", \"id\": \"ou-ab12-22222222\", \"name\": \"x\", \"policies\": [], \"children\": []}]}"));
            assertThat(p.field()).isEqualTo("/root/children/0/children/0/type");
            assertThat(p.message()).contains("unknown node type \"FOLDER\"");
            assertThat(p.hint()).contains("ORGANIZATIONAL_UNIT").contains("ACCOUNT");
        }

        @Test
        void aChildWithoutTypeIsRefused() {
            Problem p = onlyError(withChildren(
                    "{\"id\": \"ou-ab12-11111111\", \"name\": \"Prod\", \"policies\": [], \"children\": []}"));
            assertThat(p.field()).isEqualTo("/root/children/0/type");
            assertThat(p.message()).isEqualTo("missing");
        }

        @Test
        void aRootBelowTheTopIsRefused() {
            Problem p = onlyError(
                    withChildren(
                            "{\"type\": \"ROOT\", \"id\": \"r-cd34\", \"name\": \"Other\", \"policies\": [], \"children\": []}"));
            assertThat(p.field()).isEqualTo("/root/children/0/type");
            assertThat(p.message()).contains("only be the top node");
        }

        @Test
        void anAccountWithChildrenIsRefused() {
            Problem p = onlyError(
                    withChildren(
                            "{\"type\": \"ACCOUNT\", \"id\": \"111111111111\", \"name\": \"a\", \"policies\": [], \"children\": ["
                                    + "{\"type\": \"ACCOUNT\", \"id\": \"222222222222\", \"name\": \"b\", \"policies\": []}]}"));
            assertThat(p.field()).isEqualTo("/root/children/0/children");
            assertThat(p.message()).contains("an account has no children");
        }

        @Test
        void anAccountIdOfTheWrongShapeIsRefused() {
            Problem p = onlyError(withChildren(
                    "{\"type\": \"ORGANIZATIONAL_UNIT\", \"id\": \"ou-ab12-11111111\", \"name\": \"Prod\", \"policies\": [], \"children\": ["
                            + "{\"type\": \"ACCOUNT\", \"id\": \"12345\", \"name\": \"short\", \"policies\": []}]}"));
            assertThat(p.field()).isEqualTo("/root/children/0/children/0/id");
            assertThat(p.message()).isEqualTo("\"12345\" is not an account id");
            assertThat(p.hint()).contains("12 digits");
        }

        @Test
        void anOuIdOfTheWrongShapeIsRefused() {
            Problem p = onlyError(
                    withChildren(
                            "{\"type\": \"ORGANIZATIONAL_UNIT\", \"id\": \"ou-AB12-1\", \"name\": \"Prod\", \"policies\": [], \"children\": []}"));
            assertThat(p.field()).isEqualTo("/root/children/0/id");
            assertThat(p.message()).isEqualTo("\"ou-AB12-1\" is not an OU id");
        }

        @Test
        void anAccountIdOnAnOuIsRefused() {
            Problem p = onlyError(
                    withChildren(
                            "{\"type\": \"ORGANIZATIONAL_UNIT\", \"id\": \"111111111111\", \"name\": \"Prod\", \"policies\": [], \"children\": []}"));
            assertThat(p.field()).isEqualTo("/root/children/0/id");
            assertThat(p.message()).contains("is not an OU id");
        }

        @Test
        void aRootIdOfTheWrongShapeIsRefused() {
            Problem p = onlyError("{\"rootId\": \"root-1\", \"policies\": [], "
                    + "\"root\": {\"id\": \"root-1\", \"name\": \"Root\", \"policies\": [], \"children\": []}}");
            assertThat(p.field()).isEqualTo("/root/id");
            assertThat(p.message()).isEqualTo("\"root-1\" is not a root id");
        }

        @Test
        void aPolicyAttachedButNotListedIsRefused() {
            Problem p = onlyError(
                    withChildren(
                            policyJson("p-11111111", "listed", "{\"services\":{}}"),
                            "\"p-11111111\"",
                            "{\"type\": \"ACCOUNT\", \"id\": \"111111111111\", \"name\": \"a\", \"policies\": [\"p-99999999\"]}"));
            assertThat(p.field()).isEqualTo("/root/children/0/policies");
            assertThat(p.message()).contains("p-99999999").contains("not listed");
        }

        @Test
        void aPolicyListedAfterTheRootInTheFileStillCounts() {
            String text =
                    "{\"rootId\": \"r-ab12\", \"root\": {\"id\": \"r-ab12\", \"name\": \"Root\", \"policies\": [\"p-11111111\"],"
                            + " \"children\": []}, \"policies\": ["
                            + policyJson("p-11111111", "late", "{\"services\":{}}") + "]}";
            OrganizationFile.Read read = read(text);
            assertThat(read.problems()).isEmpty();
            assertThat(read.organization().root().policyIds()).containsExactly("p-11111111");
        }

        @Test
        void aNodeIdThatAppearsTwiceIsRefused() {
            String account = "{\"type\": \"ACCOUNT\", \"id\": \"111111111111\", \"name\": \"a\", \"policies\": []}";
            Problem p = onlyError(withChildren(account
                    + ", {\"type\": \"ORGANIZATIONAL_UNIT\", \"id\": \"ou-ab12-11111111\", \"name\": \"Prod\", \"policies\": [],"
                    + " \"children\": [" + account + "]}"));
            assertThat(p.field()).isEqualTo("/root/children/1/children/0/id");
            assertThat(p.message()).contains("111111111111").contains("twice");
        }

        @Test
        void aPolicyIdListedTwiceIsRefused() {
            Problem p = onlyError(withChildren(
                    policyJson("p-11111111", "a", "{\"services\":{}}") + ", "
                            + policyJson("p-11111111", "b", "{\"services\":{}}"),
                    "",
                    ""));
            assertThat(p.field()).isEqualTo("/policies/1/id");
            assertThat(p.message()).contains("p-11111111").contains("twice");
        }

        @Test
        void aRootIdThatDoesNotMatchTheRootIsRefused() {
            Problem p = onlyError("{\"rootId\": \"r-cd34\", \"policies\": [], "
                    + "\"root\": {\"id\": \"r-ab12\", \"name\": \"Root\", \"policies\": [], \"children\": []}}");
            assertThat(p.field()).isEqualTo("/root/id");
            assertThat(p.message()).contains("r-ab12").contains("r-cd34");
        }

        @Test
        void unknownKeysAreRefusedWherePresent() {
            String text = """
                    {"organizationId": "o-exampleorgid", "rootId": "r-ab12", "colour": "blue",
                     "policies": [{"id": "p-11111111", "name": "legacy", "content": "{\\"services\\":{}}", "type": "X"}],
                     "root": {"id": "r-ab12", "name": "Root", "policies": [], "arn": "x", "children": [
                       {"type": "ACCOUNT", "id": "111111111111", "name": "a", "policies": [], "email": "a@example.com"}]}}
                    """;
            OrganizationFile.Read read = read(text);
            assertThat(read.ok()).isFalse();
            assertThat(read.problems()).allMatch(Problem::isError);
            assertThat(read.problems())
                    .extracting(Problem::field)
                    .containsExactlyInAnyOrder("/colour", "/policies/0/type", "/root/arn", "/root/children/0/email");
            assertThat(read.problems()).allSatisfy(p -> {
                assertThat(p.message()).isEqualTo("unknown key");
                assertThat(p.hint()).startsWith("allowed: ");
            });
        }

        @Test
        void everyErrorIsReportedNotJustTheFirst() {
            String text = withChildren(
                    policyJson("p-11111111", "a", "{\"services\":{}}"),
                    "\"p-22222222\"",
                    "{\"type\": \"ACCOUNT\", \"id\": \"1\", \"name\": \"a\", \"policies\": []},"
                            + "{\"type\": \"OU\", \"id\": \"ou-ab12-11111111\", \"name\": \"b\", \"policies\": [], \"children\": []}");
            OrganizationFile.Read read = read(text);
            assertThat(read.ok()).isFalse();
            assertThat(read.problems())
                    .extracting(Problem::field)
                    .contains("/root/policies", "/root/children/0/id", "/root/children/1/type");
        }
    }

    @Nested
    class PolicyTypes {

        private String withTypes(String types) {
            return ISSUE_EXAMPLE.replace("[\"SERVICE_CONTROL_POLICY\"]", types);
        }

        @Test
        void aTypeThisVersionDoesNotKnowIsReadExactlyAsWritten() {
            OrganizationFile.Read read = read(withTypes("[\"GUARDDUTY_POLICY\", \"SERVICE_CONTROL_POLICY\"]"));
            assertThat(read.problems()).isEmpty();
            assertThat(read.organization().enabledPolicyTypes())
                    .containsExactly("GUARDDUTY_POLICY", "SERVICE_CONTROL_POLICY");
        }

        @Test
        void somethingThatIsNotAPolicyTypeNameIsRefusedWhereItIs() {
            // The types reach the generated Terraform: a quote or an interpolation must never get that far.
            for (String bad : List.of("\"guardduty_policy\"", "\"X\\\" ]\"", "\"${file(\\\"x\\\")}\"", "\"\"")) {
                Problem p = onlyError(withTypes("[\"SERVICE_CONTROL_POLICY\", " + bad + "]"));
                assertThat(p.field()).as(bad).isEqualTo("/enabledPolicyTypes/1");
                assertThat(p.message()).as(bad).endsWith("is not a policy type");
                assertThat(p.hint()).contains("capital letters, digits and _");
            }
            // What is not a string at all is refused as every other such value in the file is.
            for (String bad : List.of("12", "null")) {
                Problem p = onlyError(withTypes("[\"SERVICE_CONTROL_POLICY\", " + bad + "]"));
                assertThat(p.field()).as(bad).isEqualTo("/enabledPolicyTypes/1");
                assertThat(p.message()).as(bad).isEqualTo("must be a string");
            }
        }

        @Test
        void aTypeListedTwiceIsRefused() {
            Problem p = onlyError(withTypes("[\"GUARDDUTY_POLICY\", \"GUARDDUTY_POLICY\"]"));
            assertThat(p.field()).isEqualTo("/enabledPolicyTypes/1");
            assertThat(p.message()).isEqualTo("GUARDDUTY_POLICY is listed twice");
        }
    }

    @Nested
    class HostileInput {

        @TempDir
        Path dir;

        @Test
        void unparseablePolicyContentNamesTheFileThePointerThePolicyAndThePlaceInTheContent() {
            Problem p = onlyError(withChildren(policyJson("p-11111111", "legacy", "{\"services\":{}"), "", ""));
            assertThat(p.format())
                    .isEqualTo("org.json: error: /policies/0/content: policy p-11111111 \"legacy\", line 1, column 15"
                            + " of its content: not valid JSON: Unexpected end-of-input: expected close marker for"
                            + " Object (start marker at line 1, column 1)");
        }

        @Test
        void aContentErrorInsideTheDocumentNamesItsPath() {
            Problem p = onlyError(withChildren(
                    policyJson(
                            "p-11111111",
                            "legacy",
                            "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@append\":\"optIn\"}}}}"),
                    "",
                    ""));
            assertThat(p.field()).isEqualTo("/policies/0/content");
            assertThat(p.message()).startsWith("policy p-11111111 \"legacy\": services.lex.opt_out_policy");
        }

        @Test
        void anIdWithATrailingLineBreakIsNotAnIdAndIsShownOnOneLine() {
            Problem p = onlyError(withChildren(
                    "{\"type\": \"ACCOUNT\", \"id\": \"111111111111\\n\", \"name\": \"a\", \"policies\": []}"));
            assertThat(p.field()).isEqualTo("/root/children/0/id");
            assertThat(p.format())
                    .isEqualTo("org.json: error: /root/children/0/id: \"111111111111\\u000a\" is not an account id (12"
                            + " digits)");
        }

        @Test
        void anOrganizationIdOfTheWrongShapeIsRefused() {
            Problem p = onlyError(ISSUE_EXAMPLE.replace("o-exampleorgid", "o-exampleorgid\\n"));
            assertThat(p.field()).isEqualTo("/organizationId");
            assertThat(p.message()).contains("is not an organization id");
        }

        /** The id issue 19 found: written into a file, then pasted into a shell by whoever ran plan. */
        @Test
        void aPolicyIdThatIsNotOneIsRefusedAtItsPointerBeforeAnyCommandCanNameIt() {
            Problem p = onlyError(withChildren(
                    policyJson("p-$(touch pwned)", "legacy", "{\"services\":{}}"), "\"p-$(touch pwned)\"", ""));
            assertThat(p.format())
                    .isEqualTo("org.json: error: /policies/0/id: \"p-$(touch pwned)\" is not a policy id (p- and 8 to"
                            + " 128 letters, digits or '_')");
        }

        @Test
        void aRootIdOfTheWrongShapeIsRefusedWhereverItIsWritten() {
            Problem same = onlyError(ISSUE_EXAMPLE.replace("r-ab12", "r-ab12;id"));
            assertThat(same.field()).isEqualTo("/root/id");
            OrganizationFile.Read read =
                    read(ISSUE_EXAMPLE.replace("\"rootId\": \"r-ab12\"", "\"rootId\": \"r-ab12;id\""));
            assertThat(read.problems().stream().filter(Problem::isError).map(p -> p.field() + ": " + p.message()))
                    .containsExactlyInAnyOrder(
                            "/rootId: \"r-ab12;id\" is not a root id", "/root/id: is r-ab12 but rootId is r-ab12;id");
        }

        @Test
        void namesTypesAndListedIdsThatAreNotStringsAreRefusedAtTheirPointers() {
            OrganizationFile.Read read = read(withChildren(
                            "{\"id\": \"p-11111111\", \"name\": [\"legacy\"], \"content\": \"{\\\"services\\\":{}}\"}",
                            "\"p-11111111\", 7",
                            "{\"type\": \"ACCOUNT\", \"id\": \"111111111111\", \"name\": {\"$(id)\": 1}, \"policies\": []},"
                                    + "{\"type\": 3, \"id\": \"222222222222\", \"name\": \"b\", \"policies\": []}")
                    .replace("\"enabledPolicyTypes\": []", "\"enabledPolicyTypes\": [true]"));
            assertThat(read.ok()).isFalse();
            assertThat(read.problems().stream().filter(Problem::isError).map(p -> p.field() + ": " + p.message()))
                    .containsExactlyInAnyOrder(
                            "/enabledPolicyTypes/0: must be a string",
                            "/policies/0/name: must be a string",
                            "/root/policies/1: must be a string",
                            "/root/children/0/name: must be a string",
                            "/root/children/1/type: must be a string");
        }

        @Test
        void aLatin1FileSaysItIsNotUtf8AndWhere() throws Exception {
            Path file = dir.resolve("org.json");
            Files.write(file, ISSUE_EXAMPLE.replace("prod-1", "pr\u00f6d-1").getBytes(StandardCharsets.ISO_8859_1));
            OrganizationFile.Read read = OrganizationFile.load(file, "org.json");
            assertThat(read.ok()).isFalse();
            assertThat(read.problems()).hasSize(1);
            assertThat(read.problems().get(0).format())
                    .isEqualTo("org.json:6:71: error: not UTF-8 text (byte 0xF6) (save the file as UTF-8)");
        }

        @Test
        void aFileOverTheLimitIsRefusedBeforeReading() throws Exception {
            Path file = dir.resolve("org.json");
            try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
                sparse.setLength(OrganizationFile.MAX_BYTES + 1);
            }
            OrganizationFile.Read read = OrganizationFile.load(file, "org.json");
            assertThat(read.problems().get(0).format())
                    .isEqualTo(
                            "org.json: error: the organization file is larger than 32 MiB (ai-optout reads organization"
                                    + " files of at most 32 MiB; check that this is the right file)");
        }

        @Test
        void aDeviceIsRefusedWithoutReadingIt() {
            OrganizationFile.Read read = OrganizationFile.load(Path.of("/dev/zero"), "/dev/zero");
            assertThat(read.problems().get(0).message()).isEqualTo("is a device, pipe or socket, not a regular file");
        }

        @Test
        void aMissingFileSaysHowToMakeOne() {
            OrganizationFile.Read read = OrganizationFile.load(dir.resolve("none.json"), "none.json");
            assertThat(read.problems().get(0).format())
                    .isEqualTo("none.json: error: organization file not found (write one with ai-optout snapshot, or"
                            + " pass the path of an existing one)");
        }
    }

    @Nested
    class AttachmentOrder {

        private static final String OU = "ou-ab12-11111111";
        private static final String ACCOUNT = "111111111111";

        /** A snapshot with two existing policies at one OU that set lex to different values. */
        private Organization snapshot() {
            String text = withChildren(
                    policyJson("p-11111111", "lex-in", assign("lex", "optIn")) + ", "
                            + policyJson("p-22222222", "lex-out", assign("lex", "optOut")),
                    "",
                    "{\"type\": \"ORGANIZATIONAL_UNIT\", \"id\": \"" + OU
                            + "\", \"name\": \"Prod\", \"policies\": [\"p-11111111\", \"p-22222222\"],"
                            + " \"children\": [{\"type\": \"ACCOUNT\", \"id\": \"" + ACCOUNT
                            + "\", \"name\": \"prod-1\", \"policies\": []}]}");
            OrganizationFile.Read read = read(text);
            assertThat(read.problems()).isEmpty();
            return read.organization();
        }

        @Test
        void twoExistingPoliciesInASnapshotThatConflictAtOneNodeAreOrderDependent() {
            Organization org = snapshot();
            assertThat(org.orderKnownBefore(OU, "p-22222222")).isFalse();
            AccountOutcome acct = Orgs.outcome(EffectivePolicyEngine.evaluate(org), ACCOUNT);
            assertThat(acct.notes()).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(Note.Kind.ORDER_DEPENDENT);
                assertThat(n.key()).isEqualTo("lex");
                assertThat(n.source().policyId()).isEqualTo("p-22222222");
                assertThat(n.blocking().policyId()).isEqualTo("p-11111111");
                assertThat(n.blocking().nodeId()).isEqualTo(OU);
                assertThat(n.message())
                        .contains("order is not known")
                        .contains("lex-in")
                        .contains("lex-out");
            });
        }

        @Test
        void aPolicyKnownToBeAppendedAfterAnExistingOneIsAnIgnoredChangeNotOrderDependent() {
            Organization snap = snapshot();
            OrgNode ou = snap.root().children().get(0);
            OrgNode withPlanned = ou.withPolicies(List.of("p-11111111", "planned-lex-out"));
            List<OrgPolicy> policies = new ArrayList<>(snap.policies());
            policies.add(new OrgPolicy("planned-lex-out", "planned", assign("lex", "optOut")));
            // Only one of the existing ones at the OU, then the planned one after it.
            Organization planned = new Organization(
                    snap.organizationId(),
                    snap.rootId(),
                    snap.enabledPolicyTypes(),
                    policies,
                    snap.root().withChildren(List.of(withPlanned)),
                    snap.attachmentOrderKnown(),
                    Set.of(new Organization.Attachment(OU, "planned-lex-out")));

            assertThat(planned.orderKnownBefore(OU, "planned-lex-out")).isTrue();
            assertThat(planned.orderKnownBefore(OU, "p-11111111")).isFalse();
            // Known at the node it was appended to, not elsewhere.
            assertThat(planned.orderKnownBefore(ACCOUNT, "planned-lex-out")).isFalse();
            AccountOutcome acct = Orgs.outcome(EffectivePolicyEngine.evaluate(planned), ACCOUNT);
            assertThat(acct.effective().values()).containsExactlyEntriesOf(Map.of("lex", OptValue.OPT_IN));
            assertThat(acct.effective().decidedBy("lex"))
                    .hasValueSatisfying(o -> assertThat(o.policyId()).isEqualTo("p-11111111"));
            assertThat(acct.notes()).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(Note.Kind.IGNORED_CHANGE);
                assertThat(n.key()).isEqualTo("lex");
                assertThat(n.source().policyId()).isEqualTo("planned-lex-out");
                assertThat(n.blocking().policyId()).isEqualTo("p-11111111");
                assertThat(n.message()).contains("first attached wins");
            });
        }

        @Test
        void theOrderBetweenTwoExistingPoliciesStaysUnknownWhenAPlannedOneIsAppended() {
            Organization snap = snapshot();
            OrgNode ou = snap.root().children().get(0);
            List<OrgPolicy> policies = new ArrayList<>(snap.policies());
            policies.add(new OrgPolicy("planned-lex-in", "planned", assign("lex", "optIn")));
            Organization planned = new Organization(
                    snap.organizationId(),
                    snap.rootId(),
                    snap.enabledPolicyTypes(),
                    policies,
                    snap.root()
                            .withChildren(
                                    List.of(ou.withPolicies(List.of("p-11111111", "p-22222222", "planned-lex-in")))),
                    false,
                    Set.of(new Organization.Attachment(OU, "planned-lex-in")));
            AccountOutcome acct = Orgs.outcome(EffectivePolicyEngine.evaluate(planned), ACCOUNT);
            assertThat(acct.notes()).extracting(Note::kind).containsExactly(Note.Kind.ORDER_DEPENDENT);
            assertThat(acct.notes().get(0).source().policyId()).isEqualTo("p-22222222");
        }
    }
}
