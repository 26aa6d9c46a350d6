package dev.aioptout.module;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.layout.Layout;
import dev.aioptout.names.TerraformNames;
import dev.aioptout.plan.ExceptionDescription;
import dev.aioptout.plan.Planner;
import dev.aioptout.policy.ChildControl;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.PolicyDocument;
import dev.aioptout.policy.ValueOperator;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * main.tf and outputs.tf are HCL written by hand, since the module computes its documents at plan
 * time from its inputs; here each name and piece of the document they write is the one the Java
 * code writes (ModulePlanTest has Terraform check the values they compute).
 */
class ModuleMainTfTest {

    private static final Map<String, String> FILES = TerraformModule.files(ModuleLayouts.plan(ModuleLayouts.MINIMAL));
    private static final String MAIN = FILES.get("main.tf");
    private static final String OUTPUTS = FILES.get("outputs.tf");

    @Test
    void policiesAndAttachmentsHaveTheNamesTheReadmeAndTheImportsUse() {
        for (String name : new String[] {TerraformNames.BASELINE, TerraformNames.EXCEPTION}) {
            assertThat(MAIN)
                    .contains("resource \"" + TerraformNames.POLICY_TYPE + "\" \"" + name + "\" {")
                    .contains("resource \"" + TerraformNames.ATTACHMENT_TYPE + "\" \"" + name + "\" {");
        }
        assertThat(MAIN)
                .containsOnlyOnce("resource \"" + TerraformNames.POLICY_TYPE + "\" \"" + TerraformNames.BASELINE);
    }

    @Test
    void exceptionAttachmentsAreKeyedNameTarget() {
        String key = TerraformNames.attachmentKey("${name}", "${t}");
        assertThat(MAIN).contains("{ key = \"" + key + "\", name = name, target = t }");
        // The outputs key the baseline's attachments the same way, with the baseline's name.
        assertThat(OUTPUTS)
                .contains("\"" + TerraformNames.attachmentKey(TerraformNames.BASELINE, "${t}") + "\" => a.id")
                .contains("Every attachment's id ("
                        + TerraformNames.attachmentImportId("TARGETID", "POLICYID") + "), by "
                        + TerraformNames.attachmentKey(TerraformNames.BASELINE, "<target>") + " or "
                        + TerraformNames.attachmentKey("<exception>", "<target>") + ".");
    }

    @Test
    void exceptionPoliciesAreNamedDescribedAndTaggedAsThePlansAre() {
        String name = Layout.ExceptionSpec.policyName("${var.policy_name}", "${each.key}");
        assertThat(MAIN).contains("  name        = \"" + name + "\"\n");
        String without = ExceptionDescription.of("${each.key}", "${each.value.reason}", null);
        String with = ExceptionDescription.of("${each.key}", "${each.value.reason}", LocalDate.of(2099, 6, 30));
        String expiry = with.substring(without.length()).replace("2099-06-30", "${each.value.expires}");
        assertThat(MAIN)
                .contains("  description = \"" + without + "${each.value.expires == null ? \"\" : \"" + expiry
                        + "\"}\"\n");
        assertThat(MAIN)
                .contains("{ \"" + Planner.TAG_EXCEPTION + "\" = each.key },")
                .contains("{ for d in compact([each.value.expires]) : \"" + Planner.TAG_EXPIRES + "\" => d },");
        assertThat(MAIN.split("type        = \"" + PolicyDocument.TYPE + "\"", -1))
                .hasSize(3);
        assertThat(MAIN).contains("contains(self.enabled_policy_types, \"" + PolicyDocument.TYPE + "\")");
    }

    @Test
    void documentsAreWrittenWithThePolicySyntaxOfTheJavaCode() {
        assertThat(MAIN)
                .contains("ops     = \"" + ChildControl.KEY + "\"")
                .contains("local.ops => " + toHcl(ChildControl.NONE.toJson().get(0)))
                .contains("(local.ops) = [\"" + ValueOperator.ASSIGN.json() + "\"]")
                .contains("{ \"" + ValueOperator.ASSIGN.json() + "\" = var.default_value }")
                .contains("opt_out_policy = merge(")
                .contains("{ " + PolicyDocument.DEFAULT_KEY + " = local.default_entry },")
                .contains("if s != \"" + PolicyDocument.DEFAULT_KEY + "\"");
        // The locks main.tf knows are the layout's, and full is the one that opens doors.
        String levels = Arrays.stream(LockLevel.values())
                .map(l -> l.yaml())
                .reduce((a, b) -> a + "|" + b)
                .orElseThrow();
        assertThat(MAIN)
                .containsPattern(
                        "(?s)locked = \\{\\n(\\s+(" + levels + ")\\s+= \\[[^\\]]*\\]\\n){3}\\s+\\}\\[var\\.lock\\]");
        assertThat(MAIN).contains("excepted = var.lock == \"" + LockLevel.FULL.yaml() + "\"");
    }

    @Test
    void exceptionsWaitForTheBaselinesAttachments() {
        // Where both meet, the baseline must be attached first (the first attached wins: docs/policy-semantics.md 5.3).
        String exception = MAIN.substring(MAIN.indexOf(
                "resource \"" + TerraformNames.ATTACHMENT_TYPE + "\" \"" + TerraformNames.EXCEPTION + "\""));
        assertThat(exception)
                .contains("depends_on = [" + TerraformNames.ATTACHMENT_TYPE + "." + TerraformNames.BASELINE + "]");
        assertThat(MAIN).contains("target_id = each.value == \"root\" ? local.root_id : each.value");
    }

    @Test
    void nothingInTheStaticFilesFightsTheCallersConfiguration() {
        for (String file : new String[] {"main.tf", "outputs.tf", "versions.tf", "alerts.tf"}) {
            assertThat(FILES.get(file))
                    .as(file)
                    .doesNotContainPattern("(?m)^\\s*provider\\s+\"")
                    .doesNotContainPattern("(?m)^\\s*backend\\s+\"")
                    .doesNotContain("resource \"" + TerraformNames.ORGANIZATION_TYPE + "\"");
        }
        assertThat(FILES.get("versions.tf"))
                .contains("source  = \"hashicorp/aws\"")
                .contains("< 7.0.0");
    }

    private static String toHcl(String operator) {
        return "[\"" + operator + "\"]";
    }
}
