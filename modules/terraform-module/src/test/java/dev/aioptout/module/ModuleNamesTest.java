package dev.aioptout.module;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.layout.Layout;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.Planner;
import org.junit.jupiter.api.Test;

/** The module names its policies by the same rule as the stack (one rule, written once in Layout). */
class ModuleNamesTest {

    @Test
    void exceptionPoliciesAreNamedByTheLayoutsRule() {
        Layout layout = LayoutFile.embeddedDefault(LayoutOptions.defaults()).layout();
        String mainTf = TerraformModule.files(Planner.plan(layout)).get("main.tf");
        String expression = Layout.ExceptionSpec.policyName("${var.policy_name}", "${each.key}");
        assertThat(mainTf).contains("name        = \"" + expression + "\"");
    }
}
