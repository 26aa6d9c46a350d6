package dev.aioptout.cli;

import dev.aioptout.layout.Layout;
import dev.aioptout.layout.LayoutDefaults;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.PlanChecks;
import dev.aioptout.plan.Planner;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.Problem;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the layout to use and turns it into a proven plan: an explicit file, else
 * {@code ai-optout.yaml} in the working directory, else the embedded default. Every command
 * goes through here, so they all apply the same checks.
 */
final class LayoutSource {

    private LayoutSource() {
    }

    /** @param explicit the --config value, or null */
    static PolicyPlan plan(String explicit, boolean strictServices, PrintWriter err) {
        LayoutFile.Loaded loaded = load(explicit, new LayoutOptions(strictServices, LayoutOptions.defaults().today()));
        List<Problem> problems = new ArrayList<>(loaded.problems());
        if (!loaded.ok()) {
            throw report(problems, err);
        }
        Layout layout = loaded.layout();
        PolicyPlan plan = Planner.plan(layout);
        problems.addAll(PlanChecks.check(plan));
        if (problems.stream().anyMatch(Problem::isError)) {
            throw report(problems, err);
        }
        problems.forEach(p -> err.println(p.format()));
        return plan;
    }

    static LayoutFile.Loaded load(String explicit, LayoutOptions options) {
        if (explicit != null) {
            return LayoutFile.load(Path.of(explicit), explicit, options);
        }
        Path inWorkingDir = Path.of(LayoutDefaults.FILE_NAME);
        if (Files.isRegularFile(inWorkingDir)) {
            return LayoutFile.load(inWorkingDir, LayoutDefaults.FILE_NAME, options);
        }
        return LayoutFile.embeddedDefault(options);
    }

    private static BadInput report(List<Problem> problems, PrintWriter err) {
        problems.forEach(p -> err.println(p.format()));
        long errors = problems.stream().filter(Problem::isError).count();
        err.println("ai-optout: " + errors + (errors == 1 ? " error" : " errors") + "; nothing was written");
        err.flush();
        return new BadInput(problems);
    }
}
