package dev.aioptout.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.engine.AccountState;
import dev.aioptout.engine.EffectivePolicyEngine;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.OrgPolicy;
import dev.aioptout.engine.Organization;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.AccountVerdict;
import dev.aioptout.plan.PlanOutcome;
import dev.aioptout.plan.PlannedOrganization;
import dev.aioptout.plan.Planner;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.plan.Verdicts;
import dev.aioptout.policy.NodeKind;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The HTML page as a file: deterministic, self-contained under a policy that allows exactly its
 * own script and style, outside text escaped where the page is written and in the data island,
 * and the data the script draws (verdicts, counts per OU, value rows, notes) as the plan judged.
 * The page in a browser is tested in the tests module (HtmlReportTest there).
 */
class HtmlReportTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String LEX_IN = "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";
    static final String LEX_OUT = "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}}}}";
    static final String HOSTILE = "</script><script>alert(1)</script> \"q\" 'a' & \u2028\u2029\u001b[8m\u202e \uD800";
    static final String LAYOUT =
            "version: 1\nlayout: multi-ou\norganization:\n  id: o-exampleorgid\n" + "policy:\n  lock: none\n";

    /** Prod (hostile name): one compliant account, one a policy opts into Lex; Sandbox: two policies, order unknown; an empty OU. */
    static Organization organization() {
        OrgNode prod = new OrgNode(
                NodeKind.ORGANIZATIONAL_UNIT,
                "ou-ab12-11111111",
                HOSTILE,
                null,
                List.of(),
                List.of(
                        OrgNode.account("111111111111", "prod-1", List.of()),
                        OrgNode.account("111111111112", "opted <in>", List.of("p-11111111"))));
        OrgNode sandbox = new OrgNode(
                NodeKind.ORGANIZATIONAL_UNIT,
                "ou-ab12-22222222",
                "Sandbox",
                null,
                List.of("p-11111111", "p-22222222"),
                List.of(
                        new OrgNode(
                                NodeKind.ACCOUNT,
                                "222222222221",
                                "no state",
                                AccountState.UNKNOWN,
                                List.of(),
                                List.of()),
                        OrgNode.account("222222222222", "sandbox-2", List.of())));
        OrgNode empty =
                new OrgNode(NodeKind.ORGANIZATIONAL_UNIT, "ou-ab12-33333333", "Empty", null, List.of(), List.of());
        OrgNode root = new OrgNode(
                NodeKind.ROOT,
                "r-ab12",
                "Root",
                null,
                List.of(),
                List.of(prod, sandbox, empty, OrgNode.account("999999999999", "management", List.of())));
        return new Organization(
                "o-exampleorgid",
                "r-ab12",
                List.of("AISERVICES_OPT_OUT_POLICY"),
                List.of(
                        new OrgPolicy("p-11111111", "lex <in> & co", LEX_IN),
                        new OrgPolicy("p-22222222", "lex-out", LEX_OUT)),
                root,
                false);
    }

    static PlanReport report() {
        PolicyPlan plan = Planner.plan(
                LayoutFile.parse("ai-optout.yaml", LAYOUT, new LayoutOptions(false, LocalDate.of(2026, 1, 15)))
                        .layout());
        Organization planned = PlannedOrganization.overlay(organization(), plan);
        return new PlanReport(
                new PlanOutcome(planned, Verdicts.judge(plan.layout(), EffectivePolicyEngine.evaluate(planned))));
    }

    static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as(start).isNotNegative();
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    static JsonNode island(String html) throws Exception {
        return JSON.readTree(between(html, "<script type=\"application/json\" id=\"report-data\">", "</script>"));
    }

    @Test
    void theSameReportIsTheSameBytes() {
        String first = report().toHtml();
        assertThat(report().toHtml()).isEqualTo(first);
        assertThat(first).doesNotContainPattern("20\\d\\d-\\d\\d-\\d\\d");
    }

    @Test
    void onlyItsOwnScriptAndStyleMayRunAndNothingCanBeFetched() {
        String html = report().toHtml();
        String policy = between(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"", "\">");
        String script = between(html, "</script>\n<script>", "</script>");
        String style = between(html, "<style>", "</style>");
        assertThat(policy)
                .isEqualTo("default-src 'none'; script-src '" + HtmlReport.sha256(script) + "'; style-src '"
                        + HtmlReport.sha256(style) + "'; base-uri 'none'; form-action 'none'");
        // The hash is over the exact UTF-8 text browsers see between the tags.
        assertThat(HtmlReport.sha256("alert(1)")).isEqualTo("sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=");
        assertThat(html.indexOf("<meta http-equiv=\"Content-Security-Policy\""))
                .as("before anything it governs")
                .isLessThan(html.indexOf("<style>"));
        assertThat(html)
                .as("no attribute that loads or sends anything")
                .doesNotContainPattern("(?i)\\s(src|href|srcset|action|formaction|poster)\\s*=")
                .doesNotContainPattern("(?i)https?:|url\\(|@import");
        // Exactly two script elements: the data island and the page's own script.
        assertThat(Pattern.compile("<script").matcher(html).results().count()).isEqualTo(2);
        assertThat(html.getBytes(StandardCharsets.UTF_8)).isNotEmpty();
    }

    @Test
    void outsideTextIsEscapedInTheMarkupAndTheIsland() throws Exception {
        String html = HtmlReport.render(new HtmlReport.Page(
                "verify",
                "about <this>",
                "o-<b>",
                "not compliant",
                AccountVerdict.Status.NON_COMPLIANT,
                organization().root(),
                List.of(),
                List.of(new HtmlReport.CheckRow("id-<i>", "fail", HOSTILE))));
        assertThat(html)
                .contains("<title>ai-optout verify: o-&lt;b&gt;: not compliant</title>")
                .contains("<td class=\"message\">&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot;"
                        + " &#39;a&#39; &amp; \\u2028\\u2029\\u001b[8m\\u202e \\ud800</td>")
                .contains("<code>id-&lt;i&gt;</code>")
                .doesNotContain("<b>", "<i>", "alert(1)</script>", "\u001b", "\u202e", "\u2028", "\u2029");
        String island = between(html, "<script type=\"application/json\" id=\"report-data\">", "</script>");
        assertThat(island)
                .as("nothing that can end the script element or be read as markup")
                .doesNotContain("<", ">", "&", "\u2028", "\u2029");
        // The island holds the name as the page shows it: the codes a terminal would show.
        assertThat(JSON.readTree(island).at("/tree/c/0/n").asText())
                .isEqualTo("</script><script>alert(1)</script> \"q\" 'a' & \\u2028\\u2029\\u001b[8m\\u202e \\ud800");
    }

    @Test
    void eachOuCarriesItsMarkAndCountsAndEachAccountItsValuesAndCauses() throws Exception {
        JsonNode data = island(report().toHtml());
        JsonNode root = data.get("tree");
        assertThat(root.get("k").asText()).isEqualTo("root");
        // [accounts, compliant, non-compliant, unverified]
        assertThat(root.get("t").toString()).isEqualTo("[5,2,1,2]");
        assertThat(root.get("s").asText()).isEqualTo("n");
        JsonNode prod = root.get("c").get(0);
        assertThat(prod.get("t").toString()).isEqualTo("[2,1,1,0]");
        assertThat(prod.get("s").asText()).isEqualTo("n");
        JsonNode sandbox = root.get("c").get(1);
        assertThat(sandbox.get("t").toString()).isEqualTo("[2,0,0,2]");
        assertThat(sandbox.get("s").asText()).isEqualTo("u");
        JsonNode empty = root.get("c").get(2);
        assertThat(empty.get("t").toString()).isEqualTo("[0,0,0,0]");
        assertThat(empty.get("s").asText()).as("no accounts is not compliant").isEqualTo("e");

        JsonNode opted = prod.get("c").get(1);
        assertThat(opted.get("id").asText()).isEqualTo("111111111112");
        assertThat(opted.get("s").asText()).isEqualTo("n");
        assertThat(opted.get("st").asText()).isEqualTo("ACTIVE");
        assertThat(opted.has("src")).as("plan has no evidence field").isFalse();
        List<String> rows = new ArrayList<>();
        for (JsonNode row : data.get("rows").get(opted.get("r").asInt())) {
            rows.add(row.get(0).asText() + "|" + row.get(1).asText() + "|"
                    + row.get(2).asText() + "|"
                    + row.get(3).asBoolean() + "|"
                    + (row.get(4).asInt() < 0
                            ? "-"
                            : data.get("texts").get(row.get(4).asInt()).asText()));
        }
        assertThat(rows)
                .containsExactly(
                        "default|optOut|optOut|false|policy \"ai-optout-all-services\" attached to \"Root\" (r-ab12)",
                        "lex|optIn|optOut (from default)|true|policy \"lex <in> & co\" (p-11111111) attached to"
                                + " \"opted <in>\" (111111111112)");
        List<String> notes = new ArrayList<>();
        opted.get("x").forEach(i -> notes.add(data.get("texts").get(i.asInt()).asText()));
        AccountVerdict verdict = report().outcome().verdicts().stream()
                .filter(v -> v.outcome().account().id().equals("111111111112"))
                .findFirst()
                .orElseThrow();
        assertThat(notes).isEqualTo(PlanReport.notes(verdict)).isNotEmpty();

        JsonNode noState = sandbox.get("c").get(0);
        assertThat(noState.get("st").asText()).isEqualTo("unknown");
        assertThat(noState.get("s").asText()).isEqualTo("u");
        // Repeated rows and notes are written once: both Sandbox accounts share them.
        assertThat(sandbox.get("c").get(1).get("r")).isEqualTo(noState.get("r"));
    }

    @Test
    void anAccountWithoutAVerdictIsShownUnverifiedAndAnEmptyReportIsNotCompliant() throws Exception {
        Organization org = organization();
        String html = HtmlReport.render(new HtmlReport.Page(
                "plan",
                "about",
                org.organizationId(),
                "x",
                AccountVerdict.Status.COMPLIANT,
                org.root(),
                List.of(),
                List.of()));
        JsonNode data = island(html);
        assertThat(data.at("/tree/c/3/s").asText()).isEqualTo("u");
        assertThat(data.get("texts").get(data.at("/tree/c/3/x/0").asInt()).asText())
                .isEqualTo("unverified: this account was not evaluated");
        assertThat(data.at("/tree/t").toString()).isEqualTo("[5,0,0,5]");

        Organization none = new Organization(
                "o-exampleorgid",
                "r-ab12",
                List.of(),
                List.of(),
                new OrgNode(NodeKind.ROOT, "r-ab12", "Root", null, List.of(), List.of()),
                false);
        String page = new PlanReport(new PlanOutcome(none, List.of())).toHtml();
        Matcher outcome =
                Pattern.compile("<p id=\"outcome\" class=\"outcome s-(\\w)\">").matcher(page);
        assertThat(outcome.find()).isTrue();
        assertThat(outcome.group(1)).isEqualTo("u");
        assertThat(page).contains("unverified: the organization has no accounts");
    }
}
