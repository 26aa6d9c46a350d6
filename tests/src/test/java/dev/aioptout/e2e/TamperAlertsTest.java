package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.plan.AlertPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * The tamper alerts applied by real Terraform against the emulator, then read back through the
 * AWS SDK as AWS would be read: the rule in us-east-1 (and nowhere else) with exactly the planned
 * pattern, its two targets, the topic, its policy naming the real rule and topic, and one
 * subscription per endpoint. Once for the JSON stack of the example (its Terraform in eu-west-1,
 * so the alerts go through the aliased us-east-1 provider) and once for the module; the HCL plans
 * the same changes as the JSON (HclEquivalenceTest). moto 5.2 does not deliver EventBridge matches
 * to SNS targets, so delivery itself is not asserted here; what the pattern matches is tested with
 * AWS's Event Ruler in AlertPlanTest.
 */
@ExtendWith(MotoExtension.class)
class TamperAlertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "ai-optout-tamper-alerts";
    private static final String EXAMPLE_ACCOUNT = "111122223333";

    @TempDir
    Path dir;

    @Test
    void theExampleStackCreatesTheAlertsInUsEast1(Emulator emulator) throws Exception {
        try (AlertClients aws = new AlertClients(emulator)) {
            String given = aws.sns(Region.US_EAST_1)
                    .createTopic(r -> r.name("security-alerts"))
                    .topicArn();
            String account = given.split(":")[4];
            String layout = Files.readString(E2e.root().resolve("examples/tamper-alerts/ai-optout.yaml"));
            assertThat(layout).contains(EXAMPLE_ACCOUNT);
            Path stack = E2e.synth(dir.resolve("stack"), layout.replace(EXAMPLE_ACCOUNT, account));
            Terraform terraform = new Terraform(stack, emulator);
            terraform.init();
            terraform.apply();

            assertAlerts(
                    aws,
                    given,
                    List.of("cloud-platform@example.com", "security@example.com"),
                    List.of("https://hooks.example.com/ai-optout?source=aws"));
            // The stack's own provider is in eu-west-1: nothing alerting went there.
            assertThat(aws.events(Region.EU_WEST_1).listRules(r -> {}).rules()).isEmpty();
            assertThat(aws.sns(Region.EU_WEST_1).listTopics().topics()).isEmpty();
            // And the policies are there as without alerts.
            Organizations org = new Organizations(emulator);
            assertThat(org.policiesFor(org.root().id(), PolicyType.AISERVICES_OPT_OUT_POLICY))
                    .extracting(PolicySummary::name)
                    .containsExactly("ai-optout-all-services");

            JsonNode outputs = JSON.readTree(
                    terraform.run("output", "-json", "-no-color").ok().output());
            String ruleArn =
                    aws.events(Region.US_EAST_1).describeRule(r -> r.name(NAME)).arn();
            assertThat(outputs.at("/tamper_alerts_rule_arn/value").asText()).isEqualTo(ruleArn);
            assertThat(outputs.at("/tamper_alerts_topic_arn/value").asText()).isEqualTo(topicArn(aws));
            Terraform.Result again = terraform.planDetailed();
            assertThat(again.exit()).as(again.output()).isEqualTo(0);
        }
    }

    @Test
    void theModuleCreatesTheAlertsAndRefusesAProviderOutsideUsEast1(Emulator emulator) throws Exception {
        try (AlertClients aws = new AlertClients(emulator)) {
            String given =
                    aws.sns(Region.US_EAST_1).createTopic(r -> r.name("soc")).topicArn();
            Path caller = Files.createDirectories(dir.resolve("caller"));
            Path layout = caller.resolve("ai-optout.yaml");
            Files.writeString(layout, """
                    version: 1
                    layout: multi-ou
                    organization: {mode: adopt, id: o-exampleorgid}
                    alerts:
                      email: [security@example.com]
                      https: ["https://hooks.example.com/ai-optout"]
                      sns_topic_arn: %s
                    """.formatted(given));
            HclEquivalenceTest.cli(
                    "synth",
                    "--module",
                    "--config",
                    layout.toString(),
                    "--out",
                    caller.resolve("ai-optout-module").toString());
            Files.writeString(caller.resolve("main.tf"), """
                    terraform {
                      required_providers {
                        aws = {
                          source  = "hashicorp/aws"
                          version = ">= 5.23.1, < 6.0.0"
                        }
                      }
                    }

                    variable "region" {
                      type    = string
                      default = "us-east-1"
                    }

                    provider "aws" {
                      region = var.region
                    }

                    resource "aws_organizations_organization" "this" {
                      feature_set          = "ALL"
                      enabled_policy_types = ["AISERVICES_OPT_OUT_POLICY"]
                    }

                    module "ai_optout" {
                      source     = "./ai-optout-module"
                      depends_on = [aws_organizations_organization.this]
                    }

                    output "rule" {
                      value = module.ai_optout.tamper_alerts_rule_arn
                    }
                    """);
            Terraform terraform = new Terraform(caller, emulator);
            Terraform.Result fmt = terraform.run("fmt", "-check", "-recursive", "-no-color");
            assertThat(fmt.exit()).as(fmt.output()).isEqualTo(0);
            terraform.init();
            // A provider outside us-east-1 is refused before any alerting resource is created. The
            // caller's depends_on defers the module's data sources, so here that is at apply time.
            Terraform.Result elsewhere =
                    terraform.run("apply", "-auto-approve", "-input=false", "-no-color", "-var", "region=eu-west-1");
            assertThat(elsewhere.exit()).as(elsewhere.output()).isEqualTo(1);
            assertThat(elsewhere.output().replaceAll("\\s+", " "))
                    .contains("AWS Organizations delivers its events to EventBridge in us-east-1 only, and this"
                            + " module's provider is in eu-west-1")
                    .contains("providers = { aws = aws.us_east_1 }");
            for (Region region : List.of(Region.EU_WEST_1, Region.US_EAST_1)) {
                assertThat(aws.events(region).listRules(r -> {}).rules())
                        .as(region.id())
                        .isEmpty();
                assertThat(aws.sns(region).listTopics().topics())
                        .as(region.id())
                        .hasSizeLessThanOrEqualTo(1);
            }

            terraform.apply();
            assertAlerts(aws, given, List.of("security@example.com"), List.of("https://hooks.example.com/ai-optout"));
            JsonNode outputs = JSON.readTree(
                    terraform.run("output", "-json", "-no-color").ok().output());
            assertThat(outputs.at("/rule/value").asText())
                    .isEqualTo(aws.events(Region.US_EAST_1)
                            .listRules(r -> {})
                            .rules()
                            .get(0)
                            .arn());
        }
    }

    /** Everything the alerts consist of, read back in us-east-1. */
    private static void assertAlerts(AlertClients aws, String givenTopic, List<String> emails, List<String> urls)
            throws Exception {
        EventBridgeClient events = aws.events(Region.US_EAST_1);
        List<Rule> rules = events.listRules(r -> {}).rules();
        assertThat(rules).extracting(Rule::name).containsExactly(NAME);
        Rule rule = rules.get(0);
        assertThat(rule.description()).isEqualTo(AlertPlan.DESCRIPTION);
        assertThat(rule.stateAsString()).isEqualTo("ENABLED");
        assertThat(rule.eventBusName()).isEqualTo("default");
        assertThat(JSON.readTree(rule.eventPattern())).isEqualTo(JSON.readTree(AlertPlan.eventPattern()));

        String topic = topicArn(aws);
        assertThat(topic).startsWith("arn:aws:sns:us-east-1:").endsWith(":" + NAME);
        Map<String, String> targets = new TreeMap<>();
        for (Target t : events.listTargetsByRule(r -> r.rule(NAME)).targets()) {
            targets.put(t.id(), t.arn());
        }
        assertThat(targets).containsExactly(Map.entry("created-topic", topic), Map.entry("given-topic", givenTopic));

        SnsClient sns = aws.sns(Region.US_EAST_1);
        JsonNode policy = JSON.readTree(
                sns.getTopicAttributes(r -> r.topicArn(topic)).attributes().get("Policy"));
        assertThat(policy).isEqualTo(JSON.readTree(AlertPlan.topicPolicy(topic, rule.arn())));

        List<String> subscribed = sns.listSubscriptionsByTopic(r -> r.topicArn(topic)).subscriptions().stream()
                .map(s -> s.protocol() + " " + s.endpoint())
                .sorted()
                .toList();
        List<String> expected = new java.util.ArrayList<>();
        emails.forEach(e -> expected.add("email " + e));
        urls.forEach(u -> expected.add("https " + u));
        assertThat(subscribed)
                .containsExactlyElementsOf(expected.stream().sorted().toList());
        // The given topic is only a target: ai-optout subscribes nothing to it and leaves its policy alone.
        List<Subscription> onGiven =
                sns.listSubscriptionsByTopic(r -> r.topicArn(givenTopic)).subscriptions();
        assertThat(onGiven).isEmpty();
        assertThat(sns.getTopicAttributes(r -> r.topicArn(givenTopic))
                        .attributes()
                        .get("Policy"))
                .doesNotContain("events.amazonaws.com");
    }

    private static String topicArn(AlertClients aws) {
        return aws.sns(Region.US_EAST_1).listTopics().topics().stream()
                .map(t -> t.topicArn())
                .filter(a -> a.endsWith(":" + NAME))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no topic " + NAME));
    }
}
