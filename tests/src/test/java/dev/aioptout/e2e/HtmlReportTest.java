package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.aioptout.e2e.VerifyTest.Run;
import dev.aioptout.e2e.VerifyTest.TestOrg;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;

/**
 * {@code plan --format html} and {@code verify --format html} opened in a real browser (Debian's
 * headless Chromium, driven over the DevTools protocol): the rendered DOM has the verdicts, the
 * counts per OU, each account's values and their causes, a working filter, organization names
 * that stay text however hostile, and the page makes no request of its own and cannot be made to.
 * Screenshots go to tests/target/html-report/ for review.
 */
class HtmlReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String ROOT = "r-ab12";
    static final String PROD = "ou-ab12-11111111";
    static final String SANDBOX = "ou-ab12-22222222";
    static final String EMPTY = "ou-ab12-33333333";
    /** Names an OU or account administrator could choose: markup, quotes, a terminal escape, a bidi override. */
    static final String HOSTILE_OU = "Prod \"quoted\" 'single' </script><script>window.pwned=1</script>";

    static final String HOSTILE_ACCOUNT = "<img src=x onerror=\"window.pwned=2\">";
    static final String HIDING_ACCOUNT = "evil\u001b[8m\u202ehidden\u2028line";
    static final String LEX_POLICY = "chatbot <b>lex</b> & co";
    static final String LEX_IN = "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";
    static final String LEX_OUT = "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}}}}";
    /** The layout: every service opted out at the root, nothing locked, so a policy below can opt Lex in. */
    static final String LAYOUT = """
            version: 1
            layout: multi-ou
            organization:
              id: o-exampleorgid
            policy:
              lock: none
            """;

    static final String READY = "document.body.dataset.ready === 'true'";

    @TempDir
    Path dir;

    /** Per test, so a missing browser shows as each test skipped, with the reason. */
    @BeforeEach
    void chromiumIsThere() {
        Chromium.program();
    }

    static Path out() {
        return E2e.buildDir().resolve("html-report");
    }

    // ------------------------------------------------------------------ plan

    @Test
    void planReportShowsTheTreeCountsCausesAndFilterAndNoNameBecomesMarkup() throws Exception {
        Path report = planReport(hostileOrganization(), "report.html");
        String html = Files.readString(report);
        assertThat(planReport(hostileOrganization(), "again.html"))
                .as("byte-identical across runs")
                .hasSameBinaryContentAs(report);
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");

        try (Chromium browser = Chromium.start(dir.resolve("browser"), 1280, 900)) {
            browser.open(report, READY);
            assertThat(browser.problems())
                    .as("the page's own script and style are allowed and run")
                    .isEmpty();
            assertThat(browser.requests())
                    .as("the page asks for nothing but itself")
                    .containsExactly(report.toUri().toString());
            assertThat(browser.eval("document.querySelectorAll('[src], [href], link, img, iframe, object, embed')"
                                    + ".length")
                            .asInt())
                    .as("nothing that could load anything")
                    .isZero();

            assertThat(browser.eval("document.getElementById('outcome').textContent")
                            .asText())
                    .isEqualTo("✗ not compliant: some account would not get what the layout intends");
            assertThat(texts(browser, "#totals li"))
                    .containsExactly("6 accounts", "✓ 3 compliant", "✗ 1 non-compliant", "? 2 unverified");
            assertThat(browser.eval("document.getElementById('shown').textContent")
                            .asText())
                    .startsWith("6 accounts.");

            // The root is open; each OU shows its mark and counts before it is opened.
            Map<String, List<String>> nodes = containers(browser);
            assertThat(nodes)
                    .containsExactly(
                            Map.entry(
                                    ROOT,
                                    List.of("✗", "6 accounts", "✓ 3 compliant", "✗ 1 non-compliant", "? 2 unverified")),
                            Map.entry(PROD, List.of("✗", "3 accounts", "✓ 2 compliant", "✗ 1 non-compliant")),
                            Map.entry(SANDBOX, List.of("?", "2 accounts", "? 2 unverified")),
                            Map.entry(EMPTY, List.of("–", "0 accounts")));
            assertThat(accounts(browser)).containsExactly(Map.entry("999999999999", "c"));
            browser.screenshot(out().resolve("plan-overview.png"), true);

            // Opening an OU draws its accounts; opening an account shows its values and their causes.
            open(browser, PROD);
            assertThat(accounts(browser))
                    .containsExactly(
                            Map.entry("111111111111", "c"),
                            Map.entry("111111111112", "n"),
                            Map.entry("111111111113", "c"),
                            Map.entry("999999999999", "c"));
            open(browser, "111111111112");
            List<List<String>> rows = rows(browser, "111111111112");
            String cause =
                    "policy \"" + LEX_POLICY + "\" (p-11111111) attached to \"" + HOSTILE_ACCOUNT + "\" (111111111112)";
            assertThat(rows)
                    .containsExactly(
                            List.of(
                                    "default",
                                    "optOut",
                                    "optOut",
                                    "policy \"ai-optout-all-services\" attached to \"Root\" (r-ab12)",
                                    "same"),
                            List.of("lex", "optIn", "optOut (from default)", cause, "differs"));
            assertThat(texts(browser, "details[data-id='111111111112'] .notes li"))
                    .containsExactly("\"lex\" is optIn, intended optOut: " + cause + " sets \"lex\" to optIn");
            assertThat(texts(browser, "details[data-id='111111111112'] dd")).containsExactly("non-compliant", "ACTIVE");

            // Hostile names are shown as text; none became an element or ran.
            assertThat(browser.eval("document.scripts.length").asInt())
                    .as("the data island and the page's script")
                    .isEqualTo(2);
            assertThat(browser.eval("typeof window.pwned").asText()).isEqualTo("undefined");
            assertThat(browser.eval("document.querySelectorAll('[onerror], [onload], b').length")
                            .asInt())
                    .isZero();
            assertThat(browser.eval("document.querySelector(\"details[data-id='" + PROD
                                    + "'] > summary > .name\").textContent")
                            .asText())
                    .isEqualTo(HOSTILE_OU);
            assertThat(texts(browser, "details.acct > summary > .name"))
                    .contains(HOSTILE_ACCOUNT, "evil\\u001b[8m\\u202ehidden\\u2028line");
            assertThat(browser.eval("document.title").asText()).startsWith("ai-optout plan: o-exampleorgid: ");
            browser.screenshot(out().resolve("plan-account.png"), true);

            // The filter, typed: by name, by id, then by status.
            browser.type("#filter", "SANDBOX");
            assertThat(shown(browser)).isEqualTo("2 of 6 accounts match.");
            assertThat(accounts(browser))
                    .containsExactly(Map.entry("222222222221", "u"), Map.entry("222222222222", "u"));
            assertThat(containers(browser).keySet()).containsExactly(ROOT, SANDBOX);
            assertThat(containers(browser).get(SANDBOX)).contains("2 matching");
            browser.screenshot(out().resolve("plan-filter.png"), true);
            browser.clear("#filter");
            browser.type("#filter", "11111111111");
            assertThat(accounts(browser).keySet()).containsExactly("111111111111", "111111111112", "111111111113");
            browser.clear("#filter");
            assertThat(shown(browser)).startsWith("6 accounts.");
            chooseStatus(browser, "problems");
            assertThat(accounts(browser))
                    .containsExactly(
                            Map.entry("111111111112", "n"),
                            Map.entry("222222222221", "u"),
                            Map.entry("222222222222", "u"));
            browser.type("#filter", "nothing matches this");
            assertThat(shown(browser)).isEqualTo("0 of 6 accounts match.");
            assertThat(accounts(browser)).isEmpty();
            assertThat(browser.problems()).isEmpty();

            // Even script injected into the page could fetch nothing: the policy refuses it.
            assertCannotReachTheNetwork(browser);
        }
    }

    /** Script, an image and fetch() added to the open page: none runs or reaches a server listening on loopback. */
    private static void assertCannotReachTheNetwork(Chromium browser) throws IOException {
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            JsonNode result = browser.eval("(async () => {"
                    + " const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
                    + " document.body.appendChild(s);"
                    + " const i = document.createElement('img'); i.src = '" + base + "/image';"
                    + " document.body.appendChild(i);"
                    + " let fetched; try { await fetch('" + base + "/fetch'); fetched = 'answered'; }"
                    + " catch (e) { fetched = 'refused'; }"
                    + " await new Promise(r => setTimeout(r, 300));"
                    + " return {injected: typeof window.injected, fetched}; })()");
            assertThat(result.path("injected").asText()).isEqualTo("undefined");
            assertThat(result.path("fetched").asText()).isEqualTo("refused");
            assertThat(hits.get()).as("requests that reached the server").isZero();
            assertThat(browser.problems())
                    .as("the browser says why")
                    .anyMatch(p -> p.contains("Content Security Policy"));
        } finally {
            server.stop(0);
        }
    }

    // ------------------------------------------------------------------ verify

    /** Against an organization in the emulator (moto_server); only these tests need it. */
    @Nested
    @ExtendWith(MotoExtension.class)
    class Verify {

        @Test
        void verifyReportShowsTheChecksAndTheSameVerdictsAsTheJsonReport(Emulator emulator) throws Exception {
            TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.ALL);
            String prod = org.ou(org.rootId, HOSTILE_OU);
            String hostile = org.account(prod, HOSTILE_ACCOUNT);
            org.accounts(4);
            org.enableAiPolicies();
            org.attach(org.policy(VerifyTest.BASELINE, VerifyTest.DEFAULT_LOCK_BASELINE), org.rootId);
            org.attach(org.policy(LEX_POLICY, LEX_IN), hostile);

            JsonNode json = VerifyTest.verify(emulator.endpoint()).json();
            Path report = dir.resolve("verify.html");
            Run run = VerifyTest.verify(emulator.endpoint(), "--format", "html", "--output", report.toString());
            assertThat(run.exit()).as(run.err()).isEqualTo(1);
            assertThat(run.out()).isEmpty();

            try (Chromium browser = Chromium.start(dir.resolve("browser"), 1280, 1000)) {
                browser.open(report, READY);
                assertThat(browser.problems()).isEmpty();
                assertThat(browser.requests()).containsExactly(report.toUri().toString());
                assertThat(browser.eval("document.getElementById('outcome').textContent")
                                .asText())
                        .isEqualTo("✗ not compliant: some check failed");

                // Every check, in the JSON report's order, with its status and message.
                List<List<String>> checks = new ArrayList<>();
                for (JsonNode row : browser.eval("[...document.querySelectorAll('#checks tbody tr')]"
                        + ".map(r => [...r.cells].map(c => c.textContent))")) {
                    checks.add(List.of(
                            row.get(0).asText(), row.get(1).asText(), row.get(2).asText()));
                }
                List<List<String>> expected = new ArrayList<>();
                for (JsonNode c : json.get("checks")) {
                    expected.add(List.of(
                            c.get("id").asText(),
                            c.get("status").asText(),
                            c.get("message").asText()));
                }
                assertThat(checks).isEqualTo(expected).hasSize(VerifyTest.CHECK_IDS.size());
                assertThat(checks)
                        .contains(List.of(
                                "accounts-effective-optout",
                                "fail",
                                json.get("checks").get(5).get("message").asText()));

                JsonNode summary = json.get("summary");
                assertThat(containers(browser).get(org.rootId))
                        .containsExactly(
                                "✗",
                                summary.get("accounts").asInt() + " accounts",
                                "✓ " + summary.get("compliant").asInt() + " compliant",
                                "✗ " + summary.get("nonCompliant").asInt() + " non-compliant");
                assertThat(summary.get("nonCompliant").asInt()).isEqualTo(1);
                assertThat(browser.eval("document.querySelector(\"details[data-id='" + prod
                                        + "'] > summary > .name\").textContent")
                                .asText())
                        .isEqualTo(HOSTILE_OU);

                // The non-compliant account, found with the status filter: its evidence and the policy that opted it
                // in.
                chooseStatus(browser, "n");
                assertThat(accounts(browser)).containsExactly(Map.entry(hostile, "n"));
                open(browser, hostile);
                JsonNode account = null;
                for (JsonNode a : json.get("accounts")) {
                    if (a.get("id").asText().equals(hostile)) {
                        account = a;
                    }
                }
                assertThat(account).isNotNull();
                assertThat(texts(browser, "details[data-id='" + hostile + "'] dd"))
                        .containsExactly(
                                "non-compliant", "ACTIVE", account.get("source").asText());
                List<String> notes = new ArrayList<>();
                account.get("notes").forEach(n -> notes.add(n.asText()));
                assertThat(texts(browser, "details[data-id='" + hostile + "'] .notes li"))
                        .isEqualTo(notes)
                        .anyMatch(n -> n.contains(LEX_POLICY));
                assertThat(rows(browser, hostile))
                        .anyMatch(r -> r.get(0).equals("lex") && r.get(4).equals("differs"));
                assertThat(browser.eval("typeof window.pwned").asText()).isEqualTo("undefined");
                assertThat(browser.eval("document.scripts.length").asInt()).isEqualTo(2);
                assertThat(browser.problems()).isEmpty();
                browser.screenshot(out().resolve("verify.png"), true);
            }
        }
    }

    // ------------------------------------------------------------------ 10,000 accounts

    @Test
    void tenThousandAccountsOpenWithOnlyWhatIsVisibleDrawn() throws Exception {
        LargeOrganizationFile.Counts expected = LargeOrganizationFile.write(dir.resolve("org.json"), 10_000);
        Path report = planReport(dir.resolve("org.json"), "large.html");
        assertThat(Files.size(report)).as("bytes").isLessThan(2_000_000);

        try (Chromium browser = Chromium.start(dir.resolve("browser"), 1280, 900)) {
            browser.open(report, READY);
            assertThat(browser.problems()).isEmpty();
            assertThat(browser.requests()).containsExactly(report.toUri().toString());
            assertThat(texts(browser, "#totals li"))
                    .containsExactly(
                            "10,000 accounts",
                            String.format("✓ %,d compliant", expected.compliant()),
                            String.format("✗ %,d non-compliant", expected.nonCompliant()),
                            String.format("? %,d unverified", expected.unverified()));
            // Collapsed by default: the root's children only, and of its accounts the first 500.
            assertThat(browser.eval("document.getElementsByTagName('*').length").asInt())
                    .as("elements drawn")
                    .isLessThan(6_000);
            assertThat(browser.eval("document.querySelectorAll('#tree details.acct').length")
                            .asInt())
                    .isEqualTo(500 - LargeOrganizationFile.TOP_OUS);
            assertThat(texts(browser, "button.more")).containsExactly("Show 500 more (708 not shown)");
            browser.screenshot(out().resolve("plan-10000.png"), false);
            browser.click("button.more");
            assertThat(browser.eval("document.querySelectorAll('#tree details.acct').length")
                            .asInt())
                    .isEqualTo(1000 - LargeOrganizationFile.TOP_OUS);

            String deep = LargeOrganizationFile.accountId(9_999);
            browser.type("#filter", deep);
            assertThat(shown(browser)).isEqualTo("1 of 10,000 accounts match.");
            assertThat(accounts(browser).keySet()).containsExactly(deep);
            assertThat(containers(browser)).hasSize(4); // the root and the three OUs above it, opened

            browser.clear("#filter");
            chooseStatus(browser, "n");
            assertThat(shown(browser))
                    .isEqualTo(String.format("%,d of 10,000 accounts match.", expected.nonCompliant()));
            assertThat(accounts(browser))
                    .hasSize(expected.nonCompliant())
                    .allSatisfy((id, s) -> assertThat(s).isEqualTo("n"));

            chooseStatus(browser, "");
            browser.type("#filter", "account-");
            assertThat(shown(browser))
                    .isEqualTo(
                            "10,000 of 10,000 accounts match; the first 1,000 are shown, narrow the filter to see the"
                                    + " rest.");
            assertThat(accounts(browser)).hasSize(1000);
            assertThat(browser.problems()).isEmpty();
        }
    }

    // ------------------------------------------------------------------ helpers

    private Path planReport(Path org, String name) throws IOException {
        return planHtml(org, dir.resolve(name));
    }

    /** {@code plan --format html --output REPORT} with {@link #LAYOUT} (written beside the report): exit 1, nothing printed. */
    static Path planHtml(Path org, Path report) throws IOException {
        Path layout = report.resolveSibling("ai-optout.yaml");
        Files.writeString(layout, LAYOUT);
        Run run = VerifyTest.cli(
                "plan",
                "--config",
                layout.toString(),
                "--org",
                org.toString(),
                "--format",
                "html",
                "--output",
                report.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        return report;
    }

    /**
     * Root; Prod (hostile name) with a compliant account, one a policy opts into Lex, one with a
     * hostile name; Sandbox with two policies setting Lex differently at one node (order unknown,
     * so unverified) and an account of unknown state; an empty OU; the management account.
     */
    private Path hostileOrganization() throws IOException {
        Map<String, Object> prod = ou(
                PROD,
                HOSTILE_OU,
                List.of(),
                List.of(
                        account("111111111111", "prod-1", "ACTIVE", List.of()),
                        account("111111111112", HOSTILE_ACCOUNT, "ACTIVE", List.of("p-11111111")),
                        account("111111111113", HIDING_ACCOUNT, "SUSPENDED", List.of())));
        Map<String, Object> sandbox = ou(
                SANDBOX,
                "Sandbox",
                List.of("p-11111111", "p-22222222"),
                List.of(
                        account("222222222221", "sandbox-1", null, List.of()),
                        account("222222222222", "sandbox-2", "ACTIVE", List.of())));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("id", ROOT);
        root.put("name", "Root");
        root.put("policies", List.of());
        root.put(
                "children",
                List.of(
                        prod,
                        sandbox,
                        ou(EMPTY, "Empty", List.of(), List.of()),
                        account("999999999999", "management", "ACTIVE", List.of())));
        Map<String, Object> org = new LinkedHashMap<>();
        org.put("organizationId", "o-exampleorgid");
        org.put("rootId", ROOT);
        org.put("enabledPolicyTypes", List.of("AISERVICES_OPT_OUT_POLICY"));
        org.put(
                "policies",
                List.of(
                        Map.of("id", "p-11111111", "name", LEX_POLICY, "content", LEX_IN),
                        Map.of("id", "p-22222222", "name", "lex 'out'", "content", LEX_OUT)));
        org.put("root", root);
        Path file = dir.resolve("org.json");
        Files.writeString(file, JSON.writeValueAsString(org));
        return file;
    }

    static Map<String, Object> ou(String id, String name, List<String> policies, List<Map<String, Object>> children) {
        Map<String, Object> ou = new LinkedHashMap<>();
        ou.put("type", "ORGANIZATIONAL_UNIT");
        ou.put("id", id);
        ou.put("name", name);
        ou.put("policies", policies);
        ou.put("children", children);
        return ou;
    }

    static Map<String, Object> account(String id, String name, String state, List<String> policies) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("type", "ACCOUNT");
        account.put("id", id);
        account.put("name", name);
        if (state != null) {
            account.put("state", state);
        }
        account.put("policies", policies);
        return account;
    }

    /** Clicks the OU's or account's summary and waits until the page has drawn what it holds. */
    private static void open(Chromium browser, String id) throws InterruptedException {
        String node = "details[data-id='" + id + "']";
        browser.click(node + " > summary");
        browser.waitFor("(() => { const d = document.querySelector(\"" + node + "\"); return d.open &&"
                + " (d.classList.contains('acct') ? d.querySelector('.detail') !== null"
                + " : d.querySelector('.children').hasChildNodes()); })()");
    }

    private static String shown(Chromium browser) {
        return browser.eval("document.getElementById('shown').textContent").asText();
    }

    /** Picks a status in the select box, which tells the page as a user's choice would. */
    private static void chooseStatus(Chromium browser, String value) {
        browser.eval("(() => { const s = document.getElementById('status'); s.value = '" + value + "';"
                + " s.dispatchEvent(new Event('change')); })()");
    }

    private static List<String> texts(Chromium browser, String selector) {
        List<String> out = new ArrayList<>();
        browser.eval("[...document.querySelectorAll(\"" + selector + "\")].map(e => e.textContent)")
                .forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Drawn roots and OUs in page order: the mark, then each count. */
    private static Map<String, List<String>> containers(Chromium browser) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        browser.eval("[...document.querySelectorAll('#tree details.node:not(.acct)')].map(d => [d.dataset.id,"
                        + " d.querySelector(':scope > summary > .mark').textContent,"
                        + " ...[...d.querySelectorAll(':scope > summary > .counts > span')].map(s => s.textContent)])")
                .forEach(row -> {
                    List<String> values = new ArrayList<>();
                    row.forEach(v -> values.add(v.asText()));
                    out.put(values.get(0), values.subList(1, values.size()));
                });
        return out;
    }

    /** Drawn accounts in page order, each with its verdict code (c, n, u). */
    private static Map<String, String> accounts(Chromium browser) {
        Map<String, String> out = new LinkedHashMap<>();
        browser.eval("[...document.querySelectorAll('#tree details.acct')].map(d => [d.dataset.id, d.dataset.s])")
                .forEach(row -> out.put(row.get(0).asText(), row.get(1).asText()));
        return out;
    }

    /** An opened account's value table: key, effective, intended, decided by, and whether the row is a difference. */
    private static List<List<String>> rows(Chromium browser, String id) {
        List<List<String>> out = new ArrayList<>();
        browser.eval("[...document.querySelectorAll(\"details[data-id='" + id + "'] table.values tbody tr\")]"
                        + ".map(r => [...[...r.cells].map(c => c.textContent), r.classList.contains('differs') ?"
                        + " 'differs' : 'same'])")
                .forEach(row -> {
                    List<String> values = new ArrayList<>();
                    row.forEach(v -> values.add(v.asText()));
                    out.add(values);
                });
        return out;
    }
}
