package dev.aioptout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.engine.AccountOutcome;
import dev.aioptout.engine.Evaluation;
import dev.aioptout.engine.Organization;
import dev.aioptout.engine.OrganizationFile;
import dev.aioptout.layout.Layout;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.policy.Problem;
import java.time.LocalDate;
import java.util.List;

/** An organization file with OU paths and three policies, and layouts read against it: shared by the plan's and the reports' tests. */
public final class BrownfieldOrganizations {

    private BrownfieldOrganizations() {}

    public static final String FILE = "ai-optout.yaml";
    public static final LayoutOptions OPTIONS = new LayoutOptions(false, LocalDate.of(2026, 1, 15));
    public static final String HEADER = "version: 1\nlayout: multi-ou\norganization: {id: o-exampleorgid}\n";

    public static final String GUIDE =
            doc("{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}}}}");
    public static final String LEX_IN = doc("{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}");
    public static final String LEX_OUT = doc("{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}}}}");

    /** A policy's content as the organization file holds it: a JSON string. */
    public static String doc(String json) {
        return "\"" + json.replace("\"", "\\\"") + "\"";
    }

    /**
     * Root r-ab12 with {@code rootPolicies}; /Workloads (ou-ab12-11111111) holding /Workloads/Prod
     * (ou-ab12-22222222, account 111111111111) and /Workloads/Production (ou-ab12-33333333, account
     * 222222222222); /R\/D (ou-ab12-44444444, account 333333333333); two sibling OUs named Dup, the
     * second without accounts; account 444444444444 under the root. Policies p-11111111 (guide),
     * p-22222222 (lex optIn), p-33333333 (lex optOut).
     */
    public static Organization org(
            String rootPolicies, String prodPolicies, String rdPolicies, String emptyDupPolicies) {
        String text = """
                {"organizationId": "o-exampleorgid", "rootId": "r-ab12", "enabledPolicyTypes": ["AISERVICES_OPT_OUT_POLICY"],
                 "policies": [
                   {"id": "p-11111111", "name": "guide", "content": %s},
                   {"id": "p-22222222", "name": "lex-in", "content": %s},
                   {"id": "p-33333333", "name": "lex-out", "content": %s}],
                 "root": {"id": "r-ab12", "name": "Root", "policies": [%s], "children": [
                   {"type": "ORGANIZATIONAL_UNIT", "id": "ou-ab12-11111111", "name": "Workloads", "policies": [], "children": [
                     {"type": "ORGANIZATIONAL_UNIT", "id": "ou-ab12-22222222", "name": "Prod", "policies": [%s], "children": [
                       {"type": "ACCOUNT", "id": "111111111111", "name": "prod-1", "state": "ACTIVE", "policies": []}]},
                     {"type": "ORGANIZATIONAL_UNIT", "id": "ou-ab12-33333333", "name": "Production", "policies": [], "children": [
                       {"type": "ACCOUNT", "id": "222222222222", "name": "prod-2", "state": "ACTIVE", "policies": []}]}]},
                   {"type": "ORGANIZATIONAL_UNIT", "id": "ou-ab12-44444444", "name": "R/D", "policies": [%s], "children": [
                     {"type": "ACCOUNT", "id": "333333333333", "name": "lab", "state": "ACTIVE", "policies": []}]},
                   {"type": "ORGANIZATIONAL_UNIT", "id": "ou-ab12-55555555", "name": "Dup", "policies": [], "children": [
                     {"type": "ACCOUNT", "id": "555555555555", "name": "dup-1", "state": "ACTIVE", "policies": []}]},
                   {"type": "ORGANIZATIONAL_UNIT", "id": "ou-ab12-66666666", "name": "Dup", "policies": [%s], "children": []},
                   {"type": "ACCOUNT", "id": "444444444444", "name": "mgmt", "state": "ACTIVE", "policies": []}]}}
                """.formatted(GUIDE, LEX_IN, LEX_OUT, rootPolicies, prodPolicies, rdPolicies, emptyDupPolicies);
        OrganizationFile.Read read = OrganizationFile.read("org.json", text);
        assertThat(read.problems()).isEmpty();
        return read.organization();
    }

    public static Organization plainOrg() {
        return org("", "", "", "");
    }

    public static Layout layout(String text) {
        LayoutFile.Loaded loaded = LayoutFile.parse(FILE, text, OPTIONS);
        assertThat(loaded.problems()).as(loaded.problems().toString()).noneMatch(Problem::isError);
        return loaded.layout();
    }

    public static List<Problem> errors(List<Problem> problems) {
        return problems.stream().filter(Problem::isError).toList();
    }

    public static AccountOutcome outcome(Evaluation evaluation, String accountId) {
        return evaluation.accounts().stream()
                .filter(a -> a.account().id().equals(accountId))
                .findFirst()
                .orElseThrow();
    }
}
