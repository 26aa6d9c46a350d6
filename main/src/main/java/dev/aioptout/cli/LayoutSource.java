package dev.aioptout.cli;

import dev.aioptout.engine.Organization;
import dev.aioptout.engine.OrganizationFile;
import dev.aioptout.layout.Layout;
import dev.aioptout.layout.LayoutDefaults;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.PlanChecks;
import dev.aioptout.plan.PlannedOrganization;
import dev.aioptout.plan.Planner;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.Problem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the layout to use and turns it into a proven plan: an explicit file, else
 * {@code ai-optout.yaml} in the working directory, else the embedded default. Every command
 * goes through here, so they all apply the same checks.
 */
final class LayoutSource {

    private LayoutSource() {}

    /**
     * The plan, proven against the organization file when one is given, else against the tree
     * the layout implies.
     *
     * @param orgFile the --org value, or null
     */
    static PolicyPlan plan(String explicit, boolean strictServices, String orgFile, PrintWriter err) {
        PolicyPlan plan = plan(explicit, strictServices, err);
        if (orgFile != null) {
            Organization planned = PlannedOrganization.overlay(organization(orgFile, err), plan);
            List<Problem> problems = PlanChecks.check(plan, planned);
            if (problems.stream().anyMatch(Problem::isError)) {
                throw report(problems, err);
            }
        }
        return plan;
    }

    /** Reads an organization file (the format {@code snapshot} writes); bad input when it has errors. */
    static Organization organization(String file, PrintWriter err) {
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw report(
                    List.of(Problem.error(
                            null,
                            "",
                            "organization file not found: " + file,
                            "write one with ai-optout snapshot, or pass the path of an existing one")),
                    err);
        } catch (java.io.IOException e) {
            throw report(List.of(Problem.error(null, "", "cannot read " + file + ": " + e.getMessage(), null)), err);
        }
        OrganizationFile.Read read = OrganizationFile.read(file, text);
        if (!read.ok()) {
            throw report(read.problems(), err);
        }
        read.problems().forEach(p -> err.println(p.format()));
        return read.organization();
    }

    /** @param explicit the --config value, or null */
    static PolicyPlan plan(String explicit, boolean strictServices, PrintWriter err) {
        return plan(
                explicit,
                new LayoutOptions(strictServices, LayoutOptions.defaults().today()),
                err);
    }

    /**
     * For verify: only an explicit file, else the embedded default (the secure default), and
     * exceptions judged as of {@code expiredBefore} (verify reports expiry as a finding instead).
     */
    static PolicyPlan plan(String explicit, LocalDate expiredBefore, PrintWriter err) {
        LayoutFile.Loaded loaded = explicit == null
                ? LayoutFile.embeddedDefault(new LayoutOptions(false, expiredBefore))
                : LayoutFile.load(Path.of(explicit), explicit, new LayoutOptions(false, expiredBefore));
        return checked(loaded, err);
    }

    private static PolicyPlan plan(String explicit, LayoutOptions options, PrintWriter err) {
        return checked(load(explicit, options), err);
    }

    private static PolicyPlan checked(LayoutFile.Loaded loaded, PrintWriter err) {
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

    static BadInput report(List<Problem> problems, PrintWriter err) {
        problems.forEach(p -> err.println(p.format()));
        long errors = problems.stream().filter(Problem::isError).count();
        err.println("ai-optout: " + errors + (errors == 1 ? " error" : " errors") + "; nothing was written");
        err.flush();
        return new BadInput(problems);
    }
}
