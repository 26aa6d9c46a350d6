package dev.aioptout.bench;

import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.PlanChecks;
import dev.aioptout.plan.Planner;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.Problem;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 10: {@code validate}'s time is linear in the layout's size. {@code validate} refuses a file
 * over 1 MiB before parsing it, so this measures what it does after reading the file (parse the
 * YAML, the schema and checks, plan, prove every account) on text of 1, 4 and 16 MiB given
 * directly: the same code, without the size limit. Linear means the time per MiB stays the same
 * from 1 to 16 MiB.
 *
 * <p>Shapes: {@code exceptions}, a valid multi-OU layout of thousands of exceptions (the realistic
 * large layout, proven in full); {@code foldedText}, one description of the whole size folded over
 * 80-character lines (the long scalar of the issue, parsed to the end and then refused as too
 * long); {@code longLines}, comment lines of the longest length a layout may have (64 KiB), the
 * parser's costliest case; {@code oneLine}, the whole size on one line, refused by the line limit
 * in one pass.
 *
 * <pre>java -jar bench/target/benchmarks.jar LayoutValidateBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx4g", "-Xms4g"})
public class LayoutValidateBenchmark {

    private static final int MIB = 1024 * 1024;
    private static final LayoutOptions OPTIONS = new LayoutOptions(false, LocalDate.of(2026, 1, 1));

    @Param({"1", "4", "16"})
    int mebibytes;

    @Param({"exceptions", "foldedText", "longLines", "oneLine"})
    String shape;

    String text;

    @Setup(Level.Trial)
    public void generate() {
        text = switch (shape) {
            case "exceptions" -> exceptions(mebibytes * MIB);
            case "foldedText" -> foldedText(mebibytes * MIB);
            case "longLines" -> longLines(mebibytes * MIB);
            case "oneLine" -> "version: 1\npolicy: {description: \"" + "a".repeat(mebibytes * MIB) + "\"}\n";
            default -> throw new IllegalArgumentException(shape);
        };
    }

    /** What validate runs on the text of a layout file: every problem, none when the layout is proven. */
    @Benchmark
    public List<Problem> validate() {
        LayoutFile.Loaded loaded = LayoutFile.parse("bench.yaml", text, OPTIONS);
        List<Problem> problems = new ArrayList<>(loaded.problems());
        if (loaded.ok()) {
            PolicyPlan plan = Planner.plan(loaded.layout());
            problems.addAll(PlanChecks.check(plan));
        }
        return problems;
    }

    static String exceptions(int bytes) {
        StringBuilder out = new StringBuilder("version: 1\nlayout: multi-ou\norganization: {id: o-benchmark0001}\n");
        out.append("exceptions:\n");
        for (int i = 0; out.length() < bytes; i++) {
            out.append(String.format(
                    "  - name: exception-%07d\n    targets: [ou-bnch-%08d, \"%012d\"]\n    services: {lex: optIn}\n"
                            + "    reason: generated for the benchmark, ticket SEC-%d\n",
                    i, i, 100_000_000_000L + i, i));
        }
        return out.toString();
    }

    static String foldedText(int bytes) {
        StringBuilder out = new StringBuilder("version: 1\npolicy:\n  description: >-\n");
        String line = "    " + "lorem ipsum dolor sit amet ".repeat(3).strip() + "\n";
        while (out.length() < bytes) {
            out.append(line);
        }
        return out.toString();
    }

    static String longLines(int bytes) {
        StringBuilder out = new StringBuilder("version: 1\n");
        String line = "#" + "x".repeat(64 * 1024 - 1) + "\n";
        while (out.length() < bytes) {
            out.append(line);
        }
        return out.toString();
    }
}
