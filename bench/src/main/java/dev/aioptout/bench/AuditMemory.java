package dev.aioptout.bench;

import dev.aioptout.audit.AuditResult;
import dev.aioptout.audit.CrossCheck;
import dev.aioptout.audit.testing.AuditRun;
import dev.aioptout.audit.testing.FakeOrganizations;
import dev.aioptout.audit.testing.LargeFakeOrganization;
import dev.aioptout.audit.testing.RetainedHeap;
import dev.aioptout.reports.AuditReport;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What verify's audit holds per account (issue 19: memory flat in the account count), measured in
 * a JVM of its own per size (with this one's heap options) against a {@link LargeFakeOrganization} served from the same JVM, so that no emulator has
 * to be populated. For each size: the live set the audit holds at its end (the organization read,
 * the cross-check's answers and the result) and the result's alone, each the class histogram's total
 * ({@link RetainedHeap}) less the one before the run (the fake's own data excluded), per account, and
 * the step per account from the size before. Then the classes that grew most per account between the
 * last two sizes, from the class histograms (the fake's own objects among them: FakeOrganizations$Account, its strings and
 * maps). A first small run warms the SDK and the classes.
 *
 * <pre>
 * java -Xmx512m -Xmn192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp bench/target/benchmarks.jar \
 *   dev.aioptout.bench.AuditMemory [sample|all|none] [ACCOUNTS...]   (default: sample 5000 10000 20000)
 * </pre>
 *
 * OUs are a fifth of the accounts, as in bench/verify-bench.sh. With {@code all}, every ACTIVE account
 * is cross-checked, paced at 1,000 calls a second (the most --cross-check-rate allows). Peak RSS is
 * the process's, the fake's included.
 */
public final class AuditMemory {

    private static final Pattern HISTOGRAM_LINE = Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");

    private AuditMemory() {}

    public static void main(String[] args) throws Exception {
        CrossCheck.Mode mode = args.length > 0 ? CrossCheck.Mode.valueOf(args[0]) : CrossCheck.Mode.sample;
        if (args.length == 3 && args[1].equals("one")) {
            one(mode, Integer.parseInt(args[2]));
            return;
        }
        List<String> sizes =
                args.length > 1 ? List.of(args).subList(1, args.length) : List.of("5000", "10000", "20000");
        System.out.printf("cross-check %s; heap options: %s%n", mode, String.join(" ", heapOptions()));
        Map<String, long[]> previous = null;
        int previousAccounts = 0;
        long previousHeld = 0;
        Map<String, long[]> last = null;
        int lastAccounts = 0;
        for (String size : sizes) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(heapOptions());
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    AuditMemory.class.getName(),
                    mode.name(),
                    "one",
                    size));
            Process child = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            if (child.waitFor() != 0 || lines.size() < 2) {
                throw new IllegalStateException("the measurement at " + size + " accounts failed");
            }
            String[] figures = lines.get(lines.size() - 2).split(" ");
            int accounts = Integer.parseInt(figures[0]);
            long held = Long.parseLong(figures[1]);
            String step = previous == null
                    ? ""
                    : String.format("; step %d bytes/account", (held - previousHeld) / (accounts - previousAccounts));
            System.out.println(lines.get(lines.size() - 1) + step);
            last = previous;
            lastAccounts = previousAccounts;
            previous = classes(lines.subList(0, lines.size() - 2));
            previousAccounts = accounts;
            previousHeld = held;
        }
        if (last != null) {
            printGrowth(last, lastAccounts, previous, previousAccounts);
        }
    }

    /** One size, in this JVM: the class histogram at the audit's end, the figures, a line for people. */
    private static void one(CrossCheck.Mode mode, int size) throws Exception {
        measure(200, mode, false);
        Measurement m = measure(size, mode, true);
        System.out.println(m.accounts() + " " + m.held());
        System.out.printf(
                "%6d accounts, %5d OUs: held at the end %5.1f MB (%d bytes/account), result alone %5.1f MB"
                        + " (%d bytes/account); report %d chars; %s; peak RSS %d MB",
                m.accounts(),
                size / 5,
                m.held() / 1048576.0,
                m.held() / m.accounts(),
                m.result() / 1048576.0,
                m.result() / m.accounts(),
                m.reportChars(),
                m.outcome(),
                VerifyCalls.peakRssMb());
        System.out.println();
    }

    /**
     * @param held      bytes the audit holds at its end: what it read, the cross-check's answers, the result
     * @param result    bytes the result holds alone
     */
    record Measurement(int accounts, long held, long result, int reportChars, AuditResult.Outcome outcome) {}

    /** @param print whether to print the class histogram at the audit's end */
    static Measurement measure(int accounts, CrossCheck.Mode mode, boolean print) throws Exception {
        try (FakeOrganizations aws = LargeFakeOrganization.start(accounts, Math.max(1, accounts / 5))) {
            long before = RetainedHeap.liveSet();
            AuditRun run = AuditRun.of(aws.endpoint(), mode, 1000);
            String histogram = RetainedHeap.histogram();
            long held = RetainedHeap.total(histogram) - before;
            if (print) {
                System.out.print(histogram);
            }
            histogram = null;
            AuditResult result = run.result();
            run = null;
            long alone = RetainedHeap.liveSet() - before;
            // verify renders the report from the result: the audit's output, not what it holds.
            int chars =
                    AuditReport.render(result, AuditReport.Format.json, null).length();
            Reference.reachabilityFence(result);
            return new Measurement(result.accounts().size(), held, alone, chars, result.outcome());
        }
    }

    /** The classes whose live bytes grew most from one size to the next, per account added. */
    private static void printGrowth(
            Map<String, long[]> from, int fromAccounts, Map<String, long[]> to, int toAccounts) {
        int added = toAccounts - fromAccounts;
        Set<String> names = new HashSet<>(from.keySet());
        names.addAll(to.keySet());
        System.out.printf(
                "grown from %d to %d accounts, per account added (the fake's objects included):%n",
                fromAccounts, toAccounts);
        names.stream()
                .map(n -> {
                    long[] a = from.getOrDefault(n, new long[2]);
                    long[] b = to.getOrDefault(n, new long[2]);
                    return new Object[] {n, b[0] - a[0], b[1] - a[1]};
                })
                .filter(r -> (long) r[2] >= added * 8L)
                .sorted((x, y) -> Long.compare((long) y[2], (long) x[2]))
                .forEach(r -> System.out.printf(
                        "  %6.1f bytes %5.2f objects  %s%n",
                        (long) r[2] / (double) added, (long) r[1] / (double) added, r[0]));
    }

    private static Map<String, long[]> classes(List<String> histogram) {
        Map<String, long[]> byClass = new HashMap<>();
        for (String line : histogram) {
            Matcher m = HISTOGRAM_LINE.matcher(line);
            if (m.matches()) {
                byClass.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
        }
        return byClass;
    }

    /** This JVM's heap and compiler options, which each size's JVM is given too. */
    private static List<String> heapOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xm") || a.startsWith("-XX:"))
                .toList();
    }
}
