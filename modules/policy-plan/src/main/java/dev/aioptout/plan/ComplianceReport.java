package dev.aioptout.plan;

import dev.aioptout.engine.NodeKind;
import dev.aioptout.engine.Note;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.Organization;
import dev.aioptout.policy.PrettyJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every account's verdict, as JSON for machines and as an annotated tree for people. The shape is
 * the one {@code plan} documents; {@code verify} adds its own fields around the same accounts.
 */
public final class ComplianceReport {

    private final Organization organization;
    private final List<AccountVerdict> verdicts;
    private final Map<String, AccountVerdict> byAccount = new HashMap<>();

    public ComplianceReport(Organization organization, List<AccountVerdict> verdicts) {
        this.organization = organization;
        this.verdicts = List.copyOf(verdicts);
        verdicts.forEach(v -> byAccount.put(v.outcome().account().id(), v));
    }

    public List<AccountVerdict> verdicts() {
        return verdicts;
    }

    public boolean compliant() {
        return verdicts.stream().allMatch(AccountVerdict::compliant);
    }

    public long nonCompliant() {
        return verdicts.stream().filter(v -> !v.compliant()).count();
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
        json.put("notes", notes(v));
        return json;
    }

    /** Each difference with its cause first, then any other ignored change or order-dependence on the way down. */
    public static List<String> notes(AccountVerdict v) {
        Set<String> notes = new LinkedHashSet<>();
        Set<Note> used = new LinkedHashSet<>();
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
        summary.put("compliant", verdicts.size() - nonCompliant());
        summary.put("nonCompliant", nonCompliant());
        return summary;
    }

    public Map<String, Object> toJsonTree() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("compliant", compliant());
        json.put("accounts", verdicts.stream().map(ComplianceReport::account).toList());
        json.put("summary", summary());
        return json;
    }

    public String toJson() {
        return PrettyJson.write(toJsonTree());
    }

    /**
     * The tree with a mark per OU and account, each non-compliant account followed by its causes,
     * and the counts at the end.
     */
    public String toText() {
        StringBuilder out = new StringBuilder();
        node(organization.root(), "", out);
        out.append(verdicts.size())
                .append(verdicts.size() == 1 ? " account: " : " accounts: ")
                .append(verdicts.size() - nonCompliant())
                .append(" compliant, ")
                .append(nonCompliant())
                .append(" non-compliant\n");
        return out.toString();
    }

    private int[] node(OrgNode node, String indent, StringBuilder out) {
        if (node.kind() == NodeKind.ACCOUNT) {
            AccountVerdict v = byAccount.get(node.id());
            boolean ok = v == null || v.compliant();
            out.append(indent).append(ok ? "✓ " : "✗ ").append(label(node)).append('\n');
            if (v != null && !ok) {
                for (String note : notes(v)) {
                    out.append(indent).append("    ").append(note).append('\n');
                }
            }
            return new int[] {1, ok ? 0 : 1};
        }
        StringBuilder children = new StringBuilder();
        int accounts = 0;
        int failing = 0;
        for (OrgNode child : node.children()) {
            int[] counts = node(child, indent + "  ", children);
            accounts += counts[0];
            failing += counts[1];
        }
        out.append(indent).append(failing == 0 ? "✓ " : "✗ ").append(label(node));
        if (failing > 0) {
            out.append(": ").append(failing).append(" of ").append(accounts).append(" accounts non-compliant");
        }
        out.append('\n').append(children);
        return new int[] {accounts, failing};
    }

    private static String label(OrgNode node) {
        return node.name() == null || node.name().equals(node.id()) ? node.id() : node.name() + " (" + node.id() + ")";
    }
}
