package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ai-optout plan --config FILE --org ORG.json}, and {@code synth}/{@code validate} with
 * {@code --org}: organization files built here, layouts from examples/ or written here.
 */
class PlanCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ROOT = "r-ab12";
    private static final String OU_WORKLOADS = "ou-ab12-55555555";
    private static final String OU_SANDBOX = "ou-ab12-34567890"; // the example's exception target
    private static final String OU_TEAM = "ou-ab12-66666666";
    private static final String OU_PROD = "ou-ab12-11111111";
    private static final String OU_PROD_EU = "ou-ab12-22222222";
    private static final String SANDBOX_1 = "333333333333";
    private static final String TEAM_1 = "666666666666";
    private static final String WORKLOADS_1 = "555555555555";
    private static final String PROD_1 = "111111111111";
    private static final String PROD_EU_1 = "222222222222";
    private static final String CHATBOT = "111122223333"; // the example's other sandbox-lex target
    private static final String RESEARCH = "444455556666"; // the example's transcribe-research target

    private static final String EMPTY = "{\"services\":{}}";
    private static final String LEX_IN = "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";
    private static final String LEX_OUT_LOCKED = "{\"services\":{\"lex\":{\"opt_out_policy\":"
            + "{\"@@operators_allowed_for_child_policies\":[\"@@none\"],\"@@assign\":\"optOut\"}}}}";
    private static final String DEFAULT_OUT =
            "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}}}}";

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- organization files

    private static Map<String, Object> policy(String id, String name, String content) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", id);
        p.put("name", name);
        p.put("content", content);
        return p;
    }

    @SafeVarargs
    private static Map<String, Object> ou(
            String id, String name, List<String> policies, Map<String, Object>... children) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("type", "ORGANIZATIONAL_UNIT");
        n.put("id", id);
        n.put("name", name);
        n.put("policies", policies);
        n.put("children", List.of(children));
        return n;
    }

    private static Map<String, Object> account(String id, String name, String... policies) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("type", "ACCOUNT");
        n.put("id", id);
        n.put("name", name);
        n.put("state", "ACTIVE");
        n.put("policies", List.of(policies));
        return n;
    }

    /** Writes an organization file with the root r-ab12 holding {@code rootPolicies} and {@code children}. */
    @SafeVarargs
    private Path org(
            String file, List<Map<String, Object>> policies, List<String> rootPolicies, Map<String, Object>... children)
            throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("id", ROOT);
        root.put("name", "Root");
        root.put("policies", rootPolicies);
        root.put("children", List.of(children));
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("organizationId", "o-exampleorgid");
        top.put("rootId", ROOT);
        top.put("enabledPolicyTypes", List.of("SERVICE_CONTROL_POLICY", "AISERVICES_OPT_OUT_POLICY"));
        top.put("policies", policies);
        top.put("root", root);
        Path path = dir.resolve(file);
        Files.writeString(path, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(top));
        return path;
    }

    /**
     * Root (legacy, empty) -> Workloads [workloadsPolicies] -> Sandbox [sandboxPolicies] -> Team; Prod -> Prod-EU;
     * two accounts directly under the root. Seven accounts, five OUs, three levels deep.
     */
    private Path standardOrg(
            List<Map<String, Object>> extraPolicies, List<String> workloadsPolicies, List<String> sandboxPolicies)
            throws IOException {
        List<Map<String, Object>> policies = new ArrayList<>();
        policies.add(policy("p-legacy0001", "legacy", EMPTY));
        policies.add(policy("p-prodout001", "prod-default-out", DEFAULT_OUT));
        policies.addAll(extraPolicies);
        return org(
                "org.json",
                policies,
                List.of("p-legacy0001"),
                ou(
                        OU_WORKLOADS,
                        "Workloads",
                        workloadsPolicies,
                        ou(
                                OU_SANDBOX,
                                "Sandbox",
                                sandboxPolicies,
                                account(SANDBOX_1, "sandbox-1"),
                                ou(OU_TEAM, "Team", List.of(), account(TEAM_1, "team-1"))),
                        account(WORKLOADS_1, "workloads-1")),
                ou(
                        OU_PROD,
                        "Prod",
                        List.of("p-prodout001"),
                        account(PROD_1, "prod-1"),
                        ou(OU_PROD_EU, "Prod-EU", List.of(), account(PROD_EU_1, "prod-eu-1"))),
                account(CHATBOT, "chatbot"),
                account(RESEARCH, "research"));
    }

    private Path standardOrg() throws IOException {
        return standardOrg(List.of(), List.of(), List.of());
    }

    // ---------------------------------------------------------------- layouts

    private static Path example(String name) {
        return Cli.root().resolve("examples").resolve(name).resolve("ai-optout.yaml");
    }

    private Path layout(String text) throws IOException {
        Path file = dir.resolve("ai-optout.yaml");
        Files.writeString(file, text);
        return file;
    }

    /** Only "default" is locked at the root: child policies may add per-service keys. */
    private Path lockDefaultLayout() throws IOException {
        return layout("""
                version: 1
                layout: multi-ou
                organization: {id: o-exampleorgid}
                policy: {default: optOut, lock: default}
                attach: [root]
                """);
    }

    // ---------------------------------------------------------------- helpers

    private static Cli plan(Path config, Path org, String... more) {
        List<String> args = new ArrayList<>(List.of("plan", "--config", config.toString(), "--org", org.toString()));
        args.addAll(Arrays.asList(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static JsonNode json(Cli cli) throws IOException {
        return JSON.readTree(cli.out());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode accountIn(JsonNode report, String id) {
        return StreamSupport.stream(report.get("accounts").spliterator(), false)
                .filter(a -> a.get("id").asText().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no account " + id + " in " + report));
    }

    private static List<String> nonCompliantIds(JsonNode report) {
        return StreamSupport.stream(report.get("accounts").spliterator(), false)
                .filter(a -> !a.get("compliant").asBoolean())
                .map(a -> a.get("id").asText())
                .toList();
    }

    /** The effective/intended shape DescribeEffectivePolicy returns, from key/value pairs. */
    private static JsonNode services(String... keyValues) {
        Map<String, Object> services = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            services.put(keyValues[i], Map.of("opt_out_policy", keyValues[i + 1]));
        }
        return JSON.valueToTree(Map.of("services", services));
    }

    /** The line of the text report that shows a node, whatever its indentation. */
    private static String line(String text, String label) {
        return text.lines()
                .filter(l -> l.strip().matches("[✓✗?–] " + java.util.regex.Pattern.quote(label) + "(:.*)?"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + label + " in:\n" + text));
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    // ---------------------------------------------------------------- tests

    /** Nothing passes vacuously: no account judged is not "compliant", and an OU without accounts gets no ✓. */
    @Nested
    class NothingVacuous {

        @Test
        void anOrganizationFileWithoutAccountsIsNotCompliant() throws Exception {
            Path org = org("empty.json", List.of(), List.of(), ou(OU_PROD, "Prod", List.of()));
            Cli cli = plan(lockDefaultLayout(), org);
            assertThat(cli.exit()).as(cli.err() + cli.out()).isEqualTo(1);
            assertThat(cli.err()).contains("holds no account, so nothing was proven");
            assertThat(cli.out())
                    .doesNotContain("✓")
                    .endsWith("0 accounts: 0 compliant, 0 non-compliant, 0 unverified\n");
            assertThat(json(plan(lockDefaultLayout(), org, "--format", "json"))
                            .get("compliant")
                            .asBoolean())
                    .isFalse();
        }

        @Test
        void anOuWithoutAccountsIsMarkedAsHoldingNone() throws Exception {
            Path org = org("org.json", List.of(), List.of(), ou(OU_PROD, "Prod", List.of()), account(PROD_1, "prod-1"));
            Cli cli = plan(lockDefaultLayout(), org);
            assertThat(cli.exit()).as(cli.err() + cli.out()).isZero();
            assertThat(line(cli.out(), "Prod (" + OU_PROD + ")").strip()).isEqualTo("– Prod (" + OU_PROD + ")");
            assertThat(line(cli.out(), "prod-1 (" + PROD_1 + ")").strip()).isEqualTo("✓ prod-1 (" + PROD_1 + ")");
        }
    }

    @Nested
    class AllCompliant {

        @Test
        void exitsZeroAndMarksEveryOuAndAccountWithTheCountsAtTheEnd() throws Exception {
            Cli cli = plan(example("multi-ou-exceptions"), standardOrg());
            assertThat(cli.exit()).as(cli.err() + cli.out()).isZero();
            String text = cli.out();
            for (String label : List.of(
                    "Root (r-ab12)",
                    "Workloads (" + OU_WORKLOADS + ")",
                    "Sandbox (" + OU_SANDBOX + ")",
                    "Team (" + OU_TEAM + ")",
                    "Prod (" + OU_PROD + ")",
                    "Prod-EU (" + OU_PROD_EU + ")",
                    "sandbox-1 (" + SANDBOX_1 + ")",
                    "team-1 (" + TEAM_1 + ")",
                    "workloads-1 (" + WORKLOADS_1 + ")",
                    "prod-1 (" + PROD_1 + ")",
                    "prod-eu-1 (" + PROD_EU_1 + ")",
                    "chatbot (" + CHATBOT + ")",
                    "research (" + RESEARCH + ")")) {
                assertThat(line(text, label).strip()).isEqualTo("✓ " + label);
            }
            assertThat(text).doesNotContain("✗");
            // A tree: each level further in than its parent.
            assertThat(indent(line(text, "Root (r-ab12)")))
                    .isLessThan(indent(line(text, "Workloads (" + OU_WORKLOADS + ")")));
            assertThat(indent(line(text, "Workloads (" + OU_WORKLOADS + ")")))
                    .isLessThan(indent(line(text, "Sandbox (" + OU_SANDBOX + ")")));
            assertThat(indent(line(text, "Sandbox (" + OU_SANDBOX + ")")))
                    .isLessThan(indent(line(text, "Team (" + OU_TEAM + ")")));
            assertThat(indent(line(text, "Team (" + OU_TEAM + ")")))
                    .isLessThan(indent(line(text, "team-1 (" + TEAM_1 + ")")));
            List<String> lines = text.lines().toList();
            assertThat(lines.get(lines.size() - 1)).isEqualTo("7 accounts: 7 compliant, 0 non-compliant, 0 unverified");
            assertThat(text).endsWith("\n");
            assertThat(cli.err()).doesNotContain("error");
        }

        @Test
        void jsonHasExactlyTheDocumentedShape() throws Exception {
            Cli cli = plan(example("multi-ou-exceptions"), standardOrg(), "--format", "json");
            assertThat(cli.exit()).as(cli.err()).isZero();
            JsonNode report = json(cli);
            assertThat(fieldNames(report))
                    .containsExactly("compliant", "accounts", "unmanaged", "changedByUnmanaged", "summary");
            // The organization's own policies, outside the layout, each with exactly the documented fields.
            assertThat(report.get("unmanaged"))
                    .extracting(u -> u.get("id").asText())
                    .containsExactly("p-legacy0001", "p-prodout001");
            for (JsonNode u : report.get("unmanaged")) {
                assertThat(fieldNames(u))
                        .containsExactly(
                                "id",
                                "name",
                                "node",
                                "nodeName",
                                "position",
                                "accounts",
                                "decides",
                                "blocks",
                                "orderUnknown",
                                "undocumentedControl",
                                "changesOutcome",
                                "message");
                assertThat(u.get("changesOutcome").asInt()).isZero();
            }
            assertThat(report.get("changedByUnmanaged").asInt()).isZero();
            assertThat(report.get("compliant").isBoolean()).isTrue();
            assertThat(report.get("compliant").asBoolean()).isTrue();
            assertThat(fieldNames(report.get("summary")))
                    .containsExactly("accounts", "compliant", "nonCompliant", "unverified");
            assertThat(report.get("summary"))
                    .isEqualTo(JSON.readTree(
                            "{\"accounts\": 7, \"compliant\": 7, \"nonCompliant\": 0, \"unverified\": 0}"));

            // Every account, in tree order, each with exactly the documented fields.
            assertThat(report.get("accounts"))
                    .extracting(a -> a.get("id").asText())
                    .containsExactly(SANDBOX_1, TEAM_1, WORKLOADS_1, PROD_1, PROD_EU_1, CHATBOT, RESEARCH);
            for (JsonNode a : report.get("accounts")) {
                assertThat(fieldNames(a))
                        .as(a.toString())
                        .containsExactly(
                                "id", "name", "path", "effective", "intended", "compliant", "verdict", "notes");
                assertThat(a.get("path").isArray()).isTrue();
                assertThat(a.get("notes").isArray()).isTrue();
                assertThat(a.get("compliant").asBoolean()).isTrue();
                assertThat(fieldNames(a.get("effective"))).containsExactly("services");
                assertThat(fieldNames(a.get("intended"))).containsExactly("services");
            }

            JsonNode team = accountIn(report, TEAM_1);
            assertThat(team.get("name").asText()).isEqualTo("team-1");
            assertThat(team.get("path")).isEqualTo(JSON.valueToTree(List.of("Root", "Workloads", "Sandbox", "Team")));
            // The baseline keeps the excepted services' entries at its own value; the exception sets lex below.
            assertThat(team.get("effective"))
                    .isEqualTo(services(
                            "default", "optOut", "lex", "optIn", "rekognition", "optOut", "transcribe", "optOut"));
            assertThat(team.get("intended"))
                    .isEqualTo(services("default", "optOut", "lex", "optIn", "rekognition", "optOut"));
            assertThat(team.get("notes")).isEmpty();

            JsonNode chatbot = accountIn(report, CHATBOT);
            assertThat(chatbot.get("path")).isEqualTo(JSON.valueToTree(List.of("Root")));
            assertThat(chatbot.get("effective")
                            .at("/services/lex/opt_out_policy")
                            .asText())
                    .isEqualTo("optIn");

            JsonNode research = accountIn(report, RESEARCH);
            assertThat(research.get("effective"))
                    .isEqualTo(services(
                            "default", "optOut", "lex", "optOut", "rekognition", "optOut", "transcribe", "optIn"));
            assertThat(research.get("intended"))
                    .isEqualTo(services("default", "optOut", "rekognition", "optOut", "transcribe", "optIn"));

            JsonNode prodEu = accountIn(report, PROD_EU_1);
            assertThat(prodEu.get("path")).isEqualTo(JSON.valueToTree(List.of("Root", "Prod", "Prod-EU")));
            assertThat(prodEu.get("effective")
                            .at("/services/lex/opt_out_policy")
                            .asText())
                    .isEqualTo("optOut");
            assertThat(prodEu.get("intended")).isEqualTo(services("default", "optOut", "rekognition", "optOut"));
        }

        @Test
        void theJsonIsTheSameOnEveryRun() throws Exception {
            Path org = standardOrg();
            Cli first = plan(example("multi-ou-exceptions"), org, "--format", "json");
            Cli second = plan(example("multi-ou-exceptions"), org, "--format", "json");
            assertThat(second.out()).isEqualTo(first.out()).endsWith("\n");
        }

        @Test
        void aForeignOptInThatTheFullLockIgnoresLeavesEveryAccountCompliant() throws Exception {
            // The same foreign policy that breaks a lock: default layout (below) cannot add a service key here.
            Path org = standardOrg(
                    List.of(policy("p-lexin00001", "team-lex", LEX_IN)), List.of(), List.of("p-lexin00001"));
            Cli cli = plan(example("multi-ou"), org, "--format", "json");
            assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
            JsonNode sandbox = accountIn(json(cli), SANDBOX_1);
            assertThat(sandbox.get("effective")).isEqualTo(services("default", "optOut"));
            // The ignored change is still reported.
            assertThat(sandbox.get("notes"))
                    .singleElement()
                    .extracting(JsonNode::asText)
                    .asString()
                    .contains("team-lex")
                    .contains(OU_SANDBOX)
                    .contains("\"services\" is locked");
        }
    }

    @Nested
    class ForeignPolicies {

        private Path orgWithForeignLexOptInOnSandbox() throws IOException {
            return standardOrg(List.of(policy("p-lexin00001", "team-lex", LEX_IN)), List.of(), List.of("p-lexin00001"));
        }

        @Test
        void aForeignOptInUnderLockDefaultMakesExactlyThatOusAccountsNonCompliant() throws Exception {
            Cli cli = plan(lockDefaultLayout(), orgWithForeignLexOptInOnSandbox(), "--format", "json");
            assertThat(cli.exit()).as(cli.err()).isEqualTo(1);
            JsonNode report = json(cli);
            assertThat(report.get("compliant").asBoolean()).isFalse();
            assertThat(nonCompliantIds(report)).containsExactly(SANDBOX_1, TEAM_1);
            assertThat(report.get("summary"))
                    .isEqualTo(JSON.readTree(
                            "{\"accounts\": 7, \"compliant\": 5, \"nonCompliant\": 2, \"unverified\": 0}"));
            for (String id : List.of(SANDBOX_1, TEAM_1)) {
                JsonNode a = accountIn(report, id);
                assertThat(a.get("effective")).isEqualTo(services("default", "optOut", "lex", "optIn"));
                assertThat(a.get("intended")).isEqualTo(services("default", "optOut"));
                assertThat(a.get("notes")).isNotEmpty();
                assertThat(a.get("notes").get(0).asText())
                        .contains("lex")
                        .contains("optIn")
                        .contains("team-lex")
                        .contains("p-lexin00001")
                        .contains("Sandbox")
                        .contains(OU_SANDBOX);
            }
            assertThat(accountIn(report, WORKLOADS_1).get("notes")).isEmpty();
        }

        @Test
        void theTextReportMarksTheFailingBranchAndSaysWhichPolicyAtWhichNode() throws Exception {
            Cli cli = plan(lockDefaultLayout(), orgWithForeignLexOptInOnSandbox());
            assertThat(cli.exit()).as(cli.err()).isEqualTo(1);
            String text = cli.out();
            assertThat(line(text, "sandbox-1 (" + SANDBOX_1 + ")").strip())
                    .isEqualTo("✗ sandbox-1 (" + SANDBOX_1 + ")");
            assertThat(line(text, "team-1 (" + TEAM_1 + ")").strip()).startsWith("✗ ");
            assertThat(line(text, "Sandbox (" + OU_SANDBOX + ")").strip())
                    .startsWith("✗ ")
                    .contains("2 of 2");
            assertThat(line(text, "Team (" + OU_TEAM + ")").strip()).startsWith("✗ ");
            assertThat(line(text, "Workloads (" + OU_WORKLOADS + ")").strip())
                    .startsWith("✗ ")
                    .contains("2 of 3");
            assertThat(line(text, "Root (r-ab12)").strip()).startsWith("✗ ").contains("2 of 7");
            assertThat(line(text, "workloads-1 (" + WORKLOADS_1 + ")").strip()).startsWith("✓ ");
            assertThat(line(text, "Prod (" + OU_PROD + ")").strip()).isEqualTo("✓ Prod (" + OU_PROD + ")");
            assertThat(line(text, "research (" + RESEARCH + ")").strip()).startsWith("✓ ");

            // Right under the failing account: the policy and the node that caused it.
            List<String> lines = text.lines().toList();
            int at = lines.indexOf(line(text, "sandbox-1 (" + SANDBOX_1 + ")"));
            assertThat(lines.get(at + 1))
                    .contains("team-lex")
                    .contains("p-lexin00001")
                    .contains(OU_SANDBOX);
            assertThat(indent(lines.get(at + 1))).isGreaterThan(indent(lines.get(at)));
            assertThat(lines.get(lines.size() - 1)).isEqualTo("7 accounts: 5 compliant, 2 non-compliant, 0 unverified");
        }

        @Test
        void anExceptionBlockedByAnExistingLockIsNonComplianceNamingTheLockAndItsNode() throws Exception {
            // lex-lock on Workloads fixes lex at optOut below it; sandbox-lex targets Sandbox, under Workloads.
            Path org = standardOrg(
                    List.of(policy("p-lexlock0001", "lex-lock", LEX_OUT_LOCKED)), List.of("p-lexlock0001"), List.of());
            Cli cli = plan(example("multi-ou-exceptions"), org, "--format", "json");
            assertThat(cli.exit()).as(cli.err()).isEqualTo(1);
            assertThat(cli.err()).doesNotContain("error");
            JsonNode report = json(cli);
            assertThat(nonCompliantIds(report)).containsExactly(SANDBOX_1, TEAM_1);
            JsonNode sandbox = accountIn(report, SANDBOX_1);
            assertThat(sandbox.at("/effective/services/lex/opt_out_policy").asText())
                    .isEqualTo("optOut");
            assertThat(sandbox.at("/intended/services/lex/opt_out_policy").asText())
                    .isEqualTo("optIn");
            assertThat(sandbox.get("notes").get(0).asText())
                    .contains("lex")
                    .contains("lex-lock")
                    .contains("p-lexlock0001")
                    .contains("Workloads")
                    .contains(OU_WORKLOADS);
            // The same exception on an account outside Workloads takes effect.
            assertThat(accountIn(report, CHATBOT).get("compliant").asBoolean()).isTrue();
            assertThat(accountIn(report, CHATBOT)
                            .at("/effective/services/lex/opt_out_policy")
                            .asText())
                    .isEqualTo("optIn");

            Cli text = plan(example("multi-ou-exceptions"), org);
            assertThat(text.exit()).isEqualTo(1);
            assertThat(text.out()).contains("lex-lock").contains(OU_WORKLOADS);
        }

        @Test
        void aPlannedPolicyGoesAfterTheTargetsExistingOnesSoAnExistingValueThereWins() throws Exception {
            // lex-out on Sandbox sets lex without locking it; sandbox-lex is attached to Sandbox after it.
            String lexOut = "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}}}}";
            Path org =
                    standardOrg(List.of(policy("p-lexout0001", "lex-out", lexOut)), List.of(), List.of("p-lexout0001"));
            Cli cli = plan(example("multi-ou-exceptions"), org, "--format", "json");
            assertThat(cli.exit()).as(cli.err()).isEqualTo(1);
            JsonNode report = json(cli);
            assertThat(nonCompliantIds(report)).containsExactly(SANDBOX_1, TEAM_1);
            String note = accountIn(report, SANDBOX_1).get("notes").get(0).asText();
            // The order is known (planned after existing), so this is a lost change, not an order-dependent value.
            assertThat(note)
                    .contains("lex-out")
                    .contains("p-lexout0001")
                    .contains(OU_SANDBOX)
                    .contains("first attached wins")
                    .doesNotContain("not known");
            assertThat(accountIn(report, CHATBOT).get("compliant").asBoolean()).isTrue();
        }
    }

    /**
     * Two AI policies on one node that disagree: AWS applies the first attached and no API returns
     * the order, so a file listing them either way must give the same answer: unverified, never
     * compliant, with how to resolve it.
     */
    @Nested
    class UnknownAttachmentOrder {

        private static final String DEFAULT_IN =
                "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";

        private Path twoRootPolicies(List<String> listed) throws IOException {
            return org(
                    "two-" + String.join("-", listed) + ".json",
                    List.of(
                            policy("p-rootout001", "legacy-out", DEFAULT_OUT),
                            policy("p-rootin0001", "legacy-in", DEFAULT_IN)),
                    listed,
                    ou(OU_PROD, "Prod", List.of(), account(PROD_1, "prod-1")),
                    account(CHATBOT, "chatbot"));
        }

        private static final List<List<String>> ORDERS =
                List.of(List.of("p-rootout001", "p-rootin0001"), List.of("p-rootin0001", "p-rootout001"));

        @Test
        void bothListingOrdersAreUnverifiedInJsonExitOneNamingBothPoliciesAndTheNode() throws Exception {
            for (List<String> order : ORDERS) {
                Cli cli = plan(example("multi-ou"), twoRootPolicies(order), "--format", "json");
                assertThat(cli.exit()).as(order + cli.err()).isEqualTo(1);
                JsonNode report = json(cli);
                assertThat(report.get("compliant").asBoolean())
                        .as(order.toString())
                        .isFalse();
                assertThat(report.get("summary"))
                        .as(order.toString())
                        .isEqualTo(JSON.readTree(
                                "{\"accounts\": 2, \"compliant\": 0, \"nonCompliant\": 0, \"unverified\": 2}"));
                for (JsonNode a : report.get("accounts")) {
                    assertThat(a.get("compliant").asBoolean())
                            .as(order + a.toString())
                            .isFalse();
                    assertThat(a.get("verdict").asText()).isEqualTo("unverified");
                    assertThat(a.get("notes").get(0).asText())
                            .startsWith("unverified: ")
                            .contains("legacy-out", "p-rootout001", "legacy-in", "p-rootin0001", "Root", ROOT)
                            .contains("order is not known")
                            .contains("merge the two policies", "re-attach them in the intended order");
                }
            }
        }

        @Test
        void bothListingOrdersAreUnverifiedInText() throws Exception {
            for (List<String> order : ORDERS) {
                Cli cli = plan(example("multi-ou"), twoRootPolicies(order));
                assertThat(cli.exit()).as(order + cli.err()).isEqualTo(1);
                String text = cli.out();
                assertThat(line(text, "prod-1 (" + PROD_1 + ")").strip()).isEqualTo("? prod-1 (" + PROD_1 + ")");
                assertThat(line(text, "chatbot (" + CHATBOT + ")").strip()).isEqualTo("? chatbot (" + CHATBOT + ")");
                assertThat(line(text, "Root (r-ab12)").strip()).startsWith("? ").contains("2 of 2 accounts unverified");
                assertThat(text).doesNotContain("✓ prod-1", "✓ chatbot", "✗");
                List<String> lines = text.lines().toList();
                int at = lines.indexOf(line(text, "chatbot (" + CHATBOT + ")"));
                assertThat(lines.get(at + 1)).contains("unverified: ", "legacy-out", "legacy-in", "merge");
                assertThat(lines.get(lines.size() - 1))
                        .isEqualTo("2 accounts: 0 compliant, 0 non-compliant, 2 unverified");
            }
        }

        @Test
        void synthAndValidateWithOrgRefuseAProofThatRestsOnTheOrder() throws Exception {
            for (List<String> order : ORDERS) {
                Path org = twoRootPolicies(order);
                Cli validate =
                        Cli.run("validate", "--config", example("multi-ou").toString(), "--org", org.toString());
                assertThat(validate.exit()).as(order + validate.err()).isEqualTo(2);
                assertThat(validate.err())
                        .contains("the outcome cannot be proven", "legacy-out", "legacy-in", ROOT, "order is not known")
                        .contains("merge the two policies");
                Path out = dir.resolve("out");
                Cli synth = Cli.run(
                        "synth",
                        "--config",
                        example("multi-ou").toString(),
                        "--org",
                        org.toString(),
                        "--out",
                        out.toString());
                assertThat(synth.exit()).isEqualTo(2);
                assertThat(synth.err()).contains("the outcome cannot be proven", "nothing was written");
                assertThat(Files.exists(out)).isFalse();
            }
        }

        @Test
        void anUndocumentedChildControlThatDecidesAnExceptionIsUnverifiedAndRefused() throws Exception {
            // An existing root policy locks lex with @@append, which AWS does not document for this type.
            String appendLock = "{\"services\":{\"lex\":{\"opt_out_policy\":"
                    + "{\"@@operators_allowed_for_child_policies\":[\"@@append\"],\"@@assign\":\"optOut\"}}}}";
            Path org = org(
                    "append.json",
                    List.of(policy("p-append0001", "legacy-append", appendLock)),
                    List.of("p-append0001"),
                    ou(OU_SANDBOX, "Sandbox", List.of(), account(SANDBOX_1, "sandbox-1")),
                    account(CHATBOT, "chatbot"),
                    account(RESEARCH, "research"));
            Cli cli = plan(example("multi-ou-exceptions"), org, "--format", "json");
            assertThat(cli.exit()).as(cli.err()).isEqualTo(1);
            JsonNode report = json(cli);
            for (String id : List.of(SANDBOX_1, CHATBOT)) {
                JsonNode a = accountIn(report, id);
                assertThat(a.get("verdict").asText()).as(id).isEqualTo("unverified");
                assertThat(a.get("notes").get(0).asText())
                        .contains(
                                "legacy-append",
                                "p-append0001",
                                "@@append",
                                "not known",
                                "[\"@@assign\"] or [\"@@none\"]");
            }
            // The research account's exception is about transcribe: lex is not changed there, nothing is unknown.
            assertThat(accountIn(report, RESEARCH).get("verdict").asText()).isEqualTo("compliant");

            Cli text = plan(example("multi-ou-exceptions"), org);
            assertThat(text.out()).contains("? sandbox-1", "legacy-append");
            Cli validate = Cli.run(
                    "validate", "--config", example("multi-ou-exceptions").toString(), "--org", org.toString());
            assertThat(validate.exit()).isEqualTo(2);
            assertThat(validate.err()).contains("the outcome cannot be proven", "legacy-append", "@@append");
        }
    }

    /** Member-account admins choose their own account names: none may act on a terminal or forge a line. */
    @Nested
    class NamesFromTheOrganization {

        @Test
        void noEscapeOrLineBreakFromANameReachesTheTextReportAndJsonKeepsItExactly() throws Exception {
            String account = "evil\u001b[8m\n✓ fake-ok (999999999999)\u2028x";
            String policy = "pol\u001b]0;title\u0007";
            Path org = namedOrg("evil.json", account, policy, "Sand\rbox");
            Cli plain = plan(lockDefaultLayout(), namedOrg("plain.json", "plain", "plain", "Sandbox"));
            Cli cli = plan(lockDefaultLayout(), org);
            assertThat(cli.exit()).as(cli.err()).isEqualTo(1);
            String text = cli.out();
            assertThat(text).doesNotContain("\u001b", "\u0007", "\r", "\u2028");
            assertThat(text.lines()).noneMatch(l -> l.strip().startsWith("✓ fake-ok"));
            assertThat(text).contains("evil\\u001b[8m\\u000a✓ fake-ok (999999999999)\\u2028x (" + SANDBOX_1 + ")");
            assertThat(text).contains("pol\\u001b]0;title\\u0007");
            assertThat(text.lines().count())
                    .as(text)
                    .isEqualTo(plain.out().lines().count());

            Cli json = plan(lockDefaultLayout(), org, "--format", "json");
            assertThat(accountIn(json(json), SANDBOX_1).get("name").asText()).isEqualTo(account);
        }

        private Path namedOrg(String file, String accountName, String policyName, String ouName) throws IOException {
            return org(
                    file,
                    List.of(policy("p-evil000001", policyName, LEX_IN)),
                    List.of(),
                    ou(OU_SANDBOX, ouName, List.of("p-evil000001"), account(SANDBOX_1, accountName)),
                    account(CHATBOT, "chatbot"));
        }

        @Test
        void errorsQuoteNamesSafelyToo() throws Exception {
            Path org = org(
                    "evil-lock.json",
                    List.of(policy("p-evil000002", "lock\u001b[2J", LEX_OUT_LOCKED)),
                    List.of("p-evil000002"),
                    ou(OU_SANDBOX, "Sandbox", List.of(), account(SANDBOX_1, "sandbox\n1")),
                    account(CHATBOT, "chatbot"),
                    account(RESEARCH, "research"));
            Cli cli = Cli.run(
                    "validate", "--config", example("multi-ou-exceptions").toString(), "--org", org.toString());
            assertThat(cli.exit()).isEqualTo(2);
            assertThat(cli.err()).doesNotContain("\u001b").contains("lock\\u001b[2J", "sandbox\\u000a1");
        }
    }

    @Nested
    class ReportFiles {

        @Test
        void htmlGoesToTheOutputFileWithTheSameExitCodeAndNothingOnStandardOutput() throws Exception {
            Path report = dir.resolve("reports/plan.html");
            Cli cli = plan(
                    example("multi-ou-exceptions"), standardOrg(), "--format", "html", "--output", report.toString());
            assertThat(cli.exit()).as(cli.err()).isZero();
            assertThat(cli.out()).isEmpty();
            String html = Files.readString(report);
            assertThat(html).startsWith("<!DOCTYPE html>\n").endsWith("</html>\n");
            assertThat(html).contains("<title>ai-optout plan: o-exampleorgid: compliant: ");
            // The data island has every account of the tree.
            for (String id : List.of(SANDBOX_1, TEAM_1, WORKLOADS_1, PROD_1, PROD_EU_1, CHATBOT, RESEARCH)) {
                assertThat(html).contains("\"id\":\"" + id + "\"");
            }
            Cli again = plan(example("multi-ou-exceptions"), standardOrg(), "--format", "html");
            assertThat(again.out())
                    .as("standard output without --output, the same bytes")
                    .isEqualTo(html);
        }

        @Test
        void badInputLeavesAnExistingOutputFileAsItWas() throws Exception {
            Path report = dir.resolve("plan.html");
            Files.writeString(report, "the previous report");
            Cli cli =
                    plan(dir.resolve("missing.yaml"), standardOrg(), "--format", "html", "--output", report.toString());
            assertThat(cli.exit()).isEqualTo(2);
            assertThat(Files.readString(report)).isEqualTo("the previous report");
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as("no temporary file left")
                        .containsExactlyInAnyOrder("plan.html", "org.json");
            }
        }

        @Test
        void anOutputThatCannotBeWrittenIsBadInputNamingThePath() throws Exception {
            Path blocker = dir.resolve("blocker");
            Files.writeString(blocker, "a file, not a folder");
            Cli cli = plan(
                    example("multi-ou-exceptions"),
                    standardOrg(),
                    "--format",
                    "html",
                    "--output",
                    blocker.resolve("plan.html").toString());
            assertThat(cli.exit()).isEqualTo(2);
            assertThat(cli.err())
                    .isEqualTo("error: cannot write " + blocker.resolve("plan.html") + ": " + blocker
                            + " is a file, not a folder (name a file in a folder)\n"
                            + "ai-optout: 1 error; nothing was written\n");
        }
    }

    @Nested
    class Refused {

        @Test
        void moreThanFivePoliciesOnATargetCountingExistingOnesIsBadInput() throws Exception {
            List<Map<String, Object>> foreign = new ArrayList<>();
            IntStream.rangeClosed(1, 5).forEach(i -> foreign.add(policy("p-empty000" + i, "empty-" + i, EMPTY)));
            List<String> five = foreign.stream().map(p -> (String) p.get("id")).toList();

            // Four existing and sandbox-lex: five, the most AWS allows.
            Cli four = plan(example("multi-ou-exceptions"), standardOrg(foreign, List.of(), five.subList(0, 4)));
            assertThat(four.exit()).as(four.err()).isZero();

            // Five existing and sandbox-lex: six.
            Cli cli = plan(example("multi-ou-exceptions"), standardOrg(foreign, List.of(), five));
            assertThat(cli.exit()).isEqualTo(2);
            assertThat(cli.out()).isEmpty();
            assertThat(cli.err())
                    .contains("error: exceptions[0].targets[0]: 6 AI opt-out policies would be attached directly to "
                            + OU_SANDBOX)
                    .contains("at most 5");
        }

        @Test
        void theBaselineOnARootThatAlreadyHasFivePoliciesIsBadInput() throws Exception {
            List<Map<String, Object>> foreign = new ArrayList<>();
            IntStream.rangeClosed(1, 5).forEach(i -> foreign.add(policy("p-empty000" + i, "empty-" + i, EMPTY)));
            Path org = org(
                    "org.json",
                    foreign,
                    foreign.stream().map(p -> (String) p.get("id")).toList(),
                    account(PROD_1, "prod-1"));
            Cli cli = plan(example("multi-ou"), org);
            assertThat(cli.exit()).isEqualTo(2);
            assertThat(cli.err())
                    .contains("error: attach[0]: 6 AI opt-out policies would be attached directly to " + ROOT);
        }

        @SuppressWarnings("unchecked")
        private Path chainOfOus(int depth) throws IOException {
            Map<String, Object> node = account(PROD_1, "deep");
            for (int level = depth; level >= 1; level--) {
                node = ou("ou-ab12-0000000" + level, "L" + level, List.of(), node);
            }
            return org("deep-" + depth + ".json", List.of(), List.of(), node);
        }

        @Test
        void anOuPathDeeperThanFiveIsBadInput() throws Exception {
            Cli five = plan(example("multi-ou"), chainOfOus(5));
            assertThat(five.exit()).as(five.err()).isZero();
            assertThat(five.out()).contains("L5 (ou-ab12-00000005)");

            Cli six = plan(example("multi-ou"), chainOfOus(6));
            assertThat(six.exit()).isEqualTo(2);
            assertThat(six.out()).isEmpty();
            assertThat(six.err())
                    .contains("ou-ab12-00000006")
                    .contains("nested 6 levels")
                    .contains("at most 5");
        }

        @Test
        void aTargetMissingFromTheOrganizationIsBadInput() throws Exception {
            Path org = org(
                    "org.json",
                    List.of(),
                    List.of(),
                    ou(OU_SANDBOX, "Sandbox", List.of(), account(SANDBOX_1, "sandbox-1")),
                    account(CHATBOT, "chatbot"));
            Cli cli = plan(example("multi-ou-exceptions"), org);
            assertThat(cli.exit()).isEqualTo(2);
            assertThat(cli.out()).isEmpty();
            assertThat(cli.err())
                    .contains("error: exceptions[1].targets[0]: account " + RESEARCH + " is not in the organization");
        }

        @Test
        void planWithoutOrgIsBadInput() {
            Cli cli = Cli.run("plan", "--config", example("multi-ou").toString());
            assertThat(cli.exit()).isEqualTo(2);
            assertThat(cli.out()).isEmpty();
            assertThat(cli.err()).contains("--org");
        }

        @Test
        void aMissingOrgFileIsBadInput() {
            Cli cli = plan(example("multi-ou"), dir.resolve("nope.json"));
            assertThat(cli.exit()).isEqualTo(2);
            assertThat(cli.err()).contains("organization file not found");
        }

        @Test
        void aMalformedOrgFileIsBadInputWithTheFieldPath() throws Exception {
            Path org = org(
                    "org.json",
                    List.of(),
                    List.of(),
                    ou(OU_PROD, "Prod", List.of(), account(PROD_1, "prod-1"), account("12345", "short")));
            Cli cli = plan(example("multi-ou"), org);
            assertThat(cli.exit()).isEqualTo(2);
            assertThat(cli.out()).isEmpty();
            assertThat(cli.err())
                    .contains(org + ": error: /root/children/0/children/1/id: \"12345\" is not an account id");
        }

        @Test
        void anOrgFileThatIsNotJsonIsBadInputWithLineAndColumn() throws Exception {
            Path org = dir.resolve("broken.json");
            Files.writeString(org, "{\"rootId\": \"r-ab12\",\n \"root\": {\"id\": \"r-ab12\",, }}\n");
            Cli cli = plan(example("multi-ou"), org);
            assertThat(cli.exit()).isEqualTo(2);
            assertThat(cli.err()).contains(org + ":2:").contains("error: not valid JSON");
        }

        @Test
        void anUnknownFormatIsBadInput() throws Exception {
            Cli cli = plan(example("multi-ou"), standardOrg(), "--format", "yaml");
            assertThat(cli.exit()).isEqualTo(2);
        }
    }

    @Nested
    class SynthAndValidateWithOrg {

        private Path blockingOrg() throws IOException {
            return standardOrg(
                    List.of(policy("p-lexlock0001", "lex-lock", LEX_OUT_LOCKED)), List.of("p-lexlock0001"), List.of());
        }

        @Test
        void validateAcceptsTheLayoutOnAnOrganizationWhereItTakesEffect() throws Exception {
            Cli cli = Cli.run(
                    "validate",
                    "--config",
                    example("multi-ou-exceptions").toString(),
                    "--org",
                    standardOrg().toString());
            assertThat(cli.exit()).as(cli.err()).isZero();
            assertThat(cli.out()).contains("valid");
        }

        @Test
        void validateRefusesALayoutWhoseExceptionAForeignLockBlocks() throws Exception {
            Path config = example("multi-ou-exceptions");
            // Without the organization nothing is known to block it.
            assertThat(Cli.run("validate", "--config", config.toString()).exit())
                    .isZero();

            Cli cli = Cli.run(
                    "validate",
                    "--config",
                    config.toString(),
                    "--org",
                    blockingOrg().toString());
            assertThat(cli.exit()).isEqualTo(2);
            assertThat(cli.out()).isEmpty();
            assertThat(cli.err())
                    .contains("error: exceptions[0]: exception \"sandbox-lex\" would not take effect")
                    .contains("lex-lock")
                    .contains("p-lexlock0001")
                    .contains(OU_WORKLOADS)
                    .contains("already in the organization");
        }

        @Test
        void synthRefusesItAndLeavesTheOutputFolderUntouched() throws Exception {
            Path out = dir.resolve("out");
            Files.createDirectories(out.resolve("stacks/ai-optout"));
            Files.writeString(out.resolve("stacks/ai-optout/cdk.tf.json"), "previous run");
            Files.writeString(out.resolve("stacks/ai-optout/terraform.ai-optout.tfstate"), "state");
            List<String> before = CommandLineTest.tree(out);

            Cli cli = Cli.run(
                    "synth",
                    "--config",
                    example("multi-ou-exceptions").toString(),
                    "--org",
                    blockingOrg().toString(),
                    "--out",
                    out.toString());
            assertThat(cli.exit()).isEqualTo(2);
            assertThat(cli.err())
                    .contains("exception \"sandbox-lex\" would not take effect")
                    .contains("lex-lock")
                    .contains(OU_WORKLOADS)
                    .contains("nothing was written");
            assertThat(CommandLineTest.tree(out)).isEqualTo(before);
            assertThat(Files.readString(out.resolve("stacks/ai-optout/cdk.tf.json")))
                    .isEqualTo("previous run");
            assertThat(Files.readString(out.resolve("stacks/ai-optout/terraform.ai-optout.tfstate")))
                    .isEqualTo("state");
            assertThat(CommandLineTest.tree(dir)).allMatch(p -> p.startsWith("out/") || p.endsWith(".json"));
        }

        @Test
        void synthRefusesAForeignOptInThatBreaksALockDefaultLayout() throws Exception {
            Path org = standardOrg(
                    List.of(policy("p-lexin00001", "team-lex", LEX_IN)), List.of(), List.of("p-lexin00001"));
            Path out = dir.resolve("out");
            Cli cli = Cli.run(
                    "synth",
                    "--config",
                    lockDefaultLayout().toString(),
                    "--org",
                    org.toString(),
                    "--out",
                    out.toString());
            assertThat(cli.exit()).isEqualTo(2);
            assertThat(cli.err()).contains("team-lex").contains(OU_SANDBOX);
            assertThat(Files.exists(out)).isFalse();
        }
    }
}
