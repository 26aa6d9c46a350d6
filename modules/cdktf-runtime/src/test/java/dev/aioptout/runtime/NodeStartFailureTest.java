package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.policy.ShellCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One line for a Node.js that did not start: what Node.js said (not its stack trace), the command
 * and the variables that shaped it, and what to check; Node.js's output after it, for --debug.
 * (main's CdktfRuntimeTest runs it with a bad NODE_OPTIONS and a bad JSII_NODE.)
 */
class NodeStartFailureTest {

    private static final RuntimeException JSII = new RuntimeException("Child process exited unexpectedly!");

    @Test
    void aBadOptionInNodeOptionsIsNamedWithTheVariable() {
        NodeStartFailure failure = NodeStartFailure.of(
                JSII,
                List.of("node: --no-such-option is not allowed in NODE_OPTIONS"),
                Map.of("NODE_OPTIONS", "--no-such-option"));

        assertThat(failure.getMessage().lines().findFirst())
                .hasValue("CDKTF's Node.js did not start: node: --no-such-option is not allowed in NODE_OPTIONS"
                        + " (Node.js command: node (from PATH); NODE_OPTIONS=--no-such-option); check that"
                        + " Node.js 20 or newer is installed and on the PATH (or name it with JSII_NODE), and the"
                        + " options in NODE_OPTIONS");
        assertThat(failure).hasCause(JSII);
    }

    @Test
    void aStackTraceGivesItsErrorLineAndStaysForDebug() {
        List<String> printed = List.of(
                "node:internal/modules/cjs/loader:1228",
                "  throw err;",
                "  ^",
                "Error: Cannot find module '/nowhere/preload.js'",
                "Require stack:",
                "- internal/preload",
                "    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)");
        NodeStartFailure failure =
                NodeStartFailure.of(JSII, printed, Map.of("JSII_NODE", "/opt/node/bin/node --max-old-space-size=64"));

        assertThat(failure.getMessage().lines().findFirst())
                .hasValue("CDKTF's Node.js did not start: Error: Cannot find module '/nowhere/preload.js'"
                        + " (JSII_NODE='/opt/node/bin/node --max-old-space-size=64'); check that JSII_NODE"
                        + " names Node.js 20 or newer");
        assertThat(failure.getMessage().lines().skip(1)).containsExactlyElementsOf(printed);
    }

    @Test
    void theKernelsOwnMessageAndTheLaunchersKernelAreNamed() {
        NodeStartFailure failure = NodeStartFailure.of(
                JSII,
                List.of("ai-optout: CDKTF runs in Node.js, and \"nodejs\" is not found: install Node.js 20 or newer,"
                        + " or name it with JSII_NODE"),
                Map.of(
                        "JSII_NODE", "nodejs",
                        "JSII_RUNTIME", "exec /bin/sh \"$AI_OPTOUT_RUNTIME/jsii-kernel.sh\"",
                        "AI_OPTOUT_RUNTIME", "/opt/ai-optout/lib/runtime"));

        assertThat(failure.getMessage().lines().findFirst())
                .hasValue(
                        "CDKTF's Node.js did not start: CDKTF runs in Node.js, and \"nodejs\" is not found:"
                                + " install Node.js 20 or newer, or name it with JSII_NODE (JSII_NODE=nodejs; kernel:"
                                + " /opt/ai-optout/lib/runtime/jsii-kernel.sh); check that JSII_NODE names Node.js 20 or newer");
    }

    @Test
    void eachValueIsQuotedSoThatPastingItIntoAShellRunsNothing() throws Exception {
        Path marker = Files.createTempDirectory("node-start").resolve("ran");
        String node = "/opt/$(touch " + marker + ")/node `touch " + marker + "` it's $HOME";
        String options = "--require=\"/x/$PWD\" `touch " + marker + "`";
        String runtime = "exec /bin/sh \"/opt/$(touch " + marker + ")/kernel.sh\"";
        NodeStartFailure failure = NodeStartFailure.of(
                JSII,
                List.of("node: bad option"),
                Map.of("JSII_NODE", node, "NODE_OPTIONS", options, "JSII_RUNTIME", runtime));
        String line = failure.getMessage().lines().findFirst().orElseThrow();

        String jsiiNode = "JSII_NODE=" + ShellCommand.quote(node);
        String nodeOptions = "NODE_OPTIONS=" + ShellCommand.quote(options);
        String jsiiRuntime = "JSII_RUNTIME=" + ShellCommand.quote(runtime);
        assertThat(line).contains("(" + jsiiNode + "; " + nodeOptions + "; " + jsiiRuntime + ")");
        // Pasted into a POSIX shell, each assignment gives the value back as it is, and runs nothing.
        String script = jsiiNode + "\n" + nodeOptions + "\n" + jsiiRuntime
                + "\nprintf '%s\\n%s\\n%s' \"$JSII_NODE\" \"$NODE_OPTIONS\" \"$JSII_RUNTIME\"";
        Process sh =
                new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String echoed = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).as(echoed).isZero();
        assertThat(echoed).isEqualTo(node + "\n" + options + "\n" + runtime);
        assertThat(marker).doesNotExist();
    }

    @Test
    void withoutOutputJsiisOwnWordsAreTheReason() {
        NodeStartFailure failure = NodeStartFailure.of(
                new java.io.UncheckedIOException(new java.io.IOException(
                        "Cannot run program \"/bad/node\": error=2, No such file or directory")),
                List.of(),
                Map.of("JSII_NODE", "/bad/node"));

        assertThat(failure.getMessage())
                .startsWith("CDKTF's Node.js did not start: java.io.IOException: Cannot run program \"/bad/node\"")
                .doesNotContain("\n");
    }
}
