package dev.aioptout.reports;

import dev.aioptout.engine.Note;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.Organization;
import dev.aioptout.plan.AccountVerdict;
import dev.aioptout.plan.PlanOutcome;
import dev.aioptout.plan.UnmanagedPolicies;
import dev.aioptout.plan.Verdicts;
import dev.aioptout.policy.DisplayText;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.PrettyJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code plan} found, as JSON for machines, as an annotated tree for people and as an HTML
 * page. The shape is the one {@code plan} documents; {@code verify} adds its own fields around the
 * same accounts.
 */
public final class PlanReport {

    private final PlanOutcome outcome;
    private final Organization organization;
    private final List<AccountVerdict> verdicts;
    private final UnmanagedPolicies.Report unmanagedReport;
    private final List<UnmanagedPolicies.Finding> unmanaged;
    private final Map<String, AccountVerdict> byAccount = new HashMap<>();

    public PlanReport(PlanOutcome outcome) {
        this.outcome = outcome;
        this.organization = outcome.organization();
        this.verdicts = outcome.verdicts();
        this.unmanagedReport = outcome.unmanaged();
        this.unmanaged = unmanagedReport.findings();
        verdicts.forEach(v -> byAccount.put(v.outcome().account().id(), v));
    }

    public PlanOutcome outcome() {
        return outcome;
    }

    private boolean dependsOnUnmanaged() {
        return outcome.dependsOnUnmanaged();
    }

    private long count(AccountVerdict.Status status) {
        return outcome.count(status);
    }

    /** One account as the JSON report shows it. */
    public static Map<String, Object> account(AccountVerdict v) {
        Map<String, Object> json = new LinkedHashMap<>();
        OrgNode account = v.outcome().account();
        json.put("id", account.id());
        json.put("name", account.name());
        json.put("path", v.outcome().pathNames());
        json.put("effective", v.outcome().effective().toJsonTree());
        json.put("intended", v.intended().toJsonTree());
        json.put("compliant", v.compliant());
        json.put("verdict", v.status().json());
        json.put("notes", notes(v));
        return json;
    }

    /**
     * Why the outcome is unknown first ({@code unverified: ...}, with how to resolve it), then each
     * difference with its cause, then any other ignored change or order-dependence on the way down.
     */
    public static List<String> notes(AccountVerdict v) {
        Set<String> notes = new LinkedHashSet<>();
        Set<Note> used = new HashSet<>(v.outcome().unknowns());
        v.unverified().forEach(reason -> notes.add("unverified: " + reason));
        for (int i = 0; i < v.differences().size(); i++) {
            AccountVerdict.Cause cause = v.causes().get(i);
            notes.add(Verdicts.describe(v.differences().get(i)) + ": " + cause.message());
            if (cause.note() != null) {
                used.add(cause.note());
            }
        }
        v.outcome().notes().stream().filter(n -> !used.contains(n)).forEach(n -> notes.add(n.message()));
        return new ArrayList<>(notes);
    }

