package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scheduled-audit recipes in examples/ci as GitHub Actions and GitLab CI read them, and their
 * scripts run in bash as both services run them (errexit and pipefail), in a clean environment
 * holding the variables the service would set. Shared by {@link CiRecipesTest} (stand-ins for
 * ai-optout) and {@link AuditRecipeTest} (the installed release against the emulator).
 */
final class CiRecipes {

    static final Path CI = E2e.root().resolve("examples/ci");
    static final Path GITHUB = CI.resolve("github-actions.yml");
    static final Path GITLAB = CI.resolve("gitlab-ci.yml");

    static final String GITHUB_BUILD = "build";
    static final String GITHUB_AUDIT = "audit";
    static final String GITLAB_TEMPLATE = ".ai-optout";
    static final String GITLAB_BUILD = "ai-optout-build";
    static final String GITLAB_AUDIT = "ai-optout-audit";

    /** The audit role's ARN the tests give the recipes, and the AWS CLI stand-in expects. */
    static final String ROLE = "arn:aws:iam::111122223333:role/ai-optout-audit";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern GITHUB_EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern GITLAB_VARIABLE = Pattern.compile("\\$(?:\\{(\\w+)}|(\\w+))");

    private CiRecipes() {}

    // ------------------------------------------------------------------ GitHub Actions

    static JsonNode githubWorkflow() throws IOException {
        return YAML.readTree(GITHUB.toFile());
    }

    static JsonNode githubJob(String name) throws IOException {
        JsonNode job = githubWorkflow().path("jobs").get(name);
        assertThat(job).as("the workflow's job " + name).isNotNull();
        return job;
    }

    static List<JsonNode> steps(JsonNode job) {
        List<JsonNode> steps = new ArrayList<>();
        job.get("steps").forEach(steps::add);
        return steps;
    }

    static int stepUsing(List<JsonNode> steps, String action) {
        return onlyStep(steps, s -> s.path("uses").asText().startsWith(action + "@"), action);
    }

    static int stepNamed(List<JsonNode> steps, String name) {
        return onlyStep(steps, s -> name.equals(s.path("name").asText()), "named " + name);
    }

    static int stepWithId(List<JsonNode> steps, String id) {
        return onlyStep(steps, s -> id.equals(s.path("id").asText()), "id " + id);
    }

    static boolean anyStepUsing(List<JsonNode> steps, String action) {
        return steps.stream().anyMatch(s -> s.path("uses").asText().startsWith(action + "@"));
    }

