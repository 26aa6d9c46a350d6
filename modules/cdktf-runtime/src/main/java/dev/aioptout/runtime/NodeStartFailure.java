package dev.aioptout.runtime;

import dev.aioptout.policy.ShellCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * jsii's Node.js process did not start (Node.js missing, a bad NODE_OPTIONS or JSII_NODE, a runtime
 * folder that is not whole). Its message's first line is the one the user sees: what Node.js said,
 * the command and the variables that shaped it (each value quoted as {@link ShellCommand#quote} does,
 * so it can be pasted into a shell as it is), and what to check. The lines after it are what
 * Node.js printed, as it printed it, for {@code --debug}.
 */
public final class NodeStartFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    NodeStartFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The failure for what jsii threw, with what Node.js printed, in this environment. */
    static NodeStartFailure of(RuntimeException thrown, List<String> printed, Map<String, String> environment) {
        String reason = reason(printed).orElseGet(() -> firstLine(thrown.getMessage()));
        List<String> settings = new ArrayList<>();
        List<String> check = new ArrayList<>();
        String node = environment.get("JSII_NODE");
        if (node != null && !node.isBlank()) {
            settings.add("JSII_NODE=" + ShellCommand.quote(node));
            check.add("that JSII_NODE names Node.js 20 or newer");
        } else {
            settings.add("Node.js command: node (from PATH)");
            check.add("that Node.js 20 or newer is installed and on the PATH (or name it with JSII_NODE)");
        }
        String options = environment.get("NODE_OPTIONS");
        if (options != null && !options.isBlank()) {
            settings.add("NODE_OPTIONS=" + ShellCommand.quote(options));
            check.add("the options in NODE_OPTIONS");
        }
        String runtime = environment.get("JSII_RUNTIME");
        String folder = environment.get("AI_OPTOUT_RUNTIME");
        if (runtime != null && !runtime.isBlank()) {
            if (folder != null && runtime.contains("$AI_OPTOUT_RUNTIME")) {
                settings.add("kernel: " + folder + "/jsii-kernel.sh");
            } else {
                settings.add("JSII_RUNTIME=" + ShellCommand.quote(runtime));
                check.add("the command in JSII_RUNTIME");
            }
        }
        StringBuilder message = new StringBuilder("CDKTF's Node.js did not start: ")
                .append(reason)
                .append(" (")
                .append(String.join("; ", settings))
                .append("); check ")
                .append(String.join(", and ", check));
        for (String line : printed) {
            message.append('\n').append(line);
        }
        return new NodeStartFailure(message.toString(), thrown);
    }

    /** The line of Node.js's output that says what went wrong, without a stack trace around it. */
    private static Optional<String> reason(List<String> printed) {
        List<Predicate<String>> telling = List.of(
                line -> line.startsWith("ai-optout: "),
                line -> line.startsWith("node: ") || line.matches("^\\S*node: .*"),
                line -> line.matches("^[A-Za-z]*Error( \\[\\w+])?: .*"),
                line -> !line.isBlank() && !line.startsWith(" ") && !line.startsWith("\t"));
        for (Predicate<String> test : telling) {
            Optional<String> found =
                    printed.stream().map(String::strip).filter(test).findFirst();
            if (found.isPresent()) {
                return found.map(line -> line.startsWith("ai-optout: ") ? line.substring(11) : line);
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String message) {
        return message == null ? "no answer" : message.lines().findFirst().orElse(message);
    }
}
