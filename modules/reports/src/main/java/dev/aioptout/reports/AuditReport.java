package dev.aioptout.reports;

import dev.aioptout.audit.AccountAudit;
import dev.aioptout.audit.AuditResult;
import dev.aioptout.audit.Check;
import dev.aioptout.audit.Evidence;
import dev.aioptout.plan.AccountVerdict;
import dev.aioptout.policy.DisplayText;
import dev.aioptout.policy.PrettyJson;
import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit written as text, JSON, JUnit XML (one test case per check and per account), SARIF or an HTML page. */
public final class AuditReport {

    public enum Format {
        text,
        json,
        junit,
        sarif,
        html
    }

    private AuditReport() {}

    /**
     * @param layoutFile the layout file verify read, as the user named it, or null for the built-in default; SARIF
     *     results point at it, since GitHub code scanning refuses results without a file location
     */
    public static String render(AuditResult result, Format format, String layoutFile) {
        return switch (format) {
            case text -> text(result);
            case json -> PrettyJson.write(json(result));
            case junit -> junit(result);
            case sarif -> PrettyJson.write(sarif(result, layoutFile));
            case html -> html(result);
        };
    }

    /** The page plan draws too, with verify's checks above the tree and each account's evidence in it. */
    static String html(AuditResult result) {
        List<HtmlReport.Account> accounts = new ArrayList<>(result.accounts().size());
        for (AccountAudit a : result.accounts()) {
            accounts.add(
                    new HtmlReport.Account(a.verdict(), a.status(), a.evidence().source(), notes(a)));
        }
        List<HtmlReport.CheckRow> checks = new ArrayList<>();
        for (Check c : result.checks()) {
            checks.add(new HtmlReport.CheckRow(c.id(), c.status().json(), c.message()));
        }
        AccountVerdict.Status status = switch (result.outcome()) {
            case COMPLIANT -> AccountVerdict.Status.COMPLIANT;
            case NON_COMPLIANT -> AccountVerdict.Status.NON_COMPLIANT;
            case INCOMPLETE, COULD_NOT_COMPLETE -> AccountVerdict.Status.UNVERIFIED;
        };
        String outcome = switch (result.outcome()) {
            case COMPLIANT -> "compliant: every check passed and every account was evaluated";
            case NON_COMPLIANT -> "not compliant: some check failed";
            case INCOMPLETE -> "incomplete: nothing failed, but something could not be evaluated";
            case COULD_NOT_COMPLETE -> "could not complete: " + couldNotComplete(result);
        };
        return HtmlReport.render(new HtmlReport.Page(
                "verify",
                "The live organization: each account's effective policy, computed from the policies attached to it"
                        + " and above it, against what the layout (or the secure default) intends for it.",
                result.organizationId(),
                outcome,
                status,
                result.root(),
                accounts,
                checks));
    }

    static Map<String, Object> account(AccountAudit a) {
        Map<String, Object> json = PlanReport.account(a.verdict());
        json.put("state", a.state().known() ? a.state().name() : null);
        json.put("compliant", a.compliant());
        json.put("verdict", a.status().json());
        json.put("source", a.evidence().source());
        json.put("notes", notes(a));
        return json;
    }

    /** Why the account is unverified first (the engine's reasons are the verdict's own), then the verdict's notes. */
    private static List<String> notes(AccountAudit a) {
        List<String> notes = new ArrayList<>();
        if (a.evidence() instanceof Evidence.Unverified u) {
            u.reasons().forEach(r -> notes.add("unverified: " + r));
        }
        notes.addAll(PlanReport.notes(a.verdict()));
        return notes;
    }

