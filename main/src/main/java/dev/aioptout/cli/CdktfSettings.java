package dev.aioptout.cli;

import dev.aioptout.policy.Problem;
import dev.aioptout.runtime.CdktfThread;
import dev.aioptout.runtime.JsiiLevers;
import dev.aioptout.runtime.RuntimeNotes;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What a command that runs CDKTF does first: the runtime's settings checked and, with --verbose, told. */
final class CdktfSettings {

    private CdktfSettings() {}

    /**
     * Whether these arguments are likely a command that runs CDKTF ({@code synth} without
     * {@code --module} or {@code --format cloudformation}, {@code cdktf-app}): a guess, from the
     * words alone, so that Node.js can start before picocli has read them. A wrong guess costs a
     * Node.js process that is not used, or a start no earlier than the command's own.
     */
    static boolean likelyFor(String[] args) {
        List<String> words = List.of(args);
        String command =
                words.stream().filter(w -> !w.startsWith("-")).findFirst().orElse("");
        return command.equals("cdktf-app")
                || (command.equals("synth")
                        && !words.contains("--module")
                        && !words.contains("--help")
                        && !words.contains("-h")
                        && !words.contains("cloudformation")
                        && !words.contains("--format=cloudformation"));
    }

    /**
     * Refuses an AI_OPTOUT_JSII it does not understand (exit 2), prints the launcher's notes with
     * --verbose, and starts CDKTF's Node.js on its thread while the command goes on.
     */
    static void startCdktf(CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        JsiiLevers.problem().ifPresent(problem -> {
            throw LayoutSource.report(
                    List.of(Problem.error(null, JsiiLevers.VARIABLE, problem, "give " + JsiiLevers.allowed())), err);
        });
        if (StackTraces.verbose(spec)) {
            RuntimeNotes.get().forEach(note -> err.println("ai-optout: " + note));
        }
        CdktfThread.warmUp();
    }
}
