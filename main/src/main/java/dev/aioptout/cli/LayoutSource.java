package dev.aioptout.cli;

import dev.aioptout.engine.Organization;
import dev.aioptout.engine.OrganizationFile;
import dev.aioptout.layout.Layout;
import dev.aioptout.layout.LayoutDefaults;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.output.OutputPartlyWritten;
import dev.aioptout.plan.AgainstOrganization;
import dev.aioptout.plan.PlanChecks;
import dev.aioptout.plan.Planner;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.DisplayText;
import dev.aioptout.policy.InputFile;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.SourceLocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the layout a command uses and turns it into a proven plan, so every command applies the
 * same checks. Three entry points, one per meaning:
 * <ul>
 *   <li>{@link #forSynth}: synth, validate, policy and the cdktf app: {@code --config}, else
 *       {@code ai-optout.yaml} or {@code ai-optout.yml} in the working directory (both is bad
 *       input), else the built-in default, which is then said on standard error; with an
 *       organization file ({@link #againstOrganization}) its OU paths are resolved and adopted
 *       policies found there, and the plan is proven on that organization too;</li>
 *   <li>{@link #planned}: what {@code plan} reports on;</li>
 *   <li>{@link #forVerify}: {@code --config} else the built-in secure default (a file in the working
 *       directory is not picked up: an audit compares with what was asked for), with expired
 *       exceptions read as written, since verify reports them as a finding; OU paths are resolved
 *       from the live organization.</li>
 * </ul>
 */
final class LayoutSource {

    private LayoutSource() {}

    /** {@link #forSynth(String, boolean, String, PrintWriter)} with the shared options. */
    static PolicyPlan forSynth(LayoutOptionsMixin options, PrintWriter err) {
        return forSynth(options, err, plan -> {});
    }

    /**
     * {@link #forSynth(LayoutOptionsMixin, PrintWriter)}, giving {@code made} the plan as soon as it
     * is made, before it is proven: for work on it that only the proof lets through (nothing of it
     * may be published when this throws).
     */
    static PolicyPlan forSynth(LayoutOptionsMixin options, PrintWriter err, Consumer<PolicyPlan> made) {
        return forSynth(options.config, options.strictServices, options.org, err, made);
    }

    /**
     * The layout synth uses, proven on the tree it implies, and with an organization file also on
     * that organization (its OU paths resolved and its adopted policies found there first).
     *
     * @param config  the --config value (or AI_OPTOUT_CONFIG for the cdktf app), or null
     * @param orgFile the --org value (or AI_OPTOUT_ORG for the cdktf app), or null
     */
    static PolicyPlan forSynth(String config, boolean strictServices, String orgFile, PrintWriter err) {
        return forSynth(config, strictServices, orgFile, err, plan -> {});
    }

    private static PolicyPlan forSynth(
            String config, boolean strictServices, String orgFile, PrintWriter err, Consumer<PolicyPlan> made) {
        LayoutFile.Loaded loaded = load(config, strictServices, err);
        if (orgFile == null) {
            return checked(loaded, true, err, made);
        }
        return againstOrganization(loaded, orgFile, err, made);
    }

    /**
     * The layout file a command reads: {@code --config}, else {@code ai-optout.yaml} or
     * {@code ai-optout.yml} in the working directory (both is bad input), else the built-in default,
     * which is then said on standard error. Not proven yet.
     */
    static LayoutFile.Loaded load(String config, boolean strictServices, PrintWriter err) {
        LayoutOptions options =
                new LayoutOptions(strictServices, LayoutOptions.defaults().today());
        if (config != null) {
            return LayoutFile.load(Path.of(config), config, options);
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
            return LayoutFile.load(Path.of(name), name, options);
        }
        err.println("ai-optout: no " + LayoutDefaults.FILE_NAME + " or " + LayoutDefaults.OTHER_FILE_NAME
                + " in the working directory and no --config: using the built-in default layout (a single"
                + " account that creates a new organization, every AI service opted out, fully locked)");
        return LayoutFile.embeddedDefault(options);
    }

    /**
     * Proves the layout on an organization file: its paths resolved and adopted policies found
     * there, the layout's policies attached after what is there (an adopted one in its place).
     */
    static PolicyPlan againstOrganization(LayoutFile.Loaded loaded, String orgFile, PrintWriter err) {
        return againstOrganization(loaded, orgFile, err, plan -> {});
    }

    private static PolicyPlan againstOrganization(
            LayoutFile.Loaded loaded, String orgFile, PrintWriter err, Consumer<PolicyPlan> made) {
        Layout layout = valid(loaded, err);
        AgainstOrganization.Proven proven =
                AgainstOrganization.prove(layout, organization(orgFile, err), orgFile, made);
        return proven(loaded, proven, err).plan();
    }

    /**
     * What {@code plan} reports on: the layout resolved against the organization file and proven on
     * the tree it implies, and the organization with its policies on it.
     */
    static AgainstOrganization.Proven planned(LayoutFile.Loaded loaded, String orgFile, PrintWriter err) {
        Layout layout = valid(loaded, err);
        return proven(loaded, AgainstOrganization.planned(layout, organization(orgFile, err), orgFile), err);
    }

    /** The layout verify audits against: the explicit file, else the embedded secure default. Not proven yet. */
    static LayoutFile.Loaded loadForVerify(String config, PrintWriter err) {
        LayoutOptions options = LayoutOptions.forAudit();
        LayoutFile.Loaded loaded = config == null
                ? LayoutFile.embeddedDefault(options)
                : LayoutFile.load(Path.of(config), config, options);
        valid(loaded, err);
        return loaded;
    }

    /**
     * The plan verify audits against, proven on the tree the layout implies; OU paths are resolved
     * from the live organization, which verify reads anyway.
     *
     * @param live the organization as read, or null before it is read (then the layout must name OUs by id)
     */
    static PolicyPlan forVerify(LayoutFile.Loaded loaded, Organization live, PrintWriter err) {
        if (live == null || !loaded.layout().hasOuPaths()) {
            return checked(loaded, false, err, plan -> {});
        }
        AgainstOrganization.Resolved checked =
                AgainstOrganization.checked(loaded.layout(), live, "the live organization");
        List<Problem> problems = new ArrayList<>(loaded.problems());
        problems.addAll(checked.problems());
        if (!checked.ok()) {
            throw report(problems, err);
        }
        problems.forEach(p -> err.println(p.format()));
        return checked.plan();
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

    /** The layout of a file that read without errors; bad input otherwise. */
    private static Layout valid(LayoutFile.Loaded loaded, PrintWriter err) {
        if (!loaded.ok()) {
            throw report(loaded.problems(), err);
        }
        return loaded.layout();
    }

    private static AgainstOrganization.Proven proven(
            LayoutFile.Loaded loaded, AgainstOrganization.Proven proven, PrintWriter err) {
        List<Problem> problems = new ArrayList<>(loaded.problems());
        problems.addAll(proven.problems());
        if (!proven.ok()) {
            throw report(problems, err);
        }
        problems.forEach(p -> err.println(p.format()));
        return proven;
    }

    /**
     * A layout proven on the tree it implies. One that names OUs by path, or (for {@code synth},
     * {@code validate} and {@code policy}: {@code adoptions}) adopts policies, needs an
     * organization file: each such place is bad input.
     */
    private static PolicyPlan checked(
            LayoutFile.Loaded loaded, boolean adoptions, PrintWriter err, Consumer<PolicyPlan> made) {
        Layout layout = valid(loaded, err);
        List<Problem> problems = new ArrayList<>(loaded.problems());
        problems.addAll(AgainstOrganization.needsOrganization(layout, adoptions));
        if (problems.stream().anyMatch(Problem::isError)) {
            throw report(problems, err);
        }
        PolicyPlan plan = Planner.plan(layout);
        made.accept(plan);
        problems.addAll(PlanChecks.check(plan));
        if (problems.stream().anyMatch(Problem::isError)) {
            throw report(problems, err);
        }
        problems.forEach(p -> err.println(p.format()));
        return plan;
    }

    /** One bad command-line option (no file or line to name): {@link #report} of that one problem. */
    static BadInput badOption(PrintWriter err, String option, String message, String hint) {
        return report(List.of(Problem.error(null, option, message, hint)), err);
    }

    /**
     * A set of outputs that failed after some were written: the problem, then which outputs hold
     * this run's content and which are as they were, instead of {@link #report}'s "nothing was written".
     */
    static void reportPartlyWritten(OutputPartlyWritten partly, PrintWriter err) {
        err.println(partly.problem().format());
        err.println(DisplayText.of("ai-optout: 1 error; written: " + String.join(", ", partly.written())
                + "; not written (as they were): " + String.join(", ", partly.notWritten())));
        err.flush();
    }

    static BadInput report(List<Problem> problems, PrintWriter err) {
        problems.forEach(p -> err.println(p.format()));
        long errors = problems.stream().filter(Problem::isError).count();
        err.println("ai-optout: " + errors + (errors == 1 ? " error" : " errors") + "; nothing was written");
        err.flush();
        return new BadInput(problems);
    }
}