    public static Map<String, Object> json(AuditResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("compliant", result.compliant());
        json.put("organizationId", result.organizationId());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Check c : result.checks()) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("id", c.id());
            check.put("status", c.status().json());
            check.put("message", c.message());
            if (c.call() != null) {
                check.put("call", c.call());
            }
            checks.add(check);
        }
        json.put("checks", checks);
        json.put(
                "accounts", result.accounts().stream().map(AuditReport::account).toList());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("accounts", result.count(a -> true));
        summary.put("compliant", result.count(AccountAudit::compliant));
        summary.put("nonCompliant", result.count(AccountAudit::nonCompliant));
        summary.put("unverified", result.count(AccountAudit::unverified));
        summary.put("apiCalls", result.calls() == null ? 0 : result.calls().total());
        json.put("summary", summary);
        return json;
    }

    /** For a person: every line through {@link DisplayText}, so no name from the organization can break or forge one. */
    static String text(AuditResult result) {
        StringBuilder out = new StringBuilder();
        line(out, "ai-optout verify: organization " + result.organizationId());
        for (Check c : result.checks()) {
            line(out, String.format("  %-5s %s: %s", c.status().json(), c.id(), c.message()));
        }
        for (AccountAudit a : result.accounts()) {
            if (!a.compliant()) {
                var account = a.verdict().outcome().account();
                line(
                        out,
                        "  " + a.status().mark() + " " + account.name() + " (" + account.id() + ", " + a.state()
                                + ") in "
                                + String.join(" / ", a.verdict().outcome().pathNames()));
                for (String note : notes(a)) {
                    line(out, "      " + note);
                }
            }
        }
        line(
                out,
                String.format(
                        "%d accounts: %d compliant, %d non-compliant, %d unverified; %s",
                        result.count(a -> true),
                        result.count(AccountAudit::compliant),
                        result.count(AccountAudit::nonCompliant),
                        result.count(AccountAudit::unverified),
                        switch (result.outcome()) {
                            case COMPLIANT -> "COMPLIANT";
                            case NON_COMPLIANT, INCOMPLETE -> "NOT COMPLIANT";
                            case COULD_NOT_COMPLETE -> "COULD NOT COMPLETE";
                        }));
        return out.toString();
    }

    /** Which checks could not complete, each with the call that stopped it. */
    private static String couldNotComplete(AuditResult result) {
        return String.join(
                "; ",
                result.incomplete().stream()
                        .map(c -> c.id() + " (" + c.call() + ")")
                        .toList());
    }

    private static void line(StringBuilder out, String text) {
        out.append(DisplayText.of(text)).append('\n');
    }

    static String junit(AuditResult result) {
        List<String> cases = new ArrayList<>();
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        for (Check c : result.checks()) {
            String body = switch (c.status()) {
                case PASS -> "";
                case FAIL -> "<failure message=\"" + xml(c.message()) + "\"/>";
                case ERROR, INCOMPLETE -> "<error message=\"" + xml(c.message()) + "\"/>";
                case SKIP -> "<skipped message=\"" + xml(c.message()) + "\"/>";
            };
            failures += c.status() == Check.Status.FAIL ? 1 : 0;
            errors += c.status() == Check.Status.ERROR || c.status() == Check.Status.INCOMPLETE ? 1 : 0;
            skipped += c.status() == Check.Status.SKIP ? 1 : 0;
            cases.add(testCase("ai-optout.checks", c.id(), body));
        }
        for (AccountAudit a : result.accounts()) {
            var account = a.verdict().outcome().account();
            String body;
            if (a.unverified()) {
                body = "<error message=\"" + xml(String.join("; ", notes(a))) + "\"/>";
                errors++;
            } else if (a.nonCompliant()) {
                body = "<failure message=\"" + xml(String.join("; ", notes(a))) + "\"/>";
                failures++;
            } else {
                body = "";
            }
            cases.add(testCase(
                    "ai-optout.accounts."
                            + String.join(".", a.verdict().outcome().pathNames()),
                    account.id() + " " + account.name(),
                    body));
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"ai-optout verify\" tests=\""
                + cases.size() + "\" failures=\"" + failures + "\" errors=\"" + errors + "\" skipped=\"" + skipped
                + "\">\n"
                + String.join("", cases) + "  </testsuite>\n</testsuites>\n";
    }

    private static String testCase(String className, String name, String body) {
        return "    <testcase classname=\"" + xml(className) + "\" name=\"" + xml(name) + "\""
                + (body.isEmpty() ? "/>\n" : ">" + body + "</testcase>\n");
    }

    static Map<String, Object> sarif(AuditResult result, String layoutFile) {
        String artifact = layoutFile == null ? null : artifactUri(layoutFile);
        List<Map<String, Object>> rules = new ArrayList<>();
        List<Map<String, Object>> results = new ArrayList<>();
        for (Check c : result.checks()) {
            rules.add(Map.of("id", c.id(), "shortDescription", Map.of("text", c.id().replace('-', ' '))));
            if (c.status() == Check.Status.FAIL
                    || c.status() == Check.Status.ERROR
                    || c.status() == Check.Status.INCOMPLETE) {
                results.add(sarifResult(
                        c.id(),
                        c.status() == Check.Status.ERROR ? "warning" : "error",
                        c.message(),
                        "organization/" + result.organizationId(),
                        artifact));
            }
        }
        for (AccountAudit a : result.accounts()) {
            if (!a.compliant()) {
                var account = a.verdict().outcome().account();
                String message = account.name() + " (" + account.id() + "): " + String.join("; ", notes(a));
                results.add(sarifResult(
                        Check.ACCOUNTS_EFFECTIVE,
                        a.unverified() ? "warning" : "error",
                        message,
                        String.join("/", a.verdict().outcome().pathNames()) + "/" + account.id(),
                        artifact));
            }
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "ai-optout");
        driver.put(
                "informationUri",
                "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_ai-opt-out.html");
        driver.put("rules", rules);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("results", results);
        Map<String, Object> sarif = new LinkedHashMap<>();
        sarif.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        sarif.put("version", "2.1.0");
        sarif.put("runs", List.of(run));
        return sarif;
    }

    private static Map<String, Object> sarifResult(
            String rule, String level, String message, String where, String artifact) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ruleId", rule);
        r.put("level", level);
        r.put("message", Map.of("text", message));
        Map<String, Object> location = new LinkedHashMap<>();
        if (artifact != null) {
            location.put("physicalLocation", Map.of("artifactLocation", Map.of("uri", artifact)));
        }
        location.put("logicalLocations", List.of(Map.of("fullyQualifiedName", where)));
        r.put("locations", List.of(location));
        return r;
    }

    /** A relative path stays relative (to the repository a pipeline checked out), with '/' separators. */
    private static String artifactUri(String layoutFile) {
        Path path = Path.of(layoutFile);
        if (path.isAbsolute()) {
            return path.toUri().toASCIIString();
        }
        try {
            return new URI(null, null, layoutFile.replace(File.separatorChar, '/'), null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a path: " + layoutFile, e);
        }
    }

    /**
     * Text for an XML 1.0 attribute. Characters XML 1.0 cannot hold at all (controls other than
     * tab, line feed and carriage return, unpaired surrogates, U+FFFE and U+FFFF) are written as
     * the text {@code \\uXXXX}, as {@link DisplayText} writes them, so the file stays well-formed
     * and still shows what was there; tab and line breaks become character references, which an
     * attribute keeps.
     */
    static String xml(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
                continue;
            }
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\t' -> out.append("&#9;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                default -> {
                    boolean allowed = c >= 0x20 && !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF;
                    out.append(allowed ? String.valueOf(c) : String.format("\\u%04x", (int) c));
                }
            }
        }
        return out.toString();
    }
}
