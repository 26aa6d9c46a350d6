package dev.aioptout.module;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.hcl.HclStrings;
import dev.aioptout.names.TerraformNames;
import dev.aioptout.plan.AlertPlan;
import dev.aioptout.plan.PlannedPolicy;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.CanonicalJson;
import dev.aioptout.policy.PolicyDocument;
import dev.aioptout.policy.TargetId;
import dev.aioptout.testing.ExternalTools;
import dev.aioptout.testing.NeedsTerraform;
import dev.aioptout.testing.SeededTries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terraform itself plans the module of random layouts ({@code terraform test}, the AWS provider
 * mocked, nothing applied) and checks that main.tf builds what the Java code builds for the stack:
 * the same documents, byte for byte, the same names, descriptions and tags, the attachments keyed
 * {@code name_target} on the same targets, and the alerting resources the layout asks for. Then that
 * every input's validation refuses a wrong value, and that the module's own checks stop a plan:
 * the policy type not enabled, a provider outside us-east-1 for the alerts.
 */
@NeedsTerraform
class ModulePlanTest {

    private static final long SEED = 0x5EED_0601L;
    private static final int LAYOUTS = 24;
    /** The root id and account the mocked provider reads. */
    private static final String ROOT_ID = "r-ab12";

    private static final String ACCOUNT = "111122223333";

    @TempDir
    Path dir;

