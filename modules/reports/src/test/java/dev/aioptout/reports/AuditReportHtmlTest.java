package dev.aioptout.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.audit.AccountAudit;
import dev.aioptout.audit.ApiCalls;
import dev.aioptout.audit.AuditResult;
import dev.aioptout.audit.Check;
import dev.aioptout.audit.Evidence;
import dev.aioptout.engine.EffectivePolicyEngine;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.OrgPolicy;
import dev.aioptout.engine.Organization;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.AccountVerdict;
import dev.aioptout.plan.Verdicts;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.OptOutDocuments;
import dev.aioptout.policy.OptValue;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * verify's additions to the HTML page: its checks (status and message, escaped), how each
 * account's verdict is known, and an account the cross-check made unverified shown so even
 * where the engine alone would call it compliant; the page's conclusion is the audit's outcome.
 */
class AuditReportHtmlTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Three accounts under the secure default's baseline: all compliant by the engine. */
    static List<AccountVerdict> verdicts(OrgNode root) {
        String baseline = OptOutDocuments.baseline(OptValue.OPT_OUT, Map.of(), LockLevel.FULL, Set.of())
                .toCanonicalJson();
        Organization org = new Organization(
                "o-exampleorgid",
                "r-ab12",
                List.of("AISERVICES_OPT_OUT_POLICY"),
                List.of(new OrgPolicy("p-baseline", "ai-optout-all-services", baseline)),
                root,
                false);
        var layout = LayoutFile.embeddedDefault(new LayoutOptions(false, LocalDate.of(2026, 1, 15)))
                .layout();
        return Verdicts.judge(layout, EffectivePolicyEngine.evaluate(org));
    }

    static OrgNode root() {
        return new OrgNode(
                NodeKind.ROOT,
                "r-ab12",
                "Root",
                null,
                List.of("p-baseline"),
                List.of(
                        OrgNode.account("111111111111", "by engine", List.of()),
                        OrgNode.account("222222222222", "confirmed", List.of()),
                        OrgNode.account("333333333333", "aws <disagrees>", List.of())));
    }

    static AuditResult result(List<Check> checks) {
        OrgNode root = root();
        List<AccountVerdict> v = verdicts(root);
        assertThat(v).allMatch(AccountVerdict::compliant);
        List<AccountAudit> accounts = List.of(
                new AccountAudit(v.get(0), new Evidence.Engine()),
                new AccountAudit(v.get(1), new Evidence.EngineAndAws()),
                new AccountAudit(
                        v.get(2),
                        new Evidence.Unverified(
                                Evidence.Unverified.Reason.AWS_DISAGREES,
                                List.of("DescribeEffectivePolicy reports {lex=optIn} but the engine computed"
                                        + " {default=optOut}"))));
        return new AuditResult("o-exampleorgid", root, checks, accounts, new ApiCalls());
    }

    static JsonNode island(String html) throws Exception {
        String start = "<script type=\"application/json\" id=\"report-data\">";
        int from = html.indexOf(start) + start.length();
        return JSON.readTree(html.substring(from, html.indexOf("</script>", from)));
    }

    @Test
    void checksAndEvidenceAreOnThePageAndTheCrossCheckMakesAnAccountUnverified() throws Exception {
        AuditResult result = result(List.of(
                Check.pass(Check.ALL_FEATURES, "organization o-exampleorgid has all features enabled"),
                Check.fail(Check.NO_UNMANAGED_WEAKENING, "policy \"<b>lex</b>\" (p-1) changes 1 account(s)"),
                Check.error(Check.CROSS_CHECK, "1 account disagrees"),
                Check.skip(Check.INVALID_EFFECTIVE, "unavailable")));
        String html = AuditReport.render(result, AuditReport.Format.html, null);
        assertThat(AuditReport.render(result, AuditReport.Format.html, "ai-optout.yaml"))
                .as("deterministic, and the layout's path is not part of it")
                .isEqualTo(html);

        assertThat(html)
                .contains("<p id=\"outcome\" class=\"outcome s-n\"><span class=\"mark\">✗</span> not compliant:"
                        + " some check failed</p>")
                .contains("<tr class=\"check k-pass\"><td><code>organization-all-features</code></td>"
                        + "<td class=\"status\">pass</td><td class=\"message\">organization o-exampleorgid has all"
                        + " features enabled</td></tr>")
                .contains("<tr class=\"check k-fail\"><td><code>no-unmanaged-weakening-policies</code></td>"
                        + "<td class=\"status\">fail</td><td class=\"message\">policy &quot;&lt;b&gt;lex&lt;/b&gt;&quot;"
                        + " (p-1) changes 1 account(s)</td></tr>")
                .contains("<tr class=\"check k-error\">", "<tr class=\"check k-skip\">")
                .doesNotContain("<b>");

        JsonNode data = island(html);
        JsonNode accounts = data.at("/tree/c");
        assertThat(accounts.get(0).get("src").asText()).isEqualTo("engine");
        assertThat(accounts.get(0).get("s").asText()).isEqualTo("c");
        assertThat(accounts.get(1).get("src").asText()).isEqualTo("engine+aws");
        assertThat(accounts.get(1).get("s").asText()).isEqualTo("c");
        JsonNode disagreed = accounts.get(2);
        assertThat(disagreed.get("src").asText()).isEqualTo("unverified");
        assertThat(disagreed.get("s").asText())
                .as("never compliant, whatever the engine says")
                .isEqualTo("u");
        List<String> notes = new ArrayList<>();
        disagreed
                .get("x")
                .forEach(i -> notes.add(data.get("texts").get(i.asInt()).asText()));
        assertThat(notes)
                .containsExactly("unverified: DescribeEffectivePolicy reports {lex=optIn} but the engine computed"
                        + " {default=optOut}");
        assertThat(data.at("/tree/t").toString()).isEqualTo("[3,2,0,1]");
        assertThat(html).contains("<li class=\"s-u\">? 1 unverified</li>");
    }

    @Test
    void theConclusionIsTheAuditsOutcome() {
        assertThat(outcome(Check.pass(Check.ALL_FEATURES, "ok"), Check.error(Check.CROSS_CHECK, "no answer")))
                .isEqualTo("s-u\"><span class=\"mark\">?</span> incomplete: nothing failed, but something could not be"
                        + " evaluated");
        assertThat(outcome(Check.pass(Check.ALL_FEATURES, "ok"), Check.skip(Check.INVALID_EFFECTIVE, "n/a")))
                .isEqualTo("s-c\"><span class=\"mark\">✓</span> compliant: every check passed and every account was"
                        + " evaluated");
    }

    /** The page's conclusion paragraph, from its class on. */
    private static String outcome(Check... checks) {
        String html = AuditReport.render(result(List.of(checks)), AuditReport.Format.html, null);
        String start = "<p id=\"outcome\" class=\"outcome ";
        int from = html.indexOf(start) + start.length();
        return html.substring(from, html.indexOf("</p>", from));
    }
}
