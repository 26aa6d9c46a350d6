package dev.aioptout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.policy.ShellCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line on modules/cdktf-runtime, each in a JVM of its own (jsii reads its settings
 * once per process), set up as Surefire sets this one up, which is as the launchers set up theirs
 * (runtime-env.sh): every switch of AI_OPTOUT_JSII writes the golden files byte for byte; jsii's
 * relay without any of it does too; the resource batch passes jsii's own validation; a Node.js that
 * does not start is one line naming what to check; a switch that does not exist is refused.
 */
class CdktfRuntimeTest {

    @TempDir
    Path dir;

    /**
     * Preloaded (NODE_OPTIONS) into every Node.js process jsii starts: jsii's kernel (program.js)
     * says, as it exits, which levers it saw.
     */
    private static final String PROBE = """
            if (process.argv[1] && process.argv[1].endsWith("program.js")) {
              // Whether CDKTF's own TerraformStack.prepareStack ran (lean-prepare replaces it).
              let prepared = false;
              const Module = require("module");
              const load = Module._load;
              Module._load = function (...args) {
                const loaded = load.apply(this, args);
                const stack = loaded && loaded.TerraformStack;
                if (stack && !stack.prototype.probed) {
                  const prepare = stack.prototype.prepareStack;
                  stack.prototype.prepareStack = function (...rest) {
                    prepared = true;
                    return prepare.apply(this, rest);
                  };
                  stack.prototype.probed = true;
                }
                return loaded;
              };
              process.once("exit", () => {
                const parent = require("fs").readFileSync(`/proc/${process.ppid}/comm`, "utf8").trim();
                const loaded = Object.keys(require("module")._cache);
                console.log("levers " + JSON.stringify({
                  "direct-channel": parent === "java",
                  "lazy-index": process.execArgv.some((a) => a.endsWith("lazy-provider-index.cjs")),
                  "index-builder": process.execArgv.some((a) => a.endsWith("runtime-index-builder.cjs")),
                  "fresh-cache": process.execArgv.some((a) => a.endsWith("fresh-cache.cjs")),
                  "batch": loaded.some((file) => file.includes("/ai-optout-resource-batch/")),
                  "lean-prepare": !prepared,
                }));
              });
            }
            """;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "plain",
                "no-direct-channel",
                "no-lazy-index",
                "no-batch",
                "no-index-builder",
                "no-fresh-cache",
                "no-warm-up",
                "no-quick-exit",
                "no-early-synth",
                "no-lean-prepare",
                "no-lazy-types"
            })
    void everySwitchTurnsItsLeverOffAndWritesTheGoldenFiles(String levers) throws Exception {
        Path probe = Files.writeString(dir.resolve("probe.cjs"), PROBE);
        Path out = Files.createTempDirectory(dir, "switch").resolve("out");
        // The example with the most resources in the batch.
        Cli cli = Cli.runIn(
                dir,
                Map.of("AI_OPTOUT_JSII", levers, "NODE_OPTIONS", "--require=" + probe),
                "synth",
                "--config",
                Cli.example("multi-ou-exceptions"),
                "--out",
                out.toString());

        assertThat(cli.exit()).as(cli.err()).isZero();
        assertGolden("multi-ou-exceptions", out);
        Map<String, Boolean> expected = new LinkedHashMap<>();
        for (String lever :
                List.of("direct-channel", "lazy-index", "index-builder", "fresh-cache", "batch", "lean-prepare")) {
            expected.put(lever, !levers.equals("plain") && !levers.equals("no-" + lever));
        }
        assertThat(cli.out().lines().filter(line -> line.startsWith("levers ")))
                .containsExactly("levers " + new ObjectMapper().writeValueAsString(expected));
    }

    /** Every lever off at once, on the example whose stack loads the most provider modules (the alerts'). */
    @Test
    void plainWritesTheAlertsGoldenFilesToo() throws Exception {
        assertGolden("tamper-alerts", synthIn("tamper-alerts", Map.of("AI_OPTOUT_JSII", "plain")));
    }

    /**
     * Without the launcher (java -jar, cdktf-cli, the constructs as a library), jsii runs its relay
     * from its own temporary copy and no preload: the resource batch must load and write the same
     * stack there.
     */
    @Test
    void jsiisRelayWritesTheGoldenStackToo() throws Exception {
        Map<String, String> stock = new HashMap<>();
        stock.put("JSII_RUNTIME", null);
        stock.put("AI_OPTOUT_RUNTIME", null);
        assertGolden("multi-ou-exceptions", synthIn("multi-ou-exceptions", stock));
    }

    /**
     * The resource batch's jsii assembly (modules/cdktf-runtime/src/main/node/resource-batch) is
     * written by hand, not by jsii's compiler: jsii's kernel checks it against its schema when asked.
     */
    @Test
    void theResourceBatchsAssemblyPassesJsiisOwnValidation() throws Exception {
        assertGolden("multi-ou-exceptions", synthIn("multi-ou-exceptions", Map.of("JSII_VALIDATE_ASSEMBLIES", "1")));
    }

    @Test
    void aBadNodeOptionsIsOneLineNamingIt() throws Exception {
        // And the launcher's notes only with --verbose (CdktfRuntimeLauncherTest has them with it).
        Cli cli = synth(Map.of("NODE_OPTIONS", "--no-such-option", "AI_OPTOUT_JSII_NOTE", "a note"));

        assertThat(cli.exit()).isEqualTo(ExitCodes.FAULT);
        assertThat(cli.err().lines())
                .containsExactly("ai-optout: failed: CDKTF's Node.js did not start: node: --no-such-option is not"
                        + " allowed in NODE_OPTIONS (Node.js command: node (from PATH); NODE_OPTIONS="
                        + "--no-such-option; kernel: " + System.getenv("AI_OPTOUT_RUNTIME") + "/jsii-kernel.sh);"
                        + " check that Node.js 20 or newer is installed and on the PATH (or name it with JSII_NODE),"
                        + " and the options in NODE_OPTIONS");
    }

    @Test
    void aPreloadThatIsNotThereIsItsErrorLineAndDebugShowsNodesOutput() throws Exception {
        Path missing = dir.resolve("no-such-preload.js");
        Cli quiet = synth(Map.of("NODE_OPTIONS", "--require=" + missing));
        Cli debug = synth(Map.of("NODE_OPTIONS", "--require=" + missing, "AI_OPTOUT_DEBUG", "1"));

        assertThat(quiet.exit()).isEqualTo(ExitCodes.FAULT);
        assertThat(quiet.err().lines()).hasSize(1);
        assertThat(quiet.err())
                .startsWith(
                        "ai-optout: failed: CDKTF's Node.js did not start: Error: Cannot find module '" + missing + "'")
                .contains("NODE_OPTIONS=" + ShellCommand.quote("--require=" + missing));
        // Node.js's own output, and where, only when asked for.
        assertThat(debug.err()).contains("Require stack:").contains("at dev.aioptout.runtime.CdktfThread");
    }

    @Test
    void aBadJsiiNodeIsOneLineNamingIt() throws Exception {
        Path nowhere = dir.resolve("no-node");
        Cli cli = synth(Map.of("JSII_NODE", nowhere.toString()));

        assertThat(cli.exit()).isEqualTo(ExitCodes.FAULT);
        assertThat(cli.err().lines())
                .containsExactly("ai-optout: failed: CDKTF's Node.js did not start: CDKTF runs in Node.js, and \""
                        + nowhere + "\" is not found: install Node.js 20 or newer, or name it with JSII_NODE"
                        + " (JSII_NODE=" + ShellCommand.quote(nowhere.toString()) + "; kernel: "
                        + System.getenv("AI_OPTOUT_RUNTIME")
                        + "/jsii-kernel.sh); check that JSII_NODE names Node.js 20 or newer");
    }

    /** As java -jar runs it: jsii starts JSII_NODE itself, and Java says it cannot. */
    @Test
    void aBadJsiiNodeWithoutTheLaunchersKernelIsOneLineToo() throws Exception {
        Path nowhere = dir.resolve("no-node");
        Map<String, String> stock = new HashMap<>();
        stock.put("JSII_RUNTIME", null);
        stock.put("JSII_NODE", nowhere.toString());
        Cli cli = synth(stock);

        assertThat(cli.exit()).isEqualTo(ExitCodes.FAULT);
        assertThat(cli.err().lines())
                .singleElement()
                .asString()
                .startsWith("ai-optout: failed: CDKTF's Node.js did not start: ")
                .contains("Cannot run program \"" + nowhere + "\"")
                .endsWith("(JSII_NODE=" + ShellCommand.quote(nowhere.toString())
                        + "); check that JSII_NODE names Node.js 20 or newer");
    }

    @Test
    void aSwitchThatDoesNotExistIsRefusedAndNothingIsWritten() throws Exception {
        Cli cli = synth(Map.of("AI_OPTOUT_JSII", "no-batch,no-lazyindex"));

        assertThat(cli.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err().lines())
                .containsExactly(
                        "error: AI_OPTOUT_JSII: \"no-lazyindex\" is not a switch (give plain, or a comma-separated"
                                + " list (no spaces) of no-direct-channel, no-lazy-index, no-batch, no-index-builder,"
                                + " no-fresh-cache, no-warm-up, no-quick-exit, no-early-synth, no-lean-prepare,"
                                + " no-lazy-types)",
                        "ai-optout: 1 error; nothing was written");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /** A synth in a JVM of its own with these variables (a null value removes one). */
    private Cli synth(Map<String, String> environment) throws Exception {
        return Cli.runIn(
                dir,
                environment,
                "synth",
                "--config",
                Cli.example("single-account"),
                "--out",
                dir.resolve("out").toString());
    }

    private Path synthIn(String example, Map<String, String> environment) throws Exception {
        Path out = Files.createTempDirectory(dir, example).resolve("out");
        Cli cli = Cli.runIn(dir, environment, "synth", "--config", Cli.example(example), "--out", out.toString());
        assertThat(cli.exit()).as(environment + ": " + cli.err()).isZero();
        return out;
    }

    private static void assertGolden(String example, Path out) throws Exception {
        Path expected = Cli.root().resolve("examples").resolve(example).resolve("expected");
        for (String file : List.of("manifest.json", "stacks/ai-optout/cdk.tf.json")) {
            assertThat(out.resolve(file)).as(example + " " + file).hasSameBinaryContentAs(expected.resolve(file));
        }
    }
}
