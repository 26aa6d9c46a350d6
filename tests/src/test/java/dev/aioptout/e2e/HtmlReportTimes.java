package dev.aioptout.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTML report's cost at scale, for bench/html-report-bench.sh (not a test): the plan of a
 * {@link LargeOrganizationFile} written as HTML (time, bytes), then opened in headless Chromium
 * several times, each time measuring in the page, in milliseconds since navigation started, when
 * the HTML was parsed (the data island included), when the script had drawn the tree, and when
 * the first frame after that was painted; then what a reader waits for: filtering every account,
 * filtering to one, and drawing the next 500 children. Medians over the rounds.
 *
 * <p>{@code java -cp ... dev.aioptout.e2e.HtmlReportTimes ACCOUNTS ROUNDS FOLDER}
 */
public final class HtmlReportTimes {

    private HtmlReportTimes() {}

    public static void main(String[] args) throws Exception {
        int accounts = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path folder = Files.createDirectories(Path.of(args[2]).toAbsolutePath());
        Path org = folder.resolve("html-report-org.json");
        Path report = folder.resolve("html-report-" + accounts + ".html");
        LargeOrganizationFile.write(org, accounts);
        List<Double> writes = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            HtmlReportTest.planHtml(org, report);
            writes.add((System.nanoTime() - start) / 1e6);
        }

        Map<String, List<Double>> times = new LinkedHashMap<>();
        try (Chromium browser = Chromium.start(folder.resolve("html-report-browser"), 1280, 900)) {
            for (int i = 0; i < rounds; i++) {
                browser.open(report, HtmlReportTest.READY);
                JsonNode page = browser.eval("(async () => {"
                        + " const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r)));"
                        + " await frame();"
                        + " const nav = performance.getEntriesByType('navigation')[0];"
                        + " const paint = performance.getEntriesByName('first-contentful-paint')[0];"
                        + " const elements = document.getElementsByTagName('*').length;"
                        + " let t = performance.now();"
                        + " JSON.parse(document.getElementById('report-data').textContent);"
                        + " const json = performance.now() - t;"
                        + " const box = document.getElementById('filter');"
                        + " const type = async (text) => { const t = performance.now(); box.value = text;"
                        + " box.dispatchEvent(new Event('input')); await frame(); return performance.now() - t; };"
                        + " const all = await type('account-');"
                        + " const one = await type('" + LargeOrganizationFile.accountId(accounts - 1) + "');"
                        + " const redraw = await type('');"
                        + " t = performance.now(); document.querySelector('button.more').click(); await frame();"
                        + " const more = performance.now() - t;"
                        + " return {parsed: nav.domInteractive, painted: paint ? paint.startTime : -1,"
                        + " loaded: nav.loadEventEnd, elements, json, all, one, redraw, more}; })()");
                page.fields()
                        .forEachRemaining(f -> times.computeIfAbsent(f.getKey(), k -> new ArrayList<>())
                                .add(f.getValue().asDouble()));
            }
            if (!browser.problems().isEmpty()) {
                throw new IllegalStateException("the page reported problems: " + browser.problems());
            }
        }

        System.out.printf("HTML report of a plan over %,d accounts (%d rounds, medians)%n", accounts, rounds);
        System.out.printf(
                "  file: %,d bytes; written by plan --format html in %.0f ms (in-process, JVM warm after the first)%n",
                Files.size(report), median(writes));
        System.out.printf(
                "  opened in Chromium, ms since navigation start: parsed with the tree drawn %.0f, first contentful"
                        + " paint %.0f, load event done %.0f; %.0f elements drawn%n",
                median(times.get("parsed")),
                median(times.get("painted")),
                median(times.get("loaded")),
                median(times.get("elements")));
        System.out.printf(
                "  in the open page, ms: JSON.parse of the data %.0f; filter matching every account (1,000 drawn) %.0f,"
                        + " one account %.0f; back to the collapsed tree %.0f; 500 more children %.0f (each until the"
                        + " next frame)%n",
                median(times.get("json")),
                median(times.get("all")),
                median(times.get("one")),
                median(times.get("redraw")),
                median(times.get("more")));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
