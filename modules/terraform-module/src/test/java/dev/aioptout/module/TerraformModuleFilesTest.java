package dev.aioptout.module;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.names.TerraformNames;
import dev.aioptout.plan.AlertPlan;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.testing.SeededTries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The module's files: always the same six, the static ones as shipped, alerts.tf whether the layout
 * has alerts or not (its inputs decide), and the same bytes for the same layout wherever it is.
 */
class TerraformModuleFilesTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = TerraformModule.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSixFilesInTheirOrder() throws IOException {
        for (String layout : new String[] {ModuleLayouts.FULL, ModuleLayouts.MINIMAL}) {
            Map<String, String> files = TerraformModule.files(ModuleLayouts.plan(layout));
            assertThat(files.keySet())
                    .containsExactly("main.tf", "outputs.tf", "versions.tf", "alerts.tf", "variables.tf", "README.md");
            for (String name : new String[] {"main.tf", "outputs.tf", "versions.tf"}) {
                assertThat(files.get(name)).as(name).isEqualTo(resource(name));
            }
            assertThat(files.values())
                    .allSatisfy(text -> assertThat(text)
                            .endsWith("\n")
                            .doesNotEndWith("\n\n")
                            .doesNotContain("\t")
                            .doesNotContain("\r"));
        }
    }

    @Test
    void alertsTfIsTheSameWithOrWithoutAlertsInTheLayout() {
        String with =
                TerraformModule.files(ModuleLayouts.plan(ModuleLayouts.FULL)).get("alerts.tf");
        String without =
                TerraformModule.files(ModuleLayouts.plan(ModuleLayouts.MINIMAL)).get("alerts.tf");
        assertThat(with).isEqualTo(without).isEqualTo(ModuleAlerts.file());
        assertThat(with)
                .startsWith("# Tamper alerts, made when an alert_* input is set: see README.md.\n\n")
                .contains("resource \"" + TerraformNames.EVENT_RULE_TYPE + "\" \"" + TerraformNames.ALERTS + "\"")
                .contains("resource \"" + TerraformNames.TOPIC_TYPE + "\" \"" + TerraformNames.ALERTS + "\"")
                .contains("resource \"" + TerraformNames.TOPIC_POLICY_TYPE + "\" \"" + TerraformNames.ALERTS + "\"")
                .contains("resource \"" + TerraformNames.EVENT_TARGET_TYPE + "\" \""
                        + TerraformNames.ALERTS_CREATED_TOPIC + "\"")
                .contains("resource \"" + TerraformNames.EVENT_TARGET_TYPE + "\" \"" + TerraformNames.ALERTS_GIVEN_TOPIC
                        + "\"")
                .contains(
                        "resource \"" + TerraformNames.SUBSCRIPTION_TYPE + "\" \"" + TerraformNames.ALERTS_EMAIL + "\"")
                .contains("resource \"" + TerraformNames.SUBSCRIPTION_TYPE + "\" \"" + TerraformNames.ALERTS_HTTPS
                        + "\"");
    }

    @Test
    void alertsTfCountsEachResourceOnTheInputsThatAskForIt() {
        String alerts = ModuleAlerts.file();
        assertThat(alerts)
                .contains("alert_topic         = length(var.alert_emails) + length(var.alert_https_urls) > 0")
                .contains("alerts              = local.alert_topic || var.alert_sns_topic_arn != null");
        assertThat(block(alerts, "resource \"aws_cloudwatch_event_rule\""))
                .contains("count       = local.alerts ? 1 : 0");
        assertThat(block(alerts, "resource \"aws_sns_topic\" ")).contains("count = local.alert_topic ? 1 : 0");
        assertThat(block(alerts, "resource \"aws_cloudwatch_event_target\" \"tamper_alerts_given_topic\""))
                .contains("count     = var.alert_sns_topic_arn == null ? 0 : 1");
        assertThat(block(alerts, "resource \"aws_sns_topic_subscription\" \"tamper_alerts_email\""))
                .contains("for_each  = toset(var.alert_emails)")
                .contains("endpoint  = each.value");
    }

    @Test
    void alertsTfHasTheStacksRuleAndTopicPolicy() {
        String alerts = ModuleAlerts.file();
        assertThat(alerts)
                .contains("description = \"" + AlertPlan.DESCRIPTION + "\"")
                .contains("target_id = \"" + AlertPlan.CREATED_TOPIC_TARGET + "\"")
                .contains("target_id = \"" + AlertPlan.GIVEN_TOPIC_TARGET + "\"")
                .contains("Service = \"" + AlertPlan.EVENTS_PRINCIPAL + "\"")
                .contains("\"aws:SourceArn\" = aws_cloudwatch_event_rule.tamper_alerts[0].arn");
        // Organizations delivers its events in us-east-1 only: the rule checks its provider's region first.
        assertThat(block(alerts, "resource \"aws_cloudwatch_event_rule\""))
                .contains("condition     = data.aws_region.alerts[0].id == \"" + AlertPlan.REGION + "\"")
                .contains("providers = { aws = aws." + AlertPlan.PROVIDER_ALIAS + " }");
        // A topic of another account would need an execution role: the given topic's target checks the account.
        assertThat(block(alerts, "resource \"aws_cloudwatch_event_target\" \"tamper_alerts_given_topic\""))
                .contains("condition     = local.alert_topic_account == data.aws_caller_identity.alerts[0].account_id");
    }

    @Test
    void theSameLayoutGivesTheSameBytesWhereverItIs() {
        SeededTries.check(0x5EED_0602L, 40, ModuleLayouts::random, yaml -> yaml, yaml -> {
            Map<String, String> here = TerraformModule.files(ModuleLayouts.plan("ai-optout.yaml", yaml));
            Map<String, String> there =
                    TerraformModule.files(ModuleLayouts.plan("/elsewhere/deep/ai-optout.yaml", yaml));
            assertThat(there).isEqualTo(here);
            assertThat(TerraformModule.files(ModuleLayouts.plan(yaml))).isEqualTo(here);
        });
    }

    @Test
    void aDifferentLayoutGivesDifferentDefaultsOnly() {
        PolicyPlan a = ModuleLayouts.plan(ModuleLayouts.FULL);
        PolicyPlan b = ModuleLayouts.plan(ModuleLayouts.FULL.replace("lock: default", "lock: none"));
        Map<String, String> fa = TerraformModule.files(a);
        Map<String, String> fb = TerraformModule.files(b);
        assertThat(fb.get("main.tf")).isEqualTo(fa.get("main.tf"));
        assertThat(fb.get("variables.tf")).isNotEqualTo(fa.get("variables.tf"));
        assertThat(fb.get("variables.tf").replace("default     = \"none\"", "default     = \"default\""))
                .isEqualTo(fa.get("variables.tf"));
    }

    /** One top-level block of an HCL file, from its first line to its closing brace. */
    private static String block(String hcl, String head) {
        int start = hcl.indexOf(head);
        assertThat(start).as(head).isGreaterThanOrEqualTo(0);
        int end = hcl.indexOf("\n}\n", start);
        return hcl.substring(start, end + 2);
    }
}
