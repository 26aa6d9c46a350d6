package dev.aioptout.reports;

import static dev.aioptout.plan.BrownfieldOrganizations.HEADER;
import static dev.aioptout.plan.BrownfieldOrganizations.layout;
import static dev.aioptout.plan.BrownfieldOrganizations.org;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.engine.EffectivePolicyEngine;
import dev.aioptout.engine.Evaluation;
import dev.aioptout.engine.Organization;
import dev.aioptout.plan.AgainstOrganization;
import dev.aioptout.plan.PlanOutcome;
import dev.aioptout.plan.UnmanagedPolicies;
import dev.aioptout.plan.Verdicts;
import org.junit.jupiter.api.Test;

/** How plan's reports show the policies a layout does not manage (the findings themselves: BrownfieldPlanTest). */
class PlanReportTest {

    private static PlanReport report(Organization org, String layout) {
        AgainstOrganization.Proven proven = AgainstOrganization.planned(layout(layout), org, "org.json");
        Evaluation evaluation = EffectivePolicyEngine.evaluate(proven.planned());
        return new PlanReport(new PlanOutcome(
                proven.planned(),
                Verdicts.judge(proven.plan().layout(), evaluation),
                UnmanagedPolicies.of(proven.plan(), proven.planned(), evaluation)));
    }

    @Test
    void aPolicyThatDecidesButChangesNothingIsListedInTextAndJson() {
        PlanReport report = report(org("\"p-11111111\"", "", "", ""), HEADER);
        assertThat(report.toText())
                .contains("AI opt-out policies the layout does not manage:\n  ! policy \"guide\" (p-11111111)");
        assertThat(report.toJson()).contains("\"unmanaged\": [").contains("\"changesOutcome\": 0");
    }

    @Test
    void aPolicyThatChangesAnOutcomeIsAFailingCheckOnThePage() {
        PlanReport report = report(org("", "\"p-22222222\"", "", ""), HEADER + "policy: {lock: default}\n");
        assertThat(report.toText()).contains("  ! policy \"lex-in\" (p-22222222)");
        assertThat(report.toHtml()).contains("unmanaged p-22222222").contains("k-fail");
    }
}
