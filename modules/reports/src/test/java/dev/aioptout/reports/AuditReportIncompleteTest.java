package dev.aioptout.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aioptout.audit.AuditFailure;
import dev.aioptout.audit.AuditResult;
import dev.aioptout.audit.Check;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A check that could not complete is shown as such in every format, with the check and the call
 * that stopped it; the report never reads as compliant or merely non-compliant then.
 */
class AuditReportIncompleteTest {

    private static final String CALL = "DescribeEffectivePolicy 222222222222";

    private static AuditResult result() {
        AuditFailure throttled = new AuditFailure(
                CALL,
                "still throttled: AWS asked to wait 3600 s (Retry-After), past the deadline (--deadline 30m)",
                "run again off-peak",
                null);
        return AuditReportHtmlTest.result(List.of(
                Check.pass(Check.ALL_FEATURES, "organization o-exampleorgid has all features enabled"),
                Check.fail(Check.POLICY_TYPE_ENABLED, "AISERVICES_OPT_OUT_POLICY is not enabled"),
                Check.incomplete(Check.CROSS_CHECK, "after 1 of 3 accounts", throttled)));
    }

    @Test
    void everyFormatNamesTheCheckTheCallAndThatItCouldNotComplete() throws Exception {
        AuditResult result = result();
        assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.COULD_NOT_COMPLETE);
        String message = "could not complete after 1 of 3 accounts: " + CALL + " failed: still throttled: AWS asked to"
                + " wait 3600 s (Retry-After), past the deadline (--deadline 30m) (run again off-peak)";

        String text = AuditReport.render(result, AuditReport.Format.text, null);
        assertThat(text)
                .contains("  incomplete effective-policy-cross-check: " + message + "\n")
                .endsWith("; COULD NOT COMPLETE\n");

        JsonNode json = AuditReportHtmlTest.JSON.readTree(AuditReport.render(result, AuditReport.Format.json, null));
        assertThat(json.get("compliant").asBoolean()).isFalse();
        JsonNode check = json.get("checks").get(2);
        assertThat(check.get("status").asText()).isEqualTo("incomplete");
        assertThat(check.get("message").asText()).isEqualTo(message);
        assertThat(check.get("call").asText()).isEqualTo(CALL);
        assertThat(json.get("checks").get(0).has("call"))
                .as("only where a call stopped the check")
                .isFalse();

        String junit = AuditReport.render(result, AuditReport.Format.junit, null);
        assertThat(junit)
                .contains("<testcase classname=\"ai-optout.checks\" name=\"effective-policy-cross-check\"><error"
                        + " message=\"" + message + "\"/></testcase>")
                .contains("failures=\"1\" errors=\"2\"");

        JsonNode sarif = AuditReportHtmlTest.JSON.readTree(AuditReport.render(result, AuditReport.Format.sarif, null));
        JsonNode incomplete = null;
        for (JsonNode r : sarif.at("/runs/0/results")) {
            if (r.get("ruleId").asText().equals(Check.CROSS_CHECK)) {
                incomplete = r;
            }
        }
        assertThat(incomplete).isNotNull();
        assertThat(incomplete.get("level").asText())
                .as("a finding to act on, not a warning")
                .isEqualTo("error");
        assertThat(incomplete.at("/message/text").asText()).isEqualTo(message);

        String html = AuditReport.render(result, AuditReport.Format.html, null);
        assertThat(html)
                .contains("could not complete: effective-policy-cross-check (" + CALL + ")")
                .contains(
                        "<tr class=\"check k-incomplete\"><td><code>effective-policy-cross-check</code></td><td class=\"status\">incomplete</td>")
                .contains(".k-incomplete .status");
    }

    @Test
    void withoutAnIncompleteCheckTheReportsAreAsBefore() {
        AuditResult result = AuditReportHtmlTest.result(
                List.of(Check.fail(Check.POLICY_TYPE_ENABLED, "AISERVICES_OPT_OUT_POLICY is not enabled")));
        assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.NON_COMPLIANT);
        assertThat(AuditReport.render(result, AuditReport.Format.text, null)).endsWith("; NOT COMPLIANT\n");
        assertThat(AuditReport.render(result, AuditReport.Format.json, null)).doesNotContain("\"call\"");
    }
}
