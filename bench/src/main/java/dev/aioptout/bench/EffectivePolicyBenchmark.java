package dev.aioptout.bench;

import dev.aioptout.engine.EffectivePolicyEngine;
import dev.aioptout.engine.Evaluation;
import dev.aioptout.engine.Organization;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.AccountVerdict;
import dev.aioptout.plan.Verdicts;
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
 * Issue 4's goal: on an organization of 10,000 accounts under 2,000 OUs five levels deep with
 * 1,000 policies, every account's effective policy in under 200 ms after load, in under 512 MiB
 * of heap (the fork runs with -Xmx512m, so a run that needed more would fail).
 *
 * <pre>java -jar bench/target/benchmarks.jar EffectivePolicyBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx512m", "-Xms512m"})
public class EffectivePolicyBenchmark {

    @Param({"10000"})
    int accounts;

    @Param({"2000"})
    int ous;

    @Param({"1000"})
    int policies;

    Organization organization;
    dev.aioptout.layout.Layout layout;

    @Setup(Level.Trial)
    public void load() {
        organization = LargeOrganization.build(ous, accounts, policies, 42);
        layout = LayoutFile.embeddedDefault(LayoutOptions.defaults()).layout();
    }

    /** Every account's effective policy. */
    @Benchmark
    public Evaluation evaluate() {
        return EffectivePolicyEngine.evaluate(organization);
    }

    /** The same, then every account judged against a layout's intent: what plan and verify do. */
    @Benchmark
    public List<AccountVerdict> evaluateAndJudge() {
        return Verdicts.judge(layout, EffectivePolicyEngine.evaluate(organization));
    }
}