    private static int onlyStep(List<JsonNode> steps, Predicate<JsonNode> test, String what) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (test.test(steps.get(i))) {
                found.add(i);
            }
        }
        assertThat(found).as("one step: " + what).hasSize(1);
        return found.get(0);
    }

    /**
     * A GitHub-hosted runner's folders: the workspace (the job's working directory), RUNNER_TEMP,
     * and the GITHUB_PATH file a step appends folders to for the steps after it.
     */
    record Runner(Path workspace, Path temp, Path pathFile) {

        static Runner in(Path folder) throws IOException {
            Path workspace = Files.createDirectories(folder.resolve("workspace"));
            Path temp = Files.createDirectories(folder.resolve("runner-temp"));
            Path pathFile = Files.createFile(folder.resolve("github-path"));
            return new Runner(workspace, temp, pathFile);
        }

        /** The folders steps added to PATH, in order. */
        List<String> addedPath() throws IOException {
            return Files.readAllLines(pathFile);
        }

        /**
         * The environment of a run step: the workflow's env (its ${{ vars.X }} evaluated with these
         * repository variables), the job's, and the runner's own variables.
         */
        Map<String, String> env(JsonNode workflow, JsonNode job, Map<String, String> vars) {
            Map<String, String> env = new LinkedHashMap<>();
            Map<String, String> context = context(vars, Map.of());
            workflow.path("env")
                    .fields()
                    .forEachRemaining(
                            e -> env.put(e.getKey(), expand(e.getValue().asText(), context)));
            job.path("env")
                    .fields()
                    .forEachRemaining(
                            e -> env.put(e.getKey(), expand(e.getValue().asText(), context)));
            env.put("RUNNER_TEMP", temp.toString());
            env.put("RUNNER_OS", "Linux");
            env.put("GITHUB_WORKSPACE", workspace.toString());
            env.put("GITHUB_PATH", pathFile.toString());
            return env;
        }

        /** What ${{ ... }} outside conditions may name: vars.X, env.X, runner.temp and runner.os. */
        Map<String, String> context(Map<String, String> vars, Map<String, String> env) {
            Map<String, String> context = new HashMap<>();
            vars.forEach((k, v) -> context.put("vars." + k, v));
            env.forEach((k, v) -> context.put("env." + k, v));
            context.put("runner.temp", temp.toString());
            context.put("runner.os", "Linux");
            return context;
        }
    }

    /**
     * The text with each ${{ expression }} replaced as GitHub would: an undefined repository
     * variable is empty; any expression but a name in the context fails the test.
     */
    static String expand(String text, Map<String, String> context) {
        Matcher m = GITHUB_EXPRESSION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = context.get(name);
            if (value == null && name.startsWith("vars.")) {
                value = "";
            }
            assertThat(value).as("an expression this test knows: " + m.group()).isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ------------------------------------------------------------------ GitLab CI

    static JsonNode gitlabFile() throws IOException {
        return YAML.readTree(GITLAB.toFile());
    }

    /** A job as GitLab runs it: the hidden job it extends merged under it (hashes merged key by key). */
    static JsonNode gitlabJob(String name) throws IOException {
        JsonNode file = gitlabFile();
        JsonNode job = file.get(name);
        assertThat(job).as("the job " + name).isNotNull();
        JsonNode extended = job.get("extends");
        if (extended == null) {
            return job;
        }
        JsonNode template = file.get(extended.asText());
        assertThat(template).as(name + " extends " + extended.asText()).isNotNull();
        ObjectNode merged = template.deepCopy();
        merge(merged, job);
        merged.remove("extends");
        return merged;
    }

    private static void merge(ObjectNode into, JsonNode from) {
        from.fields().forEachRemaining(e -> {
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode object && e.getValue().isObject()) {
                merge(object, e.getValue());
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    /**
     * The job's variables as its script sees them: the given predefined ones, then the job's own,
     * each value with the $NAME and ${NAME} it holds replaced, as GitLab expands them.
     */
    static Map<String, String> gitlabVariables(JsonNode job, Map<String, String> predefined) {
        Map<String, String> variables = new LinkedHashMap<>(predefined);
        job.path("variables").fields().forEachRemaining(e -> {
            String value = e.getValue().asText();
            Matcher m = GITLAB_VARIABLE.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                m.appendReplacement(out, Matcher.quoteReplacement(variables.getOrDefault(name, "")));
            }
            m.appendTail(out);
            variables.put(e.getKey(), out.toString());
        });
        return variables;
    }

    /** The commands of a script section, one after the other, as the runner writes them into one script. */
    static String script(JsonNode section) {
        return String.join("\n", lines(section));
    }

    /** A list's items, or a text's non-blank lines, trimmed (GitHub actions take lists as multi-line text). */
    static List<String> lines(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list.isTextual()) {
            list.asText().lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(out::add);
        } else {
            list.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    // ------------------------------------------------------------------ running scripts

    record Run(int exit, String output) {}

    /** Runs the script with bash -eo pipefail in the folder, in an environment holding exactly {@code env}. */
    static Run bash(String script, Path folder, Map<String, String> env) throws IOException, InterruptedException {
        Optional<Path> bash = TerraformTools.onPath("bash");
        TerraformTools.require(bash.isPresent(), "bash is not on PATH");
        Path file = Files.createTempFile(folder.getParent(), "job", ".sh");
        Files.writeString(file, script);
        ProcessBuilder pb = new ProcessBuilder(
                        bash.get().toString(), "--noprofile", "--norc", "-eo", "pipefail", file.toString())
                .directory(folder.toFile())
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process process = pb.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the script did not finish:\n" + script);
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** PATH: the folders given, then this machine's PATH. */
    static String path(Path... first) {
        List<String> parts = new ArrayList<>();
        for (Path p : first) {
            parts.add(p.toString());
        }
        parts.add(System.getenv("PATH"));
        return String.join(File.pathSeparator, parts);
    }

    static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * The AWS CLI's answer to assume-role-with-web-identity with --output text, when asked for
     * {@link #ROLE} with the token in EXPECTED_TOKEN.
     */
    static final String AWS_STAND_IN = """
            #!/usr/bin/env bash
            [ "$1 $2" = "sts assume-role-with-web-identity" ] || { echo "unexpected: $*" >&2; exit 64; }
            shift 2
            while [ $# -gt 0 ]; do
              case "$1" in
                --role-arn) [ "$2" = "%s" ] || { echo "role $2" >&2; exit 65; } ;;
                --web-identity-token) [ "$2" = "$EXPECTED_TOKEN" ] || { echo "token $2" >&2; exit 66; } ;;
              esac
              shift
            done
            printf 'ASIASTANDIN\\tsecret-stand-in\\tsession-stand-in\\n'
            """.formatted(ROLE);

    /** apt-get that installs nothing, and writes the packages it was asked for to APT_LOG. */
    static final String APT_STAND_IN = """
            #!/usr/bin/env bash
            if [ "$1" = install ]; then
              for arg in "$@"; do
                case "$arg" in -*|install) ;; *) printf '%s\\n' "$arg" >> "$APT_LOG" ;; esac
              done
            fi
            """;

    /** A folder holding the AWS CLI and apt-get stand-ins, for the front of PATH. */
    static Path standIns(Path folder) throws IOException {
        Path bin = Files.createDirectories(folder);
        executable(bin.resolve("aws"), AWS_STAND_IN);
        executable(bin.resolve("apt-get"), APT_STAND_IN);
        return bin;
    }

    /**
     * The predefined variables of a GitLab job in the project folder: the pipeline's ids, the ID token
     * the job asks for (id-token-stand-in), the role, and what the stand-ins read.
     */
    static Map<String, String> gitlabPredefined(JsonNode job, Path project, Path home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", home.toString());
        env.put("CI_PROJECT_DIR", project.toString());
        env.put("CI_PROJECT_ID", "42");
        env.put("CI_PIPELINE_ID", "4242");
        env.put("AI_OPTOUT_AUDIT_ROLE_ARN", ROLE);
        if (job.has("id_tokens")) {
            env.put(job.get("id_tokens").fieldNames().next(), "id-token-stand-in");
        }
        env.put("EXPECTED_TOKEN", "id-token-stand-in");
        env.put("APT_LOG", project.resolveSibling("apt.log").toString());
        return env;
    }
}
