package dev.aioptout.audit;

import dev.aioptout.plan.ComplianceReport;
import dev.aioptout.policy.PrettyJson;
import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit written as text, JSON, JUnit XML (one test case per check and per account) or SARIF. */
public final class AuditReport {

    public enum Format {
        text,
        json,
        junit,
        sarif
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
        };
    }

    static Map<String, Object> account(AccountAudit a) {
        Map<String, Object> json = ComplianceReport.account(a.verdict());
        json.put("status", a.verdict().outcome().account().status());
        json.put("compliant", a.compliant());
        json.put("source", a.source());
        if (a.unverified() != null) {
            List<String> notes = new ArrayList<>();
            notes.add("unverified: " + a.unverified());
            notes.addAll(ComplianceReport.notes(a.verdict()));
            json.put("notes", notes);
        }
        return json;
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
            checks.add(check);
        }
        json.put("checks", checks);
        json.put(
                "accounts", result.accounts().stream().map(AuditReport::account).toList());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("accounts", result.count(a -> true));
        summary.put("compliant", result.count(AccountAudit::compliant));
        summary.put(
                "nonCompliant",
                result.count(a -> a.unverified() == null && !a.verdict().compliant()));
        summary.put("unverified", result.count(a -> a.unverified() != null));
        summary.put("apiCalls", result.calls() == null ? 0 : result.calls().total());
        json.put("summary", summary);
        return json;
    }

    static String text(AuditResult result) {
        StringBuilder out = new StringBuilder();
        out.append("ai-optout verify: organization ")
                .append(result.organizationId())
                .append('\n');
        for (Check c : result.checks()) {
            out.append(String.format("  %-5s %s: %s%n", c.status().json(), c.id(), c.message()));
        }
        for (AccountAudit a : result.accounts()) {
            if (!a.compliant() && a.active()) {
                var account = a.verdict().outcome().account();
                out.append(a.unverified() != null ? "  ? " : "  ✗ ")
                        .append(account.name())
                        .append(" (")
                        .append(account.id())
                        .append(") in ")
                        .append(String.join(" / ", a.verdict().outcome().pathNames()))
                        .append('\n');
                if (a.unverified() != null) {
                    out.append("      unverified: ").append(a.unverified()).append('\n');
                }
                for (String note : ComplianceReport.notes(a.verdict())) {
                    out.append("      ").append(note).append('\n');
                }
            }
        }
        out.append(String.format(
                "%d active accounts: %d compliant, %d non-compliant, %d unverified; %s%n",
                result.count(a -> true),
                result.count(AccountAudit::compliant),
                result.count(a -> a.unverified() == null && !a.verdict().compliant()),
                result.count(a -> a.unverified() != null),
                result.compliant() ? "COMPLIANT" : "NOT COMPLIANT"));
        return out.toString().replace("\r\n", "\n");
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
                case ERROR -> "<error message=\"" + xml(c.message()) + "\"/>";
                case SKIP -> "<skipped message=\"" + xml(c.message()) + "\"/>";
            };
            failures += c.status() == Check.Status.FAIL ? 1 : 0;
            errors += c.status() == Check.Status.ERROR ? 1 : 0;
            skipped += c.status() == Check.Status.SKIP ? 1 : 0;
            cases.add(testCase("ai-optout.checks", c.id(), body));
        }
        for (AccountAudit a : result.accounts()) {
            var account = a.verdict().outcome().account();
            String body;
            if (!a.active()) {
                body = "<skipped message=\"account status " + xml(account.status()) + "\"/>";
                skipped++;
            } else if (a.unverified() != null) {
                body = "<error message=\"" + xml("unverified: " + a.unverified()) + "\"/>";
                errors++;
            } else if (!a.verdict().compliant()) {
                body = "<failure message=\"" + xml(String.join("; ", ComplianceReport.notes(a.verdict()))) + "\"/>";
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
            if (c.status() == Check.Status.FAIL || c.status() == Check.Status.ERROR) {
                results.add(sarifResult(
                        c.id(),
                        c.status() == Check.Status.FAIL ? "error" : "warning",
                        c.message(),
                        "organization/" + result.organizationId(),
                        artifact));
            }
        }
        for (AccountAudit a : result.accounts()) {
            if (a.active() && !a.compliant()) {
                var account = a.verdict().outcome().account();
                String message = account.name() + " (" + account.id() + "): "
                        + (a.unverified() != null
                                ? "unverified: " + a.unverified()
                                : String.join("; ", ComplianceReport.notes(a.verdict())));
                results.add(sarifResult(
                        Check.ACCOUNTS_EFFECTIVE,
                        a.unverified() != null ? "warning" : "error",
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

    private static String xml(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                default -> out.append(c < 0x20 ? ' ' : c);
            }
        }
        return out.toString();
    }
}
