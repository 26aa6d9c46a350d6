package dev.aioptout.cli;

import dev.aioptout.engine.Organization;
import dev.aioptout.engine.OrganizationFile;
import dev.aioptout.layout.LayoutDefaults;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.PlanChecks;
import dev.aioptout.plan.PlannedOrganization;
import dev.aioptout.plan.Planner;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.InputFile;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.SourceLocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the layout a command uses and turns it into a proven plan, so every command applies the
 * same checks. Three entry points, one per meaning:
 * <ul>
 *   <li>{@link #forSynth}: synth, validate, policy, plan and the cdktf app: {@code --config}, else
 *       {@code ai-optout.yaml} or {@code ai-optout.yml} in the working directory (both is bad
 *       input), else the built-in default, which is then said on standard error;</li>
 *   <li>{@link #againstOrganization}: that plan proven on an organization file instead of the tree
 *       the layout implies;</li>
 *   <li>{@link #forVerify}: {@code --config} else the built-in secure default (a file in the working
 *       directory is not picked up: an audit compares with what was asked for), with expired
 *       exceptions read as written, since verify reports them as a finding.</li>
 * </ul>
 */
final class LayoutSource {

    private LayoutSource() {}

    /** {@link #forSynth(String, boolean, PrintWriter)} with the shared options, and {@code --org} when given. */
    static PolicyPlan forSynth(LayoutOptionsMixin options, PrintWriter err) {
        PolicyPlan plan = forSynth(options.config, options.strictServices, err);
        if (options.org != null) {
            againstOrganization(plan, options.org, err);
        }
        return plan;
    }

    /**
     * The layout synth uses, proven on the tree it implies.
     *
     * @param config the --config value (or AI_OPTOUT_CONFIG for the cdktf app), or null
     */
    static PolicyPlan forSynth(String config, boolean strictServices, PrintWriter err) {
        LayoutOptions options =
                new LayoutOptions(strictServices, LayoutOptions.defaults().today());
        if (config != null) {
            return checked(LayoutFile.load(Path.of(config), config, options), err);
        }
        Path yaml = Path.of(LayoutDefaults.FILE_NAME);
        Path yml = Path.of(LayoutDefaults.OTHER_FILE_NAME);
        boolean hasYaml = InputFile.present(yaml);
        boolean hasYml = InputFile.present(yml);
        if (hasYaml && hasYml) {
            throw report(
                    List.of(Problem.error(
                            SourceLocation.file(LayoutDefaults.OTHER_FILE_NAME),
                            "",
                            "both " + LayoutDefaults.FILE_NAME + " and " + LayoutDefaults.OTHER_FILE_NAME
                                    + " are in the working directory",
                            "keep one of them, or name the layout with --config")),
                    err);
        }
        if (hasYaml || hasYml) {
            String name = hasYaml ? LayoutDefaults.FILE_NAME : LayoutDefaults.OTHER_FILE_NAME;
            return checked(LayoutFile.load(Path.of(name), name, options), err);
        }
        err.println("ai-optout: no " + LayoutDefaults.FILE_NAME + " or " + LayoutDefaults.OTHER_FILE_NAME
                + " in the working directory and no --config: using the built-in default layout (a single"
                + " account that creates a new organization, every AI service opted out, fully locked)");
        return checked(LayoutFile.embeddedDefault(options), err);
    }

    /** Proves the plan on an organization file (the layout's policies attached after what is there). */
    static void againstOrganization(PolicyPlan plan, String orgFile, PrintWriter err) {
        Organization planned = PlannedOrganization.overlay(organization(orgFile, err), plan);
        List<Problem> problems = PlanChecks.check(plan, planned);
        if (problems.stream().anyMatch(Problem::isError)) {
            throw report(problems, err);
        }
    }

    /** The layout verify audits against: the explicit file, else the embedded secure default. */
    static PolicyPlan forVerify(String config, PrintWriter err) {
        LayoutOptions options = LayoutOptions.forAudit();
        return checked(
                config == null
                        ? LayoutFile.embeddedDefault(options)
                        : LayoutFile.load(Path.of(config), config, options),
                err);
    }

    /** Reads an organization file (the format {@code snapshot} writes); bad input when it has errors. */
    static Organization organization(String file, PrintWriter err) {
        OrganizationFile.Read read = OrganizationFile.load(Path.of(file), file);
        if (!read.ok()) {
            throw report(read.problems(), err);
        }
        read.problems().forEach(p -> err.println(p.format()));
        return read.organization();
    }

    private static PolicyPlan checked(LayoutFile.Loaded loaded, PrintWriter err) {
        List<Problem> problems = new ArrayList<>(loaded.problems());
        if (!loaded.ok()) {
            throw report(problems, err);
        }
        PolicyPlan plan = Planner.plan(loaded.layout());
        problems.addAll(PlanChecks.check(plan));
        if (problems.stream().anyMatch(Problem::isError)) {
            throw report(problems, err);
        }
        problems.forEach(p -> err.println(p.format()));
        return plan;
    }

    static BadInput report(List<Problem> problems, PrintWriter err) {
        problems.forEach(p -> err.println(p.format()));
        long errors = problems.stream().filter(Problem::isError).count();
        err.println("ai-optout: " + errors + (errors == 1 ? " error" : " errors") + "; nothing was written");
        err.flush();
        return new BadInput(problems);
    }
}
