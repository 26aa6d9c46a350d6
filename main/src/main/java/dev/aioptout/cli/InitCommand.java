package dev.aioptout.cli;

import dev.aioptout.engine.Organization;
import dev.aioptout.layout.LayoutDefaults;
import dev.aioptout.output.AtomicFiles;
import dev.aioptout.plan.InitialLayout;
import dev.aioptout.policy.DisplayText;
import dev.aioptout.policy.InputFile;
import dev.aioptout.policy.ShellCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description =
                "Writes a layout that takes over the AI opt-out policies an organization already has (adopt), with"
                        + " the narrowest lock that keeps every account's current effective values, proven on the organization"
                        + " file before it is written.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:written",
            "2:bad input, an existing output file without --force, or an organization whose state no layout can keep"
                    + " (the message says why)",
            ExitCodes.LIST_FAULT
        })
final class InitCommand implements Callable<Integer> {

    @Option(
            names = "--org",
            required = true,
            paramLabel = "ORG.json",
            description = "The organization file (ai-optout snapshot writes it).")
    String org;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description =
                    "Where to write the layout. Default: " + LayoutDefaults.FILE_NAME + "; - for standard output.")
    Path output;

    @Option(names = "--force", description = "Replace the output file if it exists.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path file = output != null ? output : Path.of(LayoutDefaults.FILE_NAME);
        boolean inPlace = AtomicFiles.writesInPlace(file);
        if (!force && !inPlace && InputFile.present(file)) {
            throw LayoutSource.badOption(
                    err,
                    "--output",
                    file + " exists",
                    "init never replaces a file unless told to: pass --force, or --output another file");
        }
        otherSpelling(file).ifPresent(other -> {
            throw LayoutSource.badOption(
                    err,
                    "--output",
                    other + " exists beside " + file + ", and the commands that look for a layout in a folder refuse"
                            + " to choose between the two",
                    "remove or rename " + other + ", or name another file with --output");
        });
        Organization organization = LayoutSource.organization(org, err);
        InitialLayout.Result result = InitialLayout.from(
                organization,
                Path.of(org).getFileName().toString(),
                inPlace ? LayoutDefaults.FILE_NAME : file.getFileName().toString());
        if (!result.ok()) {
            throw LayoutSource.report(result.problems(), err);
        }
        AtomicFiles.writeOrPrint(file, result.text(), spec.commandLine().getOut());
        result.notes().forEach(n -> err.println(DisplayText.of("ai-optout: note: " + n)));
        err.println(DisplayText.of("ai-optout: wrote " + (inPlace ? "the layout to " + file : file) + " (lock: "
                + result.lock() + "); "
                + (inPlace ? "save and review it, then: " : "review it, then: ")
                + ShellCommand.of("ai-optout", "synth", "--config", inPlace ? "FILE" : file.toString(), "--org", org)));
        return ExitCodes.OK;
    }

    /** ai-optout.yml beside an ai-optout.yaml to be written, or the other way round. */
    private static Optional<Path> otherSpelling(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        String other = name.toString().equals(LayoutDefaults.FILE_NAME)
                ? LayoutDefaults.OTHER_FILE_NAME
                : name.toString().equals(LayoutDefaults.OTHER_FILE_NAME) ? LayoutDefaults.FILE_NAME : null;
        return Optional.ofNullable(other).map(file::resolveSibling).filter(InputFile::present);
    }
}
