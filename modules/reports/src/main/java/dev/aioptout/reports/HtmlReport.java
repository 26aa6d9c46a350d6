package dev.aioptout.reports;

import dev.aioptout.engine.EffectivePolicy;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.Origin;
import dev.aioptout.plan.AccountVerdict;
import dev.aioptout.policy.CanonicalJson;
import dev.aioptout.policy.DisplayText;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.PolicyDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A report as one self-contained HTML page, for the people who sign off on it: the verdict, the
 * counts, (for {@code verify}) the checks, and the organization tree with a mark and counts per OU,
 * a filter, and per account its effective and intended values, which policy at which node decided
 * each, and the notes. One renderer for {@code plan} and {@code verify}.
 *
 * <p>The page fetches nothing: its style and script are inline, allowed by hash in a
 * Content-Security-Policy that forbids everything else. Text from the organization goes through
 * {@link DisplayText} (so control and bidirectional characters show as codes, as on a terminal),
 * then is HTML-escaped where the page is written here, or travels in a JSON island (with
 * {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped) that the script reads and sets as
 * text, never as markup. The tree is drawn by the script, lazily: OUs open on demand and accounts
 * come in chunks, so 10,000 accounts stay quick. The output depends only on the report: no
 * timestamp, byte-identical across runs.
 */
public final class HtmlReport {

    private static final String SCRIPT = resource("report.js");
    private static final String STYLE = resource("report.css");
    /** The code of an OU without accounts: not compliant, since there is nothing in it to judge. */
    private static final String EMPTY = "e";
    /** Nothing but the page's own style and script; not even an image or a form target. */
    private static final String POLICY = "default-src 'none'; script-src '" + sha256(SCRIPT) + "'; style-src '"
            + sha256(STYLE) + "'; base-uri 'none'; form-action 'none'";

    /**
     * One account as the page shows it.
     *
     * @param status the report's verdict (verify's may be unverified where the engine's is not)
     * @param source how the verdict is known ({@code engine}, {@code engine+aws}, {@code unverified}); null for plan
     * @param notes  why it is unverified, each difference with its cause, other notes: as the JSON report gives them
     */
    public record Account(AccountVerdict verdict, AccountVerdict.Status status, String source, List<String> notes) {
        public Account {
            notes = List.copyOf(notes);
        }
    }

    /** One of verify's checks. */
    public record CheckRow(String id, String status, String message) {}

    /**
     * @param command        {@code plan} or {@code verify}
     * @param about          one sentence on what the report compares
     * @param outcome        what the report concludes, in a few words
     * @param outcomeStatus  the mark for the conclusion
     * @param root           the organization's tree
     * @param checks         verify's checks; empty for plan
     */
    public record Page(
            String command,
            String about,
            String organizationId,
            String outcome,
            AccountVerdict.Status outcomeStatus,
            OrgNode root,
            List<Account> accounts,
            List<CheckRow> checks) {
        public Page {
            accounts = List.copyOf(accounts);
            checks = List.copyOf(checks);
        }
    }

    private HtmlReport() {}

    /** The page; the totals at the top are the tree's, so they always agree with the root's counts. */
    public static String render(Page page) {
        Map<String, Account> byId = new HashMap<>();
        page.accounts().forEach(a -> byId.put(a.verdict().outcome().account().id(), a));
        Island island = new Island(byId);
        Island.Drawn tree = island.node(page.root());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tree", tree.json());
        data.put("texts", island.texts());
        data.put("rows", island.rows());
        data.put("legend", legend());

        Tally all = tree.tally();
        String org = page.organizationId() == null ? "(no organization id)" : page.organizationId();
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
                .append(POLICY)
                .append("\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(text("ai-optout " + page.command() + ": " + org + ": " + page.outcome()))
                .append("</title>\n<style>")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n<header>\n<h1>ai-optout ")
                .append(text(page.command()))
                .append(" <span class=\"org\">")
                .append(text(org))
                .append("</span></h1>\n<p class=\"about\">")
                .append(text(page.about()))
                .append("</p>\n<p id=\"outcome\" class=\"outcome s-")
                .append(code(page.outcomeStatus()))
                .append("\"><span class=\"mark\">")
                .append(page.outcomeStatus().mark())
                .append("</span> ")
                .append(text(page.outcome()))
                .append("</p>\n<ul id=\"totals\" class=\"totals\">")
                .append("<li class=\"total\">")
                .append(count(all.accounts(), "account", "accounts"))
                .append("</li>")
                .append(total(AccountVerdict.Status.COMPLIANT, all.compliant()))
                .append(total(AccountVerdict.Status.NON_COMPLIANT, all.nonCompliant()))
                .append(total(AccountVerdict.Status.UNVERIFIED, all.unverified()))
                .append("</ul>\n<p class=\"legend\">✓ compliant · ✗ non-compliant · ? unverified: the outcome")
                .append(" depends on something that cannot be known, so it is never called compliant.</p>\n")
                .append("</header>\n<main>\n");
        if (!page.checks().isEmpty()) {
            checks(page.checks(), out);
        }
        out.append("<section id=\"organization\">\n<h2>Organization</h2>\n<div class=\"controls\">")
                .append("<label for=\"filter\">Filter</label> <input id=\"filter\" type=\"search\"")
                .append(" placeholder=\"account id or name\" autocomplete=\"off\" spellcheck=\"false\">")
                .append(" <label for=\"status\">Status</label> <select id=\"status\">")
                .append("<option value=\"\">all</option>")
                .append("<option value=\"problems\">not compliant (✗ and ?)</option>");
        for (AccountVerdict.Status s : List.of(
                AccountVerdict.Status.NON_COMPLIANT,
                AccountVerdict.Status.UNVERIFIED,
                AccountVerdict.Status.COMPLIANT)) {
            out.append("<option value=\"")
                    .append(code(s))
                    .append("\">")
                    .append(s.json())
                    .append("</option>");
        }
        out.append("</select></div>\n")
                .append("<p id=\"shown\" role=\"status\" aria-live=\"polite\"></p>\n<div id=\"tree\"></div>\n")
                .append("<noscript><p>The organization tree is drawn by this page's script, which did not run.")
                .append(" The same accounts are in the report's <code>--format json</code>.</p></noscript>\n")
                .append("</section>\n</main>\n<script type=\"application/json\" id=\"report-data\">")
                .append(CanonicalJson.write(data))
                .append("</script>\n<script>")
                .append(SCRIPT)
                .append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    private static void checks(List<CheckRow> checks, StringBuilder out) {
        out.append("<section id=\"checks\">\n<h2>Checks</h2>\n<table>\n<thead><tr><th>Check</th><th>Status</th>")
                .append("<th>Message</th></tr></thead>\n<tbody>\n");
        for (CheckRow c : checks) {
            String status = c.status().toLowerCase(Locale.ROOT);
            out.append("<tr class=\"check k-")
                    .append(text(status))
                    .append("\"><td><code>")
                    .append(text(c.id()))
                    .append("</code></td><td class=\"status\">")
                    .append(text(status))
                    .append("</td><td class=\"message\">")
                    .append(text(c.message()))
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private static String total(AccountVerdict.Status status, int n) {
        return "<li class=\"s-" + code(status) + "\">" + status.mark() + " " + String.format(Locale.ROOT, "%,d", n)
                + " " + status.json() + "</li>";
    }

    private static String count(int n, String one, String many) {
        return String.format(Locale.ROOT, "%,d", n) + " " + (n == 1 ? one : many);
    }

    /** Per code, the word and the mark the script shows; {@code e} marks an OU without accounts. */
    private static Map<String, List<String>> legend() {
        Map<String, List<String>> legend = new LinkedHashMap<>();
        for (AccountVerdict.Status s : AccountVerdict.Status.values()) {
            legend.put(code(s), List.of(s.json(), s.mark()));
        }
        legend.put(EMPTY, List.of("no accounts", Tally.EMPTY_MARK));
        return legend;
    }

    /** The one-letter code the page's script and style know a verdict by. */
    static String code(AccountVerdict.Status status) {
        return switch (status) {
            case COMPLIANT -> "c";
            case NON_COMPLIANT -> "n";
            case UNVERIFIED -> "u";
        };
    }

    /**
     * Outside text for HTML text or a quoted attribute: shown as {@link DisplayText} shows it, with
     * {@code & < > " '} as references.
     */
    static String text(String raw) {
        String shown = shown(raw == null ? "" : raw);
        StringBuilder out = new StringBuilder(shown.length() + 16);
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Outside text as the page shows it: as {@link DisplayText} writes it, and a lone surrogate
     * (which no UTF-8 file can hold) written as its code the same way.
     */
    static String shown(String raw) {
        return DisplayText.escapeLoneSurrogates(DisplayText.of(raw));
    }

    /**
     * The page's data: the tree with each node's verdict and counts, and per account its value rows
     * and notes. Notes, origins and whole row sets repeat across accounts, so each is written once
     * and referred to by index.
     */
    private static final class Island {
        private final Map<String, Account> accounts;
        private final Map<String, Integer> texts = new LinkedHashMap<>();
        private final Map<List<List<Object>>, Integer> rows = new LinkedHashMap<>();

        Island(Map<String, Account> accounts) {
            this.accounts = accounts;
        }

        List<String> texts() {
            return new ArrayList<>(texts.keySet());
        }

        List<List<List<Object>>> rows() {
            return new ArrayList<>(rows.keySet());
        }

        /** A node as the page's data, and the accounts below it counted by verdict. */
        record Drawn(Map<String, Object> json, Tally tally) {}

        Drawn node(OrgNode node) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", shown(node.id()));
            if (node.name() != null && !node.name().equals(node.id())) {
                json.put("n", shown(node.name()));
            }
            if (node.kind() == NodeKind.ACCOUNT) {
                return new Drawn(json, account(node, json));
            }
            json.put("k", node.kind() == NodeKind.ROOT ? "root" : "ou");
            List<Object> children = new ArrayList<>(node.children().size());
            Tally tally = Tally.NONE;
            for (OrgNode child : node.children()) {
                Drawn c = node(child);
                tally = tally.plus(c.tally());
                children.add(c.json());
            }
            json.put("s", tally.accounts() == 0 ? EMPTY : code(tally.status()));
            json.put("t", List.of(tally.accounts(), tally.compliant(), tally.nonCompliant(), tally.unverified()));
            json.put("c", children);
            return new Drawn(json, tally);
        }

        private Tally account(OrgNode node, Map<String, Object> json) {
            json.put("k", "acct");
            json.put("st", node.state().known() ? node.state().name() : "unknown");
            Account a = accounts.get(node.id());
            if (a == null) {
                // Every account of the tree is judged; one that was not is never shown as compliant.
                json.put("s", code(AccountVerdict.Status.UNVERIFIED));
                json.put("r", intern(rows, List.of()));
                json.put("x", List.of(intern(texts, "unverified: this account was not evaluated")));
                return Tally.of(AccountVerdict.Status.UNVERIFIED);
            }
            json.put("s", code(a.status()));
            if (a.source() != null) {
                json.put("src", a.source());
            }
            json.put("r", intern(rows, values(a.verdict())));
            json.put("x", a.notes().stream().map(n -> intern(texts, shown(n))).toList());
            return Tally.of(a.status());
        }

        /**
         * One row per key either policy names, and {@code default}: the key, the value the account
         * ends up with and the intended one (as AWS resolves them: the key's own, else
         * {@code default}'s), whether the verdict counts it as a difference, and the policy and node
         * that decided the effective value (an index into the texts, or -1).
         */
        private List<List<Object>> values(AccountVerdict v) {
            EffectivePolicy effective = v.outcome().effective();
            EffectivePolicy intended = v.intended();
            Set<String> keys = new TreeSet<>(effective.settings().keySet());
            keys.addAll(intended.settings().keySet());
            keys.add(PolicyDocument.DEFAULT_KEY);
            Set<String> differing = v.differences().stream()
                    .map(EffectivePolicy.Difference::key)
                    .collect(Collectors.toSet());
            List<List<Object>> out = new ArrayList<>(keys.size());
            for (String key : keys) {
                Optional<Origin> origin = effective.decidedBy(key);
                List<Object> row = new ArrayList<>(5);
                row.add(shown(key));
                row.add(value(effective, key));
                row.add(value(intended, key));
                row.add(differing.contains(key));
                row.add(origin.map(o -> intern(texts, shown(o.describe()))).orElse(-1));
                out.add(row);
            }
            return out;
        }

        /** The value, saying so when it comes from {@code default}; {@code unset} when there is none. */
        private static String value(EffectivePolicy policy, String key) {
            Optional<OptValue> value = policy.resolve(key);
            if (value.isEmpty()) {
                return "unset";
            }
            boolean own = policy.settings().containsKey(key);
            return own ? value.get().json() : value.get().json() + " (from default)";
        }

        private static <T> int intern(Map<T, Integer> table, T value) {
            return table.computeIfAbsent(value, v -> table.size());
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            // The same bytes on every machine, whatever line ends a checkout gave the file.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSP source for inline text: its SHA-256, base64, as browsers hash it (UTF-8). */
    static String sha256(String inline) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has SHA-256", e);
        }
    }
}
