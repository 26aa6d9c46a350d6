package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aioptout.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The scheduled-audit recipes in examples/ci: valid YAML in the shapes GitHub Actions and GitLab CI
 * document, every {@code ai-optout} command they run accepted by the real command line, the reports
 * they write the ones they upload, and their exit-code handling run for real in bash with a stand-in
 * for {@code ai-optout} (and for the AWS CLI): every report is written whatever the first run says,
 * and the job ends with the worse exit code. The trust policies must accept the tokens the recipes
 * ask for.
 */
class CiRecipesTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    static final Path CI = E2e.root().resolve("examples/ci");
    static final Path GITHUB = CI.resolve("github-actions.yml");
    static final Path GITLAB = CI.resolve("gitlab-ci.yml");

    /** Exit codes of the two verify runs (the first report, then the HTML one), and what the job must end with. */
    private static final int[][] EXITS = {{0, 0, 0}, {1, 1, 1}, {0, 1, 1}, {1, 0, 1}, {2, 2, 2}, {3, 1, 3}, {1, 3, 3}};

    /** Records each call (arguments, then the AWS credentials it saw) and writes the report as verify would. */
    private static final String AI_OPTOUT_STAND_IN = """
            #!/usr/bin/env bash
            { printf 'ARG %s\\n' "$@"
              printf 'KEY %s\\n' "${AWS_ACCESS_KEY_ID:-}" "${AWS_SECRET_ACCESS_KEY:-}" "${AWS_SESSION_TOKEN:-}"
              printf 'END\\n'; } >> "$STAND_IN_LOG"
            format=text; output=
            while [ $# -gt 0 ]; do
              case "$1" in --format) format=$2; shift ;; --output) output=$2; shift ;; esac
              shift
            done
            var="STAND_IN_EXIT_${format^^}"
            code=${!var:-0}
            # verify writes its report when the audit completed (0 or 1), nothing on bad input or an incomplete read.
            if [ "$code" -le 1 ] && [ -n "$output" ]; then printf '%s report\\n' "$format" > "$output"; fi
            exit "$code"
            """;

    /** The AWS CLI's answer to assume-role-with-web-identity with --output text, for the token the job was given. */
    private static final String AWS_STAND_IN = """
            #!/usr/bin/env bash
            [ "$1 $2" = "sts assume-role-with-web-identity" ] || { echo "unexpected: $*" >&2; exit 64; }
            shift 2
            while [ $# -gt 0 ]; do
              case "$1" in
                --role-arn) [ "$2" = "$EXPECTED_ROLE" ] || { echo "role $2" >&2; exit 65; } ;;
                --web-identity-token) [ "$2" = "$EXPECTED_TOKEN" ] || { echo "token $2" >&2; exit 66; } ;;
              esac
              shift
            done
            printf 'ASIASTANDIN\\tsecret-stand-in\\tsession-stand-in\\n'
            """;

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ GitHub Actions

    @Test
    void theGitHubWorkflowRunsOnAScheduleWithTheRoleAndUploadsWhatVerifyWrote() throws Exception {
        JsonNode workflow = YAML.readTree(GITHUB.toFile());
        JsonNode on = workflow.get("on");
        assertThat(on).as("the trigger section").isNotNull();
        assertCron(on.get("schedule").get(0).get("cron").asText());
        assertThat(on.has("workflow_dispatch")).isTrue();

        JsonNode job = onlyJob(workflow.get("jobs"));
        assertThat(job.get("permissions").get("id-token").asText()).isEqualTo("write");
        assertThat(job.get("permissions").get("security-events").asText()).isEqualTo("write");
        assertThat(job.get("permissions").get("contents").asText()).isEqualTo("read");

        List<JsonNode> steps = new ArrayList<>();
        job.get("steps").forEach(steps::add);
        int java = stepUsing(steps, "actions/setup-java@");
        assertThat(steps.get(java).at("/with/java-version").asText()).isEqualTo("17");
        int node = stepUsing(steps, "actions/setup-node@");
        assertThat(steps.get(node).at("/with/node-version").asText()).isEqualTo("20");
        int build = stepRunning(steps, "mvn -B -ntp -pl main -am package");
        int role = stepUsing(steps, "aws-actions/configure-aws-credentials@");
        assertThat(steps.get(role).at("/with/role-to-assume").asText()).isNotBlank();
        assertThat(steps.get(role).at("/with/aws-region").asText()).isNotBlank();
        int verify = stepWithId(steps, "verify");
        assertThat(List.of(java, node, build, role)).allMatch(i -> i < verify);
        assertThat(steps.get(verify).has("continue-on-error"))
                .as("a failed audit must fail the job")
                .isFalse();

        List<Invocation> calls = runScript(
                steps.get(verify).get("run").asText(), env(job.get("env")), Map.of("STAND_IN_EXIT_SARIF", "1"));
        Map<String, String> outputs = outputsByFormat(calls, Set.of("sarif", "html"));

        int sarif = stepUsing(steps, "github/codeql-action/upload-sarif@");
        int artifact = stepUsing(steps, "actions/upload-artifact@");
        for (int upload : List.of(sarif, artifact)) {
            assertThat(upload).isGreaterThan(verify);
            assertThat(steps.get(upload).get("if").asText())
                    .as("uploads even when the audit failed")
                    .containsAnyOf("!cancelled()", "always()");
        }
        assertThat(steps.get(sarif).at("/with/sarif_file").asText()).isEqualTo(outputs.get("sarif"));
        assertThat(steps.get(sarif).get("if").asText()).contains("hashFiles('" + outputs.get("sarif") + "')");
        assertThat(steps.get(artifact).at("/with/path").asText().lines().map(String::trim))
                .contains(outputs.get("html"), outputs.get("sarif"));
    }

    @Test
    void theGitHubVerifyStepWritesEveryReportAndEndsWithTheWorseExitCode() throws Exception {
        JsonNode job = onlyJob(YAML.readTree(GITHUB.toFile()).get("jobs"));
        JsonNode step = null;
        for (JsonNode s : job.get("steps")) {
            if ("verify".equals(s.path("id").asText())) {
                step = s;
            }
        }
        assertThat(step).isNotNull();
        assertThat(step.get("shell").asText()).isEqualTo("bash");
        assertExitCodeHandling(step.get("run").asText(), env(job.get("env")), "sarif");
    }

    // ------------------------------------------------------------------ GitLab CI

    @Test
    void theGitLabJobRunsOnAScheduleWithTheRoleAndKeepsWhatVerifyWrote() throws Exception {
        JsonNode job = YAML.readTree(GITLAB.toFile()).get("ai-optout-audit");
        assertThat(job).as("the job").isNotNull();
        assertThat(job.get("image").asText()).startsWith("node:20");
        assertThat(StreamSupport.stream(job.get("rules").spliterator(), false)
                        .map(r -> r.path("if").asText())
                        .toList())
                .contains("$CI_PIPELINE_SOURCE == \"schedule\"");
        assertThat(job.path("allow_failure").asBoolean(false))
                .as("a failed audit must fail the job")
                .isFalse();
        String setup = String.join("\n", lines(job.get("before_script")));
        assertThat(setup).contains("openjdk-17-jdk-headless", "maven", "awscli", "mvn -B -ntp -pl main -am package");

        List<Invocation> calls = gitLabScript(job, Map.of("STAND_IN_EXIT_JUNIT", "1"));
        Map<String, String> outputs = outputsByFormat(calls, Set.of("junit", "html"));
        for (Invocation call : calls) {
            assertThat(call.credentials())
                    .as("the role's credentials, exported for verify")
                    .containsExactly("ASIASTANDIN", "secret-stand-in", "session-stand-in");
        }

        JsonNode artifacts = job.get("artifacts");
        assertThat(artifacts.get("when").asText())
                .as("kept when the audit failed")
                .isEqualTo("always");
        assertThat(artifacts.at("/reports/junit").asText()).isEqualTo(outputs.get("junit"));
        assertThat(lines(artifacts.get("paths"))).contains(outputs.get("html"), outputs.get("junit"));
    }

    @Test
    void theGitLabScriptWritesEveryReportAndEndsWithTheWorseExitCode() throws Exception {
        JsonNode job = YAML.readTree(GITLAB.toFile()).get("ai-optout-audit");
        for (int[] exits : EXITS) {
            ScriptRun run = gitLabRun(job, exitCodes("junit", exits));
            assertWorse(run, exits, "junit");
        }
    }

    // ------------------------------------------------------------------ trust policies

    @Test
    void theTrustPoliciesAcceptExactlyTheTokensTheRecipesRequest() throws Exception {
        // GitHub: configure-aws-credentials asks for a token with audience sts.amazonaws.com unless told otherwise.
        JsonNode roleStep = null;
        for (JsonNode s : onlyJob(YAML.readTree(GITHUB.toFile()).get("jobs")).get("steps")) {
            if (s.path("uses").asText().startsWith("aws-actions/configure-aws-credentials@")) {
                roleStep = s;
            }
        }
        assertThat(roleStep).isNotNull();
        String githubAudience = roleStep.path("with").path("audience").asText("sts.amazonaws.com");
        JsonNode github =
                trustConditions(CI.resolve("trust-policy-github.json"), "token.actions.githubusercontent.com");
        assertThat(github.get("token.actions.githubusercontent.com:aud").asText())
                .isEqualTo(githubAudience);
        assertThat(github.get("token.actions.githubusercontent.com:sub").asText())
                .as("limited to one repository and branch")
                .startsWith("repo:")
                .contains(":ref:refs/heads/")
                .doesNotContain("*");

        // GitLab: the job's ID token audience must be the one the role accepts.
        JsonNode idTokens =
                YAML.readTree(GITLAB.toFile()).get("ai-optout-audit").get("id_tokens");
        assertThat(idTokens.size()).isEqualTo(1);
        String gitlabAudience = idTokens.elements().next().get("aud").asText();
        JsonNode gitlab = trustConditions(CI.resolve("trust-policy-gitlab.json"), "gitlab.com");
        assertThat(gitlab.get("gitlab.com:aud").asText()).isEqualTo(gitlabAudience);
        assertThat(gitlab.get("gitlab.com:sub").asText())
                .as("limited to one project and branch")
                .startsWith("project_path:")
                .contains(":ref_type:branch:ref:")
                .doesNotContain("*");
    }

    // ------------------------------------------------------------------ running the scripts

    /** One call of ai-optout as the stand-in recorded it. */
    record Invocation(List<String> args, List<String> credentials) {
        String option(String name) {
            int i = args.indexOf(name);
            return i < 0 || i + 1 >= args.size() ? null : args.get(i + 1);
        }
    }

    record ScriptRun(int exit, List<Invocation> calls, Path folder, String output) {}

    private void assertExitCodeHandling(String script, Map<String, String> env, String firstFormat) throws Exception {
        for (int[] exits : EXITS) {
            ScriptRun run = run(script, env, exitCodes(firstFormat, exits));
            assertWorse(run, exits, firstFormat);
        }
    }

    private static Map<String, String> exitCodes(String firstFormat, int[] exits) {
        return Map.of(
                "STAND_IN_EXIT_" + firstFormat.toUpperCase(java.util.Locale.ROOT),
                String.valueOf(exits[0]),
                "STAND_IN_EXIT_HTML",
                String.valueOf(exits[1]));
    }

    /** Both verify runs happened, in order, each report exists exactly when its run completed, and the exit is the worse. */
    private static void assertWorse(ScriptRun run, int[] exits, String firstFormat) {
        String context = "verify exits " + exits[0] + " then " + exits[1] + "\n" + run.output();
        assertThat(run.exit()).as(context).isEqualTo(exits[2]);
        assertThat(run.calls().stream().map(c -> c.option("--format")).toList())
                .as(context)
                .containsExactly(firstFormat, "html");
        for (int i = 0; i < 2; i++) {
            Path report = run.folder().resolve(run.calls().get(i).option("--output"));
            assertThat(Files.exists(report)).as(context + ": " + report).isEqualTo(exits[i] <= 1);
        }
    }

    private List<Invocation> runScript(String script, Map<String, String> env, Map<String, String> exits)
            throws Exception {
        ScriptRun run = run(script, env, exits);
        assertThat(run.exit())
                .as(run.output())
                .isEqualTo(exits.values().stream()
                        .mapToInt(Integer::parseInt)
                        .max()
                        .orElseThrow());
        return run.calls();
    }

    private List<Invocation> gitLabScript(JsonNode job, Map<String, String> exits) throws Exception {
        ScriptRun run = gitLabRun(job, exits);
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        return run.calls();
    }

    /** The job's script with the variables GitLab would set: its own, the ID token, the role ARN, the pipeline ids. */
    private ScriptRun gitLabRun(JsonNode job, Map<String, String> exits) throws Exception {
        Map<String, String> env = env(job.get("variables"));
        String tokenVariable = job.get("id_tokens").fieldNames().next();
        env.put(tokenVariable, "id-token-stand-in");
        env.put("AI_OPTOUT_AUDIT_ROLE_ARN", "arn:aws:iam::111122223333:role/ai-optout-audit");
        env.put("CI_PROJECT_ID", "42");
        env.put("CI_PIPELINE_ID", "4242");
        env.put("EXPECTED_TOKEN", "id-token-stand-in");
        env.put("EXPECTED_ROLE", "arn:aws:iam::111122223333:role/ai-optout-audit");
        return run(String.join("\n", lines(job.get("script"))), env, exits);
    }

    /**
     * Runs a script the way both services run bash (errexit and pipefail) in a fresh folder holding the ai-optout
     * stand-in, with the AWS CLI stand-in first on PATH, and reads what the stand-in recorded.
     */
    private ScriptRun run(String script, Map<String, String> env, Map<String, String> exits) throws Exception {
        Optional<Path> bash = TerraformTools.onPath("bash");
        TerraformTools.require(bash.isPresent(), "bash is not on PATH");
        Path folder = Files.createTempDirectory(dir, "job");
        Path bin = Files.createDirectories(folder.resolve(".stand-in-bin"));
        executable(folder.resolve("ai-optout"), AI_OPTOUT_STAND_IN);
        executable(bin.resolve("aws"), AWS_STAND_IN);
        Path scriptFile = folder.resolve(".job.sh");
        Files.writeString(scriptFile, script);
        Path log = folder.resolve(".stand-in.log");
        Files.createFile(log);

        ProcessBuilder pb = new ProcessBuilder(
                        bash.get().toString(), "--noprofile", "--norc", "-eo", "pipefail", scriptFile.toString())
                .directory(folder.toFile())
                .redirectErrorStream(true);
        Map<String, String> environment = pb.environment();
        environment.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("AI_OPTOUT_"));
        environment.putAll(env);
        environment.putAll(exits);
        environment.put("STAND_IN_LOG", log.toString());
        environment.put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<Invocation> calls = invocations(Files.readAllLines(log));
        calls.forEach(c -> assertAcceptedByTheCommandLine(c, env));
        return new ScriptRun(process.exitValue(), calls, folder, output);
    }

    private static List<Invocation> invocations(List<String> log) {
        List<Invocation> calls = new ArrayList<>();
        List<String> args = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (String line : log) {
            if (line.equals("END")) {
                calls.add(new Invocation(List.copyOf(args), List.copyOf(keys)));
                args.clear();
                keys.clear();
            } else if (line.startsWith("ARG ")) {
                args.add(line.substring(4));
            } else if (line.startsWith("KEY ")) {
                keys.add(line.substring(4));
            }
        }
        return calls;
    }

    /**
     * The arguments as ai-optout's own command line parses them: an unknown option, a missing value or a value
     * outside an option's choices (such as a --format verify does not offer) fails here.
     */
    private static void assertAcceptedByTheCommandLine(Invocation call, Map<String, String> env) {
        assertThat(call.args()).as("an ai-optout subcommand").isNotEmpty();
        assertThat(call.args().get(0)).isEqualTo("verify");
        CommandLine cli = new CommandLine(new Main());
        List<String> args = call.args();
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError("ai-optout refuses " + call.args() + ": " + e.getMessage(), e);
        }
        ParseResult verify = parsed.subcommand();
        assertThat(verify.commandSpec().name()).isEqualTo("verify");
        assertThat(String.valueOf(verify.matchedOptionValue("--config", (Object) null)))
                .as("the layout file the recipe names")
                .isEqualTo(env.get("AI_OPTOUT_CONFIG"))
                .isNotBlank();
        assertThat((Object) verify.matchedOptionValue("--output", null))
                .as("each report to a file")
                .isNotNull();
    }

    /** The --output of each format's run; each format run once. */
    private static Map<String, String> outputsByFormat(List<Invocation> calls, Set<String> formats) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Invocation call : calls) {
            assertThat(outputs.put(call.option("--format"), call.option("--output")))
                    .as("one run per format")
                    .isNull();
        }
        assertThat(outputs.keySet()).isEqualTo(formats);
        return outputs;
    }

    // ------------------------------------------------------------------ reading the files

    private static void assertCron(String cron) {
        String[] fields = cron.trim().split("\\s+");
        assertThat(fields).as(cron).hasSize(5);
        for (String field : fields) {
            assertThat(field).as(cron).matches("[0-9*/,-]+");
        }
    }

    private static JsonNode onlyJob(JsonNode jobs) {
        assertThat(jobs.size()).isEqualTo(1);
        return jobs.elements().next();
    }

    private static int stepUsing(List<JsonNode> steps, String prefix) {
        return onlyStep(steps, s -> s.path("uses").asText().startsWith(prefix), prefix);
    }

    private static int stepRunning(List<JsonNode> steps, String command) {
        return onlyStep(steps, s -> s.path("run").asText().contains(command), command);
    }

    private static int stepWithId(List<JsonNode> steps, String id) {
        return onlyStep(steps, s -> id.equals(s.path("id").asText()), "id " + id);
    }

    private static int onlyStep(List<JsonNode> steps, java.util.function.Predicate<JsonNode> test, String what) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (test.test(steps.get(i))) {
                found.add(i);
            }
        }
        assertThat(found).as("one step: " + what).hasSize(1);
        return found.get(0);
    }

    private static Map<String, String> env(JsonNode variables) {
        Map<String, String> env = new LinkedHashMap<>();
        variables
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    private static List<String> lines(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The Condition block of the one statement, whose principal is the named OIDC provider. */
    private static JsonNode trustConditions(Path file, String provider) throws IOException {
        JsonNode policy = JSON.readTree(file.toFile());
        assertThat(policy.get("Statement").size()).isEqualTo(1);
        JsonNode statement = policy.get("Statement").get(0);
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.get("Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
        assertThat(statement.at("/Principal/Federated").asText()).endsWith(":oidc-provider/" + provider);
        return statement.at("/Condition/StringEquals");
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