    public Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("accounts", verdicts.size());
        summary.put("compliant", count(AccountVerdict.Status.COMPLIANT));
        summary.put("nonCompliant", count(AccountVerdict.Status.NON_COMPLIANT));
        summary.put("unverified", count(AccountVerdict.Status.UNVERIFIED));
        return summary;
    }

    public Map<String, Object> toJsonTree() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("compliant", outcome.compliant());
        json.put("accounts", verdicts.stream().map(PlanReport::account).toList());
        json.put(
                "unmanaged",
                unmanaged.stream().map(UnmanagedPolicies.Finding::toJson).toList());
        json.put("changedByUnmanaged", unmanagedReport.accountsChanged());
        json.put("summary", summary());
        return json;
    }

    public String toJson() {
        return PrettyJson.write(toJsonTree());
    }

    /** The page {@link HtmlReport} draws: the tree, the counts, and per account its values and notes. */
    public String toHtml() {
        Tally all = Tally.NONE;
        List<HtmlReport.Account> accounts = new ArrayList<>(verdicts.size());
        for (AccountVerdict v : verdicts) {
            all = all.plus(Tally.of(v.status()));
            accounts.add(new HtmlReport.Account(v, v.status(), null, notes(v)));
        }
        // Over no accounts nothing was shown to be compliant.
        AccountVerdict.Status status = all.accounts() == 0 ? AccountVerdict.Status.UNVERIFIED : all.status();
        if (status == AccountVerdict.Status.COMPLIANT && dependsOnUnmanaged()) {
            status = AccountVerdict.Status.NON_COMPLIANT;
        }
        String outcome = dependsOnUnmanaged() && all.status() == AccountVerdict.Status.COMPLIANT
                ? "not proven: an account's outcome depends on a policy the layout does not manage (see Checks)"
                : switch (status) {
                    case COMPLIANT -> "compliant: every account would get what the layout intends";
                    case NON_COMPLIANT -> "not compliant: some account would not get what the layout intends";
                    case UNVERIFIED ->
                        all.accounts() == 0
                                ? "unverified: the organization has no accounts"
                                : "unverified: some account's outcome cannot be known";
                };
        return HtmlReport.render(new HtmlReport.Page(
                "plan",
                "What the layout would do: each account's effective policy once the layout's policies are attached"
                        + " after each target's existing ones, against what the layout intends for it.",
                organization.organizationId(),
                outcome,
                status,
                organization.root(),
                accounts,
                unmanaged.stream()
                        .map(f -> new HtmlReport.CheckRow(
                                "unmanaged " + f.policyId(),
                                f.changesOutcome() ? "fail" : "warn",
                                f.describe() + " (" + f.hint() + ")"))
                        .toList()));
    }

    /**
     * The tree with a mark per OU and account ({@code ✓} compliant, {@code ✗} non-compliant,
     * {@code ?} unverified), each account that is not compliant followed by its notes, and the
     * counts at the end. Names from the organization go through {@link DisplayText}.
     */
    public String toText() {
        StringBuilder out = new StringBuilder();
        node(organization.root(), "", out);
        if (!unmanaged.isEmpty()) {
            out.append("AI opt-out policies the layout does not manage:\n");
            for (UnmanagedPolicies.Finding f : unmanaged) {
                // "!" for each: the tree's marks (✓ ✗ ?) are verdicts of accounts, not of policies.
                line(out, "  ", "! " + f.describe());
                line(out, "    ", f.hint());
            }
            if (dependsOnUnmanaged()) {
                int n = unmanagedReport.accountsChanged();
                line(
                        out,
                        "  ",
                        "without them, " + n + (n == 1 ? " account" : " accounts") + " would end up differently");
            }
        }
        out.append(verdicts.size())
                .append(verdicts.size() == 1 ? " account: " : " accounts: ")
                .append(count(AccountVerdict.Status.COMPLIANT))
                .append(" compliant, ")
                .append(count(AccountVerdict.Status.NON_COMPLIANT))
                .append(" non-compliant, ")
                .append(count(AccountVerdict.Status.UNVERIFIED))
                .append(" unverified\n");
        return out.toString();
    }

    /** Writes the node and everything below it; returns the accounts below it, counted by verdict. */
    private Tally node(OrgNode node, String indent, StringBuilder out) {
        if (node.kind() == NodeKind.ACCOUNT) {
            AccountVerdict v = byAccount.get(node.id());
            // An account the evaluation did not judge is not known to be compliant.
            AccountVerdict.Status status = v == null ? AccountVerdict.Status.UNVERIFIED : v.status();
            line(out, indent, mark(status) + label(node));
            if (v != null && status != AccountVerdict.Status.COMPLIANT) {
                for (String note : notes(v)) {
                    line(out, indent, "    " + note);
                }
            }
            return Tally.of(status);
        }
        StringBuilder children = new StringBuilder();
        Tally counts = Tally.NONE;
        for (OrgNode child : node.children()) {
            counts = counts.plus(node(child, indent + "  ", children));
        }
        String summary = counts.mark() + " " + label(node);
        List<String> parts = new ArrayList<>();
        if (counts.nonCompliant() > 0) {
            parts.add(counts.nonCompliant() + " of " + counts.accounts() + " accounts non-compliant");
        }
        if (counts.unverified() > 0) {
            parts.add(counts.unverified() + " of " + counts.accounts() + " accounts unverified");
        }
        line(out, indent, parts.isEmpty() ? summary : summary + ": " + String.join(", ", parts));
        out.append(children);
        return counts;
    }

    private static String mark(AccountVerdict.Status status) {
        return status.mark() + " ";
    }

    /** One line of text; what it quotes from the organization cannot break it or act on the terminal. */
    private static void line(StringBuilder out, String indent, String text) {
        out.append(indent).append(DisplayText.of(text)).append('\n');
    }

    private static String label(OrgNode node) {
        return node.name() == null || node.name().equals(node.id()) ? node.id() : node.name() + " (" + node.id() + ")";
    }
}
