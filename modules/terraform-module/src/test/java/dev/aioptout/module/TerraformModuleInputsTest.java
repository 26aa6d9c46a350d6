package dev.aioptout.module;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.layout.AlertEndpoints;
import dev.aioptout.layout.LayoutDefaults;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptValue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module's inputs: every one the README promises, in a fixed order, each defaulting to the
 * plan's value (the built-in defaults when the layout leaves them out), and each with the
 * validation that refuses what the layout file refuses; variables.tf writes exactly these.
 */
class TerraformModuleInputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> NAMES = List.of(
            "targets",
            "exceptions",
            "policy_name",
            "policy_description",
            "default_value",
            "lock",
            "services",
            "tags",
            "alert_emails",
            "alert_https_urls",
            "alert_sns_topic_arn",
            "alert_name");

    private static Map<String, TerraformModule.Input> inputs(String layout) {
        return TerraformModule.inputs(ModuleLayouts.plan(layout)).stream()
                .collect(Collectors.toMap(
                        TerraformModule.Input::name, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void everyInputInTheOrderTheReadmeListsThem() {
        assertThat(inputs(ModuleLayouts.FULL).keySet()).containsExactlyElementsOf(NAMES);
        assertThat(inputs(ModuleLayouts.MINIMAL).keySet()).containsExactlyElementsOf(NAMES);
        Map<String, String> types = inputs(ModuleLayouts.FULL).values().stream()
                .collect(Collectors.toMap(TerraformModule.Input::name, TerraformModule.Input::type));
        assertThat(types)
                .containsEntry("targets", "list(string)")
                .containsEntry(
                        "exceptions",
                        "map(object({ targets = list(string), services = map(string), reason = string,"
                                + " expires = optional(string) }))")
                .containsEntry("policy_name", "string")
                .containsEntry("default_value", "string")
                .containsEntry("services", "map(string)")
                .containsEntry("tags", "map(string)")
                .containsEntry("alert_emails", "list(string)")
                .containsEntry("alert_sns_topic_arn", "string");
        assertThat(inputs(ModuleLayouts.FULL).values())
                .allSatisfy(i ->
                        assertThat(i.description()).as(i.name()).isNotBlank().endsWith("."));
    }

    @Test
    void defaultsAreThePlansValues() throws Exception {
        Map<String, TerraformModule.Input> inputs = inputs(ModuleLayouts.FULL);
        assertThat(inputs.get("targets").defaultValue()).isEqualTo(json("[\"root\", \"ou-ab12-34567890\"]"));
        assertThat(inputs.get("policy_name").defaultValue()).isEqualTo(json("\"corp-ai-optout\""));
        assertThat(inputs.get("policy_description").defaultValue())
                .isEqualTo(json("\"Opt out of AI data use (security team)\""));
        assertThat(inputs.get("default_value").defaultValue()).isEqualTo(json("\"optIn\""));
        assertThat(inputs.get("lock").defaultValue()).isEqualTo(json("\"default\""));
        assertThat(inputs.get("services").defaultValue())
                .isEqualTo(json("{\"lex\": \"optOut\", \"rekognition\": \"optOut\"}"));
        assertThat(inputs.get("tags").defaultValue())
                .isEqualTo(json("{\"cost-center\": \"cc 42\", \"owner\": \"platform-security\"}"));
        assertThat(inputs.get("alert_emails").defaultValue()).isEqualTo(json("[\"security@example.com\"]"));
        assertThat(inputs.get("alert_https_urls").defaultValue()).isEqualTo(json("[\"https://hooks.example.com/ai\"]"));
        assertThat(inputs.get("alert_sns_topic_arn").defaultValue())
                .isEqualTo(json("\"arn:aws:sns:us-east-1:111122223333:security-alerts\""));
        // The rule is named after the layout's stack, as the stack's own rule is.
        assertThat(inputs.get("alert_name").defaultValue()).isEqualTo(json("\"corp-optout-tamper-alerts\""));
    }

    @Test
    void exceptionsKeepTheLayoutsOrderAndSayNullForNoExpiry() throws Exception {
        JsonNode exceptions = inputs(ModuleLayouts.FULL).get("exceptions").defaultValue();
        assertThat(exceptions).isEqualTo(json("""
                {"sandbox-lex": {"targets": ["ou-ab12-11111111", "111122223333"], "services": {"lex": "optIn"},
                                 "reason": "Chatbot team evaluation, ticket \\"SEC-123\\"", "expires": "2099-06-30"},
                 "research": {"targets": ["444455556666"], "services": {"transcribe": "optIn"},
                              "reason": "Speech research", "expires": null}}
                """));
        List<String> order = new java.util.ArrayList<>();
        exceptions.fieldNames().forEachRemaining(order::add);
        assertThat(order).containsExactly("sandbox-lex", "research");
        // Service keys as the plan sorts them: the same order in every run.
        String layout =
                ModuleLayouts.FULL.replace("services: {lex: optIn}", "services: {translate: optIn, lex: optOut}");
        List<String> keys = new java.util.ArrayList<>();
        inputs(layout)
                .get("exceptions")
                .defaultValue()
                .path("sandbox-lex")
                .path("services")
                .fieldNames()
                .forEachRemaining(keys::add);
        assertThat(keys).containsExactly("lex", "translate");
    }

    @Test
    void aLayoutThatLeavesEverythingOutGivesTheBuiltInDefaults() throws Exception {
        Map<String, TerraformModule.Input> inputs = inputs(ModuleLayouts.MINIMAL);
        assertThat(inputs.get("targets").defaultValue()).isEqualTo(json("[\"root\"]"));
        assertThat(inputs.get("exceptions").defaultValue()).isEqualTo(json("{}"));
        assertThat(inputs.get("policy_name").defaultValue().asText()).isEqualTo(LayoutDefaults.POLICY_NAME);
        assertThat(inputs.get("policy_description").defaultValue().asText())
                .isEqualTo(LayoutDefaults.POLICY_DESCRIPTION);
        assertThat(inputs.get("default_value").defaultValue().asText()).isEqualTo(LayoutDefaults.DEFAULT_VALUE.json());
        assertThat(inputs.get("lock").defaultValue().asText()).isEqualTo(LayoutDefaults.LOCK.yaml());
        assertThat(inputs.get("services").defaultValue()).isEqualTo(json("{}"));
        assertThat(inputs.get("tags").defaultValue()).isEqualTo(json("{}"));
        assertThat(inputs.get("alert_emails").defaultValue()).isEqualTo(json("[]"));
        assertThat(inputs.get("alert_https_urls").defaultValue()).isEqualTo(json("[]"));
        assertThat(inputs.get("alert_sns_topic_arn").defaultValue().isNull()).isTrue();
        assertThat(inputs.get("alert_name").defaultValue().asText())
                .isEqualTo(LayoutDefaults.STACK_NAME + LayoutDefaults.ALERTS_NAME_SUFFIX);
    }

    @Test
    void onlyInputsThatCanBeWrongHaveAValidation() {
        Map<String, TerraformModule.Input> inputs = inputs(ModuleLayouts.FULL);
        List<String> validated = inputs.values().stream()
                .filter(i -> !i.validations().isEmpty())
                .map(TerraformModule.Input::name)
                .toList();
        assertThat(validated)
                .containsExactly(
                        "targets",
                        "exceptions",
                        "default_value",
                        "lock",
                        "services",
                        "alert_emails",
                        "alert_https_urls",
                        "alert_sns_topic_arn",
                        "alert_name");
        for (TerraformModule.Input input : inputs.values()) {
            for (var v : input.validations()) {
                String condition = v.path("condition").asText();
                // A whole expression about this input alone, and a message that says what is allowed.
                assertThat(condition)
                        .as(input.name())
                        .startsWith("${")
                        .endsWith("}")
                        .contains("var." + input.name());
                assertThat(v.path("error_message").asText()).as(input.name()).endsWith(".");
                assertThat(v.size()).isEqualTo(2);
            }
        }
    }

    @Test
    void valueValidationsAcceptExactlyTheLayoutsSpellings() {
        Map<String, TerraformModule.Input> inputs = inputs(ModuleLayouts.FULL);
        String allowed = "["
                + Arrays.stream(OptValue.values())
                        .map(v -> "\"" + v.json() + "\"")
                        .collect(Collectors.joining(", ")) + "]";
        for (String name : List.of("exceptions", "default_value", "services")) {
            assertThat(condition(inputs, name)).as(name).contains("contains(" + allowed + ", ");
        }
        String locks = "["
                + Arrays.stream(LockLevel.values())
                        .map(l -> "\"" + l.yaml() + "\"")
                        .collect(Collectors.joining(", ")) + "]";
        assertThat(condition(inputs, "lock")).isEqualTo("${contains(" + locks + ", var.lock)}");
    }

    @Test
    void targetsAreRootOuIdsAndAccountIdsOnly() {
        Pattern regex = regex(condition(inputs(ModuleLayouts.FULL), "targets"));
        for (String good : List.of("root", "ou-ab12-34567890", "ou-0a1b-abcdefgh12", "111122223333")) {
            assertThat(regex.matcher(good).matches()).as(good).isTrue();
        }
        // A root id is not a target (the module looks the root up), nor an OU path (needs an organization file).
        for (String bad : List.of("r-ab12", "/Workloads", "11112222333", "ROOT", "ou-ab12-3456789", " root")) {
            assertThat(regex.matcher(bad).matches()).as(bad).isFalse();
        }
    }

    @Test
    void alertInputsAreCheckedByTheLayoutsRules() {
        Map<String, TerraformModule.Input> inputs = inputs(ModuleLayouts.FULL);
        String emails = condition(inputs, "alert_emails");
        assertThat(emails)
                .contains("length(e) <= " + AlertEndpoints.MAX_EMAIL)
                .contains("length(split(\"@\", e)[0]) <= " + AlertEndpoints.MAX_EMAIL_LOCAL_PART);
        Pattern email = regex(emails);
        assertThat(email.matcher("security@example.com").matches()).isTrue();
        assertThat(email.matcher("ops+ai@mail.example.org").matches()).isTrue();
        assertThat(email.matcher("security at example.com").matches()).isFalse();
        assertThat(email.matcher("sécurité@example.com").matches()).isFalse();

        String urls = condition(inputs, "alert_https_urls");
        assertThat(urls).contains("length(u) <= " + AlertEndpoints.MAX_URL);
        Pattern url = regex(urls);
        assertThat(url.matcher("https://hooks.example.com/ai?x=1").matches()).isTrue();
        assertThat(url.matcher("http://hooks.example.com").matches()).isFalse();
        assertThat(url.matcher("https://user:pw@hooks.example.com").matches()).isFalse();

        Pattern arn = regex(condition(inputs, "alert_sns_topic_arn"));
        assertThat(condition(inputs, "alert_sns_topic_arn")).startsWith("${var.alert_sns_topic_arn == null || ");
        assertThat(arn.matcher("arn:aws:sns:us-east-1:111122223333:security-alerts")
                        .matches())
                .isTrue();
        // Organizations delivers its events in us-east-1 only: a topic elsewhere cannot receive them.
        assertThat(arn.matcher("arn:aws:sns:eu-west-1:111122223333:security-alerts")
                        .matches())
                .isFalse();
        assertThat(arn.matcher("arn:aws:sns:us-east-1:111122223333:alerts.fifo").matches())
                .isFalse();

        Pattern name = regex(condition(inputs, "alert_name"));
        assertThat(name.matcher("a".repeat(LayoutDefaults.MAX_RULE_NAME)).matches())
                .isTrue();
        assertThat(name.matcher("a".repeat(LayoutDefaults.MAX_RULE_NAME + 1)).matches())
                .isFalse();
        assertThat(name.matcher("has space").matches()).isFalse();
    }

    @Test
    void variablesTfDeclaresEachInputOnceWithItsDefaultAndValidations() {
        PolicyPlan plan = ModuleLayouts.plan(ModuleLayouts.FULL);
        String variables = TerraformModule.files(plan).get("variables.tf");
        Matcher blocks = Pattern.compile("(?m)^variable \"([a-z_]+)\" \\{$").matcher(variables);
        List<String> declared = new java.util.ArrayList<>();
        while (blocks.find()) {
            declared.add(blocks.group(1));
        }
        assertThat(declared).containsExactlyElementsOf(NAMES);
        long validations = TerraformModule.inputs(plan).stream()
                .mapToLong(i -> i.validations().size())
                .sum();
        assertThat(Pattern.compile("(?m)^  validation \\{$")
                        .matcher(variables)
                        .results()
                        .count())
                .isEqualTo(validations);
        assertThat(variables)
                .contains("  default     = [\"root\", \"ou-ab12-34567890\"]\n")
                .contains("      reason  = \"Chatbot team evaluation, ticket \\\"SEC-123\\\"\"\n")
                .contains("      expires = null\n")
                .endsWith("}\n");
        // Without alerts the given topic is null, and an empty list or map is written as such.
        assertThat(TerraformModule.files(ModuleLayouts.plan(ModuleLayouts.MINIMAL))
                        .get("variables.tf"))
                .contains("  default     = null\n")
                .contains("  default     = []\n")
                .contains("  default     = {}\n");
    }

    private static String condition(Map<String, TerraformModule.Input> inputs, String name) {
        return inputs.get(name).validations().get(0).path("condition").asText();
    }

    /** The regular expression inside a condition's {@code regex("...")}, as Java reads it (the patterns use no RE2-only syntax). */
    private static Pattern regex(String condition) {
        Matcher m = Pattern.compile("regex\\(\"(.*?)\", ").matcher(condition);
        assertThat(m.find()).as(condition).isTrue();
        return Pattern.compile(m.group(1).replace("\\\\", "\\"));
    }
}
