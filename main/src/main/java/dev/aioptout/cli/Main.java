package dev.aioptout.cli;

import dev.aioptout.layout.ProviderConstraint;
import dev.aioptout.output.FileErrors;
import dev.aioptout.output.OutputPartlyWritten;
import dev.aioptout.output.OutputRefused;
import dev.aioptout.policy.DisplayText;
import dev.aioptout.policy.Problem;
import dev.aioptout.runtime.CdktfThread;
import dev.aioptout.runtime.ClassDataSharing;
import dev.aioptout.runtime.NodeOutputFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ai-optout} command line. */
@Command(
        name = "ai-optout",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Generates Terraform for the AWS Organizations AI services opt-out policy from one layout file.",
        subcommands = {
            SynthCommand.class,
            ValidateCommand.class,
            PlanCommand.class,
            VerifyCommand.class,
            SnapshotCommand.class,
            InitCommand.class,
            PolicyCommand.class,
            SchemaCommand.class,
            CdktfAppCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.LIST_OK,
            "1:plan: some account non-compliant or unverified; verify: something non-compliant (nothing else returns 1)",
            ExitCodes.LIST_BAD_INPUT,
            "3:verify/snapshot: the organization could not be read or fully evaluated",
            ExitCodes.LIST_FAULT
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Every command takes it; read back with {@link StackTraces#wanted}. */
    @CommandLine.Option(
            names = "--debug",
            scope = CommandLine.ScopeType.INHERIT,
            description = "On a failure, print the stack trace too (also with AI_OPTOUT_DEBUG set).")
    boolean debugOption;

    /** Every command takes it; read back with {@link StackTraces#verbose}. */
    @CommandLine.Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Say on standard error what makes this run slower than it can be, such as jsii's"
                    + " package cache being off or read-only (also with AI_OPTOUT_VERBOSE set).")
    boolean verboseOption;

    public static void main(String[] args) {
        NodeOutputFilter.install();
        // Node.js boots while picocli reads the command line (a fifth of a second of the JVM's start).
        boolean cdktf = CdktfSettings.likelyFor(args);
        if (cdktf) {
            CdktfThread.warmUp();
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, out, err);
        // A release's class-data-sharing archive holds what a CDKTF synth loads: only such a run,
        // and one that succeeded, writes it (the launcher asks only when it is missing).
        if (cdktf && code == ExitCodes.OK) {
            ClassDataSharing.writeAfterSynth();
        }
        System.exit(code);
    }

    /** Runs one command; the streams are parameters so tests can read what a user would see. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BadInput) {
                return ExitCodes.BAD_INPUT;
            }
            if (e instanceof LiveReading.Incomplete) {
                return ExitCodes.INCOMPLETE;
            }
            if (e instanceof OutputPartlyWritten partly) {
                LayoutSource.reportPartlyWritten(partly, err);
                StackTraces.print(e, parseResult, err);
                return partly.theUsers() ? ExitCodes.BAD_INPUT : ExitCodes.FAULT;
            }
            if (e instanceof OutputRefused refused) {
                LayoutSource.report(refused.problems(), err);
                return ExitCodes.BAD_INPUT;
            }
            Optional<Problem> theUsers = fileSystemProblem(e);
            if (theUsers.isPresent()) {
                LayoutSource.report(List.of(theUsers.get()), err);
                StackTraces.print(e, parseResult, err);
                return ExitCodes.BAD_INPUT;
            }
            err.println("ai-optout: failed: " + DisplayText.of(firstLine(e)));
            StackTraces.print(e, parseResult, err);
            err.flush();
            return ExitCodes.FAULT;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * A file-system failure the user can fix (permission denied, a full or read-only disk) that no
     * command turned into a message of its own: bad input naming the path and the reason. Any other
     * failure is ai-optout's.
     */
    private static Optional<Problem> fileSystemProblem(Exception e) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        return cause instanceof IOException io ? FileErrors.problem(io) : Optional.empty();
    }

    /** jsii errors carry a JavaScript stack trace in their message; the first line says what failed. */
    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * This version, the commit it was built from and the versions of what runs inside it, from
     * {@code version.properties}, which the build writes (main/pom.xml); "unknown" for what it
     * could not say. The Java runtime is the one running now.
     */
    static final class Version implements CommandLine.IVersionProvider {

        static final String RESOURCE = "version.properties";

        @Override
        public String[] getVersion() throws IOException {
            Properties built = new Properties();
            try (InputStream in = Main.class.getResourceAsStream(RESOURCE)) {
                if (in != null) {
                    built.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                }
            }
            return new String[] {
                "ai-optout " + built.getProperty("version", "unknown"),
                "commit:              " + built.getProperty("commit", "unknown"),
                "CDK for Terraform:   cdktf " + built.getProperty("cdktf", "unknown") + ", constructs "
                        + built.getProperty("constructs", "unknown"),
                "provider bindings:   @cdktf/provider-aws " + built.getProperty("cdktf-provider-aws", "unknown")
                        + " (hashicorp/aws " + ProviderConstraint.SUPPORTED_FROM + ")",
                "jsii runtime:        " + built.getProperty("jsii-runtime", "unknown"),
                "AWS SDK for Java:    " + built.getProperty("aws-sdk", "unknown"),
                "Java:                " + System.getProperty("java.runtime.version", "unknown") + " ("
                        + System.getProperty("java.vendor", "unknown") + ")"
            };
        }
    }
}