    @Test
    void terraformPlansTheModuleIntoWhatTheJavaCodeBuilds() throws Exception {
        StringBuilder tests = new StringBuilder(mocks());
        List<String> layouts = SeededTries.check(SEED, LAYOUTS, ModuleLayouts::random, yaml -> yaml, yaml -> {});
        for (int i = 0; i < layouts.size(); i++) {
            String name = "layout-%02d".formatted(i);
            PolicyPlan plan = ModuleLayouts.plan(layouts.get(i));
            write(dir.resolve("layouts").resolve(name), TerraformModule.files(plan));
            tests.append(run(name, plan));
        }
        tests.append(refusals());
        Path file = dir.resolve("tests/module.tftest.hcl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, tests, StandardCharsets.UTF_8);
        // The folder Terraform runs in needs only the provider the modules under test use.
        Files.writeString(
                dir.resolve("versions.tf"),
                TerraformModule.files(ModuleLayouts.plan(ModuleLayouts.MINIMAL)).get("versions.tf"));

        String init = terraform("init", "-input=false", "-no-color");
        String test = terraform("test", "-no-color");
        int runs = LAYOUTS + refusalCount();
        assertThat(test)
                .as(init + "\n" + test + "\n(the layouts and the test file stay in " + dir + ")")
                .contains("Success! " + runs + " passed, 0 failed.");
    }

    /** The provider, mocked: an organization with the policy type enabled, in us-east-1. */
    private static String mocks() {
        return """
                mock_provider "aws" {
                  mock_data "aws_organizations_organization" {
                    defaults = {
                      id                   = "o-exampleorgid"
                      roots                = [{ id = "%s", arn = "arn:aws:organizations::%s:root/o-exampleorgid/%s", name = "Root", policy_types = [] }]
                      enabled_policy_types = ["SERVICE_CONTROL_POLICY", "%s"]
                    }
                  }
                  mock_data "aws_region" {
                    defaults = { id = "us-east-1", name = "us-east-1" }
                  }
                  mock_data "aws_caller_identity" {
                    defaults = { account_id = "%s" }
                  }
                }

                """.formatted(ROOT_ID, ACCOUNT, ROOT_ID, PolicyDocument.TYPE, ACCOUNT);
    }

    /** One run: the layout's module planned with its defaults, and what the Java code says it must hold. */
    private static String run(String name, PolicyPlan plan) {
        StringBuilder run = new StringBuilder(
                "run \"" + name + "\" {\n  command = plan\n  module {\n    source = \"./layouts/" + name + "\"\n  }\n");
        policy(run, "aws_organizations_policy.baseline", plan.baseline());
        Map<String, String> baselineTargets = new TreeMap<>();
        Map<String, String> exceptionTargets = new TreeMap<>();
        List<String> outputKeys = new ArrayList<>();
        for (TargetId t : plan.baseline().targets()) {
            baselineTargets.put(t.value(), t.isRoot() ? ROOT_ID : t.value());
            outputKeys.add(TerraformNames.attachmentKey(TerraformNames.BASELINE, t.value()));
        }
        for (PlannedPolicy e : plan.exceptions()) {
            policy(run, "aws_organizations_policy.exception[" + HclStrings.literal(e.key()) + "]", e);
            for (TargetId t : e.targets()) {
                exceptionTargets.put(TerraformNames.attachmentKey(e.key(), t.value()), t.value());
                outputKeys.add(TerraformNames.attachmentKey(e.key(), t.value()));
            }
        }
        expect(
                run,
                "the exception policies",
                "jsonencode(sort(keys(aws_organizations_policy.exception)))",
                CanonicalJson.write(plan.exceptions().stream()
                        .map(PlannedPolicy::key)
                        .sorted()
                        .toList()));
        expect(
                run,
                "the baseline's attachments, by target",
                "jsonencode({ for k, a in aws_organizations_policy_attachment.baseline : k => a.target_id })",
                CanonicalJson.write(baselineTargets));
        expect(
                run,
                "the exceptions' attachments, by name_target",
                "jsonencode({ for k, a in aws_organizations_policy_attachment.exception : k => a.target_id })",
                CanonicalJson.write(exceptionTargets));
        expect(
                run,
                "the keys of output attachment_ids",
                "jsonencode(sort(keys(output.attachment_ids)))",
                CanonicalJson.write(outputKeys.stream().sorted().toList()));
        alerts(run, plan.alerts());
        return run.append("}\n\n").toString();
    }

    /** A planned policy's resource: its document, name, description, type and tags. */
    private static void policy(StringBuilder run, String address, PlannedPolicy planned) {
        String label = planned.label();
        expect(run, label + "'s document", address + ".content", planned.content());
        expect(run, label + "'s name", address + ".name", planned.name());
        expect(run, label + "'s description", address + ".description", planned.description());
        expect(run, label + "'s type", address + ".type", PolicyDocument.TYPE);
        expect(run, label + "'s tags", "jsonencode(" + address + ".tags)", CanonicalJson.write(planned.tags()));
    }

    /** The alerting resources: counted on the inputs, named and subscribed as the stack's. */
    private static void alerts(StringBuilder run, AlertPlan alerts) {
        boolean any = alerts != null;
        boolean topic = any && alerts.createsTopic();
        expect(
                run,
                "the alert rules",
                "jsonencode(aws_cloudwatch_event_rule.tamper_alerts[*].name)",
                CanonicalJson.write(any ? List.of(alerts.name()) : List.of()));
        expect(
                run,
                "the alert rule's pattern",
                "jsonencode(aws_cloudwatch_event_rule.tamper_alerts[*].event_pattern)",
                CanonicalJson.write(any ? List.of(AlertPlan.eventPattern()) : List.of()));
        expect(
                run,
                "the created topics",
                "jsonencode(aws_sns_topic.tamper_alerts[*].name)",
                CanonicalJson.write(topic ? List.of(alerts.name()) : List.of()));
        expect(
                run,
                "the e-mail subscriptions",
                "jsonencode(sort(keys(aws_sns_topic_subscription.tamper_alerts_email)))",
                CanonicalJson.write(topic ? alerts.emails().stream().sorted().toList() : List.of()));
        expect(
                run,
                "the https subscriptions",
                "jsonencode(sort(keys(aws_sns_topic_subscription.tamper_alerts_https)))",
                CanonicalJson.write(topic ? alerts.httpsUrls().stream().sorted().toList() : List.of()));
        expect(
                run,
                "the given topic's target",
                "jsonencode(aws_cloudwatch_event_target.tamper_alerts_given_topic[*].arn)",
                CanonicalJson.write(
                        any && alerts.givenTopicArn() != null ? List.of(alerts.givenTopicArn()) : List.of()));
        expect(
                run,
                "the created topic's target id",
                "jsonencode(aws_cloudwatch_event_target.tamper_alerts_created_topic[*].target_id)",
                CanonicalJson.write(topic ? List.of(AlertPlan.CREATED_TOPIC_TARGET) : List.of()));
    }

    /** An assertion that a string expression of the module equals what Java wrote; the message shows both. */
    private static void expect(StringBuilder run, String what, String expression, String java) {
        run.append("  assert {\n    condition     = ")
                .append(expression)
                .append(" == ")
                .append(HclStrings.literal(java))
                .append("\n    error_message = format(\"%s: the module plans %s\", ")
                .append(HclStrings.literal(what + ", Java's is " + java))
                .append(", ")
                .append(expression)
                .append(")\n  }\n");
    }

    /** A wrong value for each input with a validation, and the two checks of the module's own. */
    private static final List<String[]> REFUSALS = List.<String[]>of(
            new String[] {"targets", "targets = [\"r-ab12\"]"},
            new String[] {
                "exceptions",
                "exceptions = { x = { targets = [\"ou-ab12-11111111\"], services = { lex = \"optout\" }, reason = \"r\" } }"
            },
            new String[] {"default_value", "default_value = \"OptOut\""},
            new String[] {"lock", "lock = \"partial\""},
            new String[] {"services", "services = { lex = \"opt-out\" }"},
            new String[] {"alert_emails", "alert_emails = [\"security at example.com\"]"},
            new String[] {"alert_https_urls", "alert_https_urls = [\"http://hooks.example.com\"]"},
            new String[] {"alert_sns_topic_arn", "alert_sns_topic_arn = \"arn:aws:sns:eu-west-1:111122223333:t\""},
            new String[] {"alert_name", "alert_name = \"has space\""});

    private static int refusalCount() {
        return REFUSALS.size() + 2;
    }

    private static String refusals() {
        StringBuilder out = new StringBuilder();
        for (String[] refusal : REFUSALS) {
            out.append("run \"refuses_")
                    .append(refusal[0])
                    .append(
                            "\" {\n  command = plan\n  module {\n    source = \"./layouts/layout-00\"\n  }\n  variables {\n    ")
                    .append(refusal[1])
                    .append("\n  }\n  expect_failures = [var.")
                    .append(refusal[0])
                    .append("]\n}\n\n");
        }
        out.append("""
                run "stops_without_the_policy_type" {
                  command = plan
                  module {
                    source = "./layouts/layout-00"
                  }
                  override_data {
                    target = data.aws_organizations_organization.current
                    values = { id = "o-exampleorgid", enabled_policy_types = ["SERVICE_CONTROL_POLICY"], roots = [{ id = "r-ab12", arn = "x", name = "Root", policy_types = [] }] }
                  }
                  expect_failures = [data.aws_organizations_organization.current]
                }

                run "alerts_stop_outside_us_east_1" {
                  command = plan
                  module {
                    source = "./layouts/layout-00"
                  }
                  variables {
                    alert_emails = ["security@example.com"]
                  }
                  override_data {
                    target = data.aws_region.alerts
                    values = { id = "eu-west-1", name = "eu-west-1" }
                  }
                  expect_failures = [aws_cloudwatch_event_rule.tamper_alerts]
                }
                """);
        return out.toString();
    }

    private static void write(Path folder, Map<String, String> files) throws IOException {
        Files.createDirectories(folder);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(folder.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** Terraform in the test's folder, with the provider from the local mirror through a plugin cache in target/. */
    private String terraform(String... args) throws IOException, InterruptedException {
        Path terraform = ExternalTools.terraform();
        Path cache = Files.createDirectories(Path.of("target/tf-plugin-cache").toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(terraform.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment()
                .put("TF_CLI_CONFIG_FILE", ExternalTools.terraformCliConfig(dir).toString());
        builder.environment().put("TF_PLUGIN_CACHE_DIR", cache.toString());
        builder.environment().put("TF_IN_AUTOMATION", "1");
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as("terraform " + args[0] + " finished")
                .isTrue();
        return output;
    }
}
