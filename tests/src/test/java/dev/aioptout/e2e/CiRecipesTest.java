package dev.aioptout.e2e;

import static dev.aioptout.e2e.CiRecipes.GITHUB_AUDIT;
import static dev.aioptout.e2e.CiRecipes.GITHUB_BUILD;
import static dev.aioptout.e2e.CiRecipes.GITLAB_AUDIT;
import static dev.aioptout.e2e.CiRecipes.GITLAB_BUILD;
import static dev.aioptout.e2e.CiRecipes.GITLAB_TEMPLATE;
import static dev.aioptout.e2e.CiRecipes.anyStepUsing;
import static dev.aioptout.e2e.CiRecipes.bash;
import static dev.aioptout.e2e.CiRecipes.executable;
import static dev.aioptout.e2e.CiRecipes.expand;
import static dev.aioptout.e2e.CiRecipes.githubJob;
import static dev.aioptout.e2e.CiRecipes.githubWorkflow;
import static dev.aioptout.e2e.CiRecipes.gitlabFile;
import static dev.aioptout.e2e.CiRecipes.gitlabJob;
import static dev.aioptout.e2e.CiRecipes.gitlabPredefined;
import static dev.aioptout.e2e.CiRecipes.gitlabVariables;
import static dev.aioptout.e2e.CiRecipes.lines;
import static dev.aioptout.e2e.CiRecipes.path;
import static dev.aioptout.e2e.CiRecipes.script;
import static dev.aioptout.e2e.CiRecipes.stepNamed;
import static dev.aioptout.e2e.CiRecipes.stepUsing;
import static dev.aioptout.e2e.CiRecipes.stepWithId;
import static dev.aioptout.e2e.CiRecipes.steps;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.aioptout.cli.Main;
import dev.aioptout.e2e.CiRecipes.Run;
import dev.aioptout.e2e.CiRecipes.Runner;
import dev.aioptout.reports.AuditReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The scheduled-audit recipes in examples/ci: valid YAML in the shapes GitHub Actions and GitLab CI
 * document; ai-optout installed from the release archive the build writes, run for real in bash both
 * ways the recipes write out (the archive the build job hands over, and a release downloaded from a
 * local HTTP server, refused when its sha256 differs); the build job fetching the pinned commit and
 * handing over what Maven wrote; one verify writing every report the recipes upload, accepted by the
 * real command line; and verify's exit code ending the job with every report that exists uploaded,
 * run with a stand-in for ai-optout (and for the AWS CLI). The trust policies accept the tokens the
 * recipes ask for. (AuditRecipeTest runs the installed release's verify from the recipes against
 * the emulator.)
 */
class CiRecipesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What verify does at each exit: whether its reports are written (issue 19: also on a 3 for an incomplete check). */
    record Outcome(int exit, boolean reports, String what) {}

    static final List<Outcome> OUTCOMES = List.of(
            new Outcome(0, true, "compliant"),
            new Outcome(1, true, "non-compliant"),
            new Outcome(2, false, "bad input"),
            new Outcome(3, true, "a check could not finish"),
            new Outcome(3, false, "the organization could not be read, or the deadline passed"));

    /**
     * Records each call (arguments, then the AWS credentials it saw), writes every report it is asked for
     * (--report FORMAT=FILE, --output FILE) when STAND_IN_WRITES is yes, and exits STAND_IN_EXIT.
     */
    private static final String AI_OPTOUT_STAND_IN = """
            #!/usr/bin/env bash
            { printf 'ARG %s\\n' "$@"
              printf 'KEY %s\\n' "${AWS_ACCESS_KEY_ID:-}" "${AWS_SECRET_ACCESS_KEY:-}" "${AWS_SESSION_TOKEN:-}"
              printf 'END\\n'; } >> "$STAND_IN_LOG"
            if [ "$STAND_IN_WRITES" = yes ]; then
              while [ $# -gt 0 ]; do
                case "$1" in
                  --report) printf '%s report\\n' "${2%%=*}" > "${2#*=}"; shift ;;
                  --output) printf 'report\\n' > "$2"; shift ;;
                esac
                shift
              done
            fi
            exit "$STAND_IN_EXIT"
            """;

    /**
     * Maven that builds nothing: records where it ran (and the commit checked out there), its options and
     * arguments, and leaves the real release archive (STAND_IN_ARCHIVE) where the build writes it.
     */
    private static final String MVN_STAND_IN = """
            #!/usr/bin/env bash
            { printf 'CWD %s\\n' "$PWD"
              printf 'HEAD %s\\n' "$(git rev-parse HEAD 2>/dev/null || echo none)"
              printf 'OPTS %s\\n' "${MAVEN_OPTS:-}"
              printf 'ARG %s\\n' "$@"; } >> "$MVN_LOG"
            mkdir -p distribution/target
            ln -s "$STAND_IN_ARCHIVE" "distribution/target/$(basename "$STAND_IN_ARCHIVE")"
            """;

    private static final Pattern DEADLINE_MINUTES = Pattern.compile("--deadline (\\d+)m\\b");

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ GitHub Actions

    @Test
    void theGitHubWorkflowBuildsTheArchiveOnceAndAuditsWithJavaOnly() throws Exception {
        JsonNode workflow = githubWorkflow();
        JsonNode on = workflow.get("on");
        assertThat(on).as("the trigger section").isNotNull();
        assertCron(on.get("schedule").get(0).get("cron").asText());
        assertThat(on.has("workflow_dispatch")).isTrue();
        assertThat(fieldNames(workflow.get("jobs"))).containsExactly(GITHUB_BUILD, GITHUB_AUDIT);
        assertPinnedToThisVersion(workflow.get("env"));
        assertThat(workflow.at("/env/AI_OPTOUT_RELEASE_URL").asText())
                .as("the download route: a repository variable, which also skips the build job")
                .isEqualTo("${{ vars.AI_OPTOUT_RELEASE_URL }}");
        assertThat(workflow.at("/permissions/contents").asText()).isEqualTo("read");

        JsonNode build = workflow.at("/jobs/" + GITHUB_BUILD);
        assertThat(build.get("if").asText()).contains("vars.AI_OPTOUT_RELEASE_URL == ''");
        List<JsonNode> buildSteps = steps(build);
        int checkout = stepUsing(buildSteps, "actions/checkout");
        JsonNode source = buildSteps.get(checkout).get("with");
        assertThat(source.get("repository").asText()).isEqualTo("${{ env.AI_OPTOUT_SOURCE }}");
        assertThat(source.get("ref").asText()).isEqualTo("${{ env.AI_OPTOUT_SOURCE_REF }}");
        int java = stepUsing(buildSteps, "actions/setup-java");
        assertThat(buildSteps.get(java).at("/with/java-version").asText()).isEqualTo("17");
        int cache = stepUsing(buildSteps, "actions/cache");
        JsonNode maven = buildSteps.get(cache).get("with");
        assertThat(maven.get("path").asText()).isEqualTo("~/.m2/repository");
        assertThat(maven.get("key").asText())
                .as("keyed on the ai-optout version and commit, the runner OS and the JDK")
                .contains("${{ env.AI_OPTOUT_VERSION }}", "${{ env.AI_OPTOUT_SOURCE_REF }}", "${{ runner.os }}")
                .contains("jdk17");
        assertThat(maven.get("restore-keys").asText().trim())
                .as("a new version starts from the last cache of this OS and JDK")
                .satisfies(prefix -> assertThat(maven.get("key").asText()).startsWith(prefix))
                .contains("${{ runner.os }}", "jdk17");
        int mvn = stepNamed(buildSteps, "Build the release archive");
        int upload = stepUsing(buildSteps, "actions/upload-artifact");
        assertThat(List.of(checkout, java, cache, mvn)).isSorted().allMatch(i -> i < upload);

        JsonNode audit = workflow.at("/jobs/" + GITHUB_AUDIT);
        assertThat(audit.get("needs").asText()).isEqualTo(GITHUB_BUILD);
        assertThat(audit.get("if").asText())
                .as("after the build, or without it when the archive is downloaded; never after a failed build")
                .contains("!cancelled()", "needs.build.result == 'success'", "needs.build.result == 'skipped'")
                .doesNotContain("always()", "failure");
        assertThat(audit.at("/permissions/id-token").asText()).isEqualTo("write");
        assertThat(audit.at("/permissions/security-events").asText()).isEqualTo("write");
        assertThat(audit.at("/permissions/contents").asText()).isEqualTo("read");
        List<JsonNode> steps = steps(audit);
        assertThat(anyStepUsing(steps, "actions/setup-node"))
                .as("verify needs no Node.js")
                .isFalse();
        assertThat(anyStepUsing(steps, "actions/cache"))
                .as("verify writes nothing to cache (AuditRecipeTest checks)")
                .isFalse();
        int auditJava = stepUsing(steps, "actions/setup-java");
        assertThat(steps.get(auditJava).at("/with/java-version").asText()).isEqualTo("17");
        int download = stepUsing(steps, "actions/download-artifact");
        assertThat(steps.get(download).get("if").asText()).contains("env.AI_OPTOUT_RELEASE_URL == ''");
        assertThat(steps.get(download).at("/with/name").asText())
                .isEqualTo(buildSteps.get(upload).at("/with/name").asText());
        int install = stepNamed(steps, "Install ai-optout");
        int role = stepUsing(steps, "aws-actions/configure-aws-credentials");
        assertThat(steps.get(role).at("/with/role-to-assume").asText())
                .isEqualTo("${{ vars.AI_OPTOUT_AUDIT_ROLE_ARN }}");
        assertThat(steps.get(role).at("/with/aws-region").asText()).isNotBlank();
        int verify = stepWithId(steps, "verify");
        assertThat(List.of(auditJava, download, install, role, verify)).isSorted();
        assertThat(steps.get(verify).has("continue-on-error"))
                .as("a failed audit must fail the job")
                .isFalse();
        assertThat(audit.get("timeout-minutes").asInt())
                .as("the job outlives verify's own deadline, so verify says what was in flight")
                .isGreaterThan(deadlineMinutes(steps.get(verify).get("run").asText()));
    }

    @Test
    void theGitHubBuildJobUploadsTheArchiveItsMavenStepWrites() throws Exception {
        Path archive = E2e.releaseArchive();
        JsonNode workflow = githubWorkflow();
        JsonNode build = githubJob(GITHUB_BUILD);
        List<JsonNode> steps = steps(build);
        Runner runner = Runner.in(dir);
        // actions/checkout puts ai-optout's source here.
        Path checkout = Files.createDirectories(runner.workspace()
                .resolve(steps.get(stepUsing(steps, "actions/checkout"))
                        .at("/with/path")
                        .asText()));
        JsonNode mvn = steps.get(stepNamed(steps, "Build the release archive"));
        assertThat(runner.workspace().resolve(mvn.get("working-directory").asText()))
                .isEqualTo(checkout);

        Map<String, String> env = runner.env(workflow, build, Map.of());
        env.put("AI_OPTOUT_VERSION", E2e.releaseVersion(archive));
        Path log = dir.resolve("mvn.log");
        Run run = bash(mvn.get("run").asText(), checkout, withMavenStandIn(env, archive, log));
        assertThat(run.exit()).as(run.output()).isZero();
        assertMavenRanTheReadmesCommand(Files.readAllLines(log));

        JsonNode upload = steps.get(stepUsing(steps, "actions/upload-artifact"));
        Path uploaded =
                runner.workspace().resolve(expand(upload.at("/with/path").asText(), runner.context(Map.of(), env)));
        assertThat(uploaded).as("the file the build job uploads").exists();
        assertThat(Files.isSameFile(uploaded, archive)).isTrue();
        assertThat(upload.at("/with/if-no-files-found").asText()).isEqualTo("error");
    }

    @Test
    void theGitHubAuditJobInstallsTheArchiveTheBuildJobHandsOver() throws Exception {
        Path archive = E2e.releaseArchive();
        Installed installed = githubInstall(dir, archive, true, null, "");
        assertInstalled(installed, archive);
    }

    @Test
    void theGitHubAuditJobDownloadsAReleaseAndInstallsItOnlyWhenItsSha256Matches() throws Exception {
        assertDownloadRoute((folder, url, sha256) -> githubInstall(folder, E2e.releaseArchive(), false, url, sha256));
    }

    @Test
    void theGitHubAuditRunsVerifyOnceForEveryReportItUploadsAndFailsOnAnythingButZero() throws Exception {
        JsonNode workflow = githubWorkflow();
        JsonNode audit = githubJob(GITHUB_AUDIT);
        List<JsonNode> steps = steps(audit);
        JsonNode verify = steps.get(stepWithId(steps, "verify"));
        assertThat(verify.get("shell").asText()).isEqualTo("bash");
        JsonNode sarif = steps.get(stepUsing(steps, "github/codeql-action/upload-sarif"));
        JsonNode artifact = steps.get(stepUsing(steps, "actions/upload-artifact"));

        for (Outcome outcome : OUTCOMES) {
            Runner runner = Runner.in(Files.createDirectories(dir.resolve("run-" + OUTCOMES.indexOf(outcome))));
            Map<String, String> env = runner.env(workflow, audit, Map.of());
            env.put("HOME", runner.temp().toString());
            Invocation call = runVerify(verify.get("run").asText(), runner.workspace(), env, outcome);
            Map<String, String> reports = call.reports();
            assertThat(reports.keySet()).contains("sarif", "html");

            assertThat(sarif.at("/with/sarif_file").asText()).isEqualTo(reports.get("sarif"));
            assertThat(sarif.get("if").asText())
                    .as("code scanning gets the SARIF whenever verify wrote it")
                    .contains("!cancelled()", "hashFiles('" + reports.get("sarif") + "') != ''");
            assertThat(artifact.get("if").asText())
                    .as("uploads even when the audit failed")
                    .containsAnyOf("!cancelled()", "always()");
            assertThat(lines(artifact.at("/with/path")))
                    .as("the artifact keeps every report verify wrote")
                    .containsExactlyInAnyOrderElementsOf(reports.values());
        }
    }

    // ------------------------------------------------------------------ GitLab CI

    @Test
    void theGitLabJobsBuildTheArchiveOnceAndAuditWithJavaOnlyOnASchedule() throws Exception {
        JsonNode file = gitlabFile();
        assertThat(fieldNames(file)).containsExactly(GITLAB_TEMPLATE, GITLAB_BUILD, GITLAB_AUDIT);
        assertThat(GITLAB_TEMPLATE).as("a hidden job: never run itself").startsWith(".");
        JsonNode settings = file.at("/" + GITLAB_TEMPLATE.replace("/", "~1") + "/variables");
        assertPinnedToThisVersion(settings);
        assertThat(settings.get("AI_OPTOUT_RELEASE_URL").asText()).isEmpty();

        JsonNode build = gitlabJob(GITLAB_BUILD);
        List<JsonNode> buildRules = list(build.get("rules"));
        assertThat(buildRules.get(0).get("if").asText()).isEqualTo("$AI_OPTOUT_RELEASE_URL");
        assertThat(buildRules.get(0).get("when").asText())
                .as("no build when the archive is downloaded")
                .isEqualTo("never");
        assertThat(buildRules.stream().map(r -> r.path("if").asText())).contains("$CI_PIPELINE_SOURCE == \"schedule\"");
        assertThat(build.at("/cache/key").asText())
                .as("keyed on the ai-optout version, the image and the JDK")
                .contains("$AI_OPTOUT_VERSION", "bookworm", "jdk17");
        assertThat(lines(build.at("/cache/paths"))).containsExactly(".m2/repository");

        JsonNode audit = gitlabJob(GITLAB_AUDIT);
        assertThat(audit.get("image").asText()).startsWith("debian:");
        assertThat(list(audit.get("rules")).stream().map(r -> r.path("if").asText()))
                .contains("$CI_PIPELINE_SOURCE == \"schedule\"");
        assertThat(list(audit.get("rules"))).noneMatch(r -> r.has("when"));
        JsonNode needs = audit.get("needs").get(0);
        assertThat(needs.get("job").asText()).isEqualTo(GITLAB_BUILD);
        assertThat(needs.get("artifacts").asBoolean()).isTrue();
        assertThat(needs.get("optional").asBoolean())
                .as("the audit runs without the build job when the archive is downloaded")
                .isTrue();
        assertThat(audit.path("allow_failure").asBoolean(false))
                .as("a failed audit must fail the job")
                .isFalse();
        assertThat(audit.has("cache"))
                .as("verify writes nothing to cache (AuditRecipeTest checks)")
                .isFalse();
        assertThat(Integer.parseInt(audit.get("timeout").asText().replaceFirst("m$", "")))
                .as("the job outlives verify's own deadline, so verify says what was in flight")
                .isGreaterThan(deadlineMinutes(script(audit.get("script"))));
    }

    @Test
    void theGitLabBuildJobFetchesThePinnedCommitAndTheAuditJobInstallsWhatItHandsOver() throws Exception {
        Path archive = E2e.releaseArchive();
        String version = E2e.releaseVersion(archive);
        // ai-optout's repository: the tag on the first commit, another commit after it.
        Path source = Files.createDirectories(dir.resolve("ai-optout"));
        Run git = bash("""
                git init -q .
                echo one > file && git add file && git -c user.name=t -c user.email=t@example.com commit -qm one
                git tag "v$VERSION"
                git rev-parse HEAD > ../tagged
                echo two > file && git -c user.name=t -c user.email=t@example.com commit -qam two
                """, source, Map.of("PATH", path(), "HOME", dir.toString(), "VERSION", version));
        assertThat(git.exit()).as(git.output()).isZero();
        String tagged = Files.readString(dir.resolve("tagged")).trim();

        JsonNode build = gitlabJob(GITLAB_BUILD);
        Path project = Files.createDirectories(dir.resolve("build/project"));
        Map<String, String> env = gitlabVariables(build, gitlabPredefined(build, project, dir));
        env.put("AI_OPTOUT_VERSION", version);
        env.put("AI_OPTOUT_SOURCE", source.toUri().toString());
        env.put("AI_OPTOUT_SOURCE_REF", "v" + version);
        Path log = dir.resolve("mvn.log");
        Path standIns = CiRecipes.standIns(dir.resolve("build/stand-ins"));
        env.put("PATH", path(standIns));
        Run run = bash(script(build.get("script")), project, withMavenStandIn(env, archive, log));
        assertThat(run.exit()).as(run.output()).isZero();

        assertThat(Files.readAllLines(Path.of(env.get("APT_LOG"))))
                .as("what the build job installs")
                .contains("openjdk-17-jdk-headless", "maven", "git");
        List<String> mavenLog = Files.readAllLines(log);
        assertMavenRanTheReadmesCommand(mavenLog);
        assertThat(mavenLog).contains("HEAD " + tagged);
        assertThat(mavenLog).contains("OPTS -Dmaven.repo.local=" + project.resolve(".m2/repository"));
        assertThat(project.resolve(lines(build.at("/cache/paths")).get(0)))
                .as("the cached folder is Maven's repository")
                .isEqualTo(project.resolve(".m2/repository"));

        // GitLab hands the artifacts' paths to the audit job, in its project folder.
        List<Path> artifacts = lines(build.at("/artifacts/paths")).stream()
                .map(project::resolve)
                .toList();
        Path built = project.resolve("dist/ai-optout-" + version + ".tar.gz");
        assertThat(built).exists();
        assertThat(artifacts).as("the artifact holds the archive").anyMatch(built::startsWith);
        Path auditProject = Files.createDirectories(dir.resolve("audit/project"));
        for (Path artifact : artifacts) {
            copyTree(artifact, auditProject.resolve(project.relativize(artifact)));
        }
        Installed installed = gitlabInstall(auditProject, version, "", "");
        assertInstalled(installed, archive);
        assertThat(Files.readAllLines(Path.of(installed.env().get("APT_LOG"))))
                .as("what the audit job installs: Java and the AWS CLI, no Node.js, no Maven")
                .contains("openjdk-17-jre-headless", "awscli")
                .noneMatch(p -> p.startsWith("node") || p.equals("maven"));
    }

    @Test
    void theGitLabAuditJobDownloadsAReleaseAndInstallsItOnlyWhenItsSha256Matches() throws Exception {
        String version = E2e.releaseVersion(E2e.releaseArchive());
        assertDownloadRoute((folder, url, sha256) ->
                gitlabInstall(Files.createDirectories(folder.resolve("project")), version, url, sha256));
    }

    @Test
    void theGitLabAuditRunsVerifyOnceForEveryReportItKeepsAndFailsOnAnythingButZero() throws Exception {
        JsonNode job = gitlabJob(GITLAB_AUDIT);
        JsonNode artifacts = job.get("artifacts");
        assertThat(artifacts.get("when").asText())
                .as("kept when the audit failed")
                .isEqualTo("always");
        for (Outcome outcome : OUTCOMES) {
            Path project = Files.createDirectories(dir.resolve("run-" + OUTCOMES.indexOf(outcome) + "/project"));
            Map<String, String> env = gitlabVariables(job, gitlabPredefined(job, project, project.getParent()));
            Path standIns = CiRecipes.standIns(project.resolveSibling("stand-ins"));
            env.put("PATH", path(standIns));
            Invocation call = runVerify(script(job.get("script")), project, env, outcome);
            assertThat(call.credentials())
                    .as("the role's credentials, exported for verify")
                    .containsExactly("ASIASTANDIN", "secret-stand-in", "session-stand-in");
            Map<String, String> reports = call.reports();
            assertThat(reports.keySet()).contains("junit", "html");
            assertThat(artifacts.at("/reports/junit").asText()).isEqualTo(reports.get("junit"));
            assertThat(lines(artifacts.get("paths")))
                    .as("the artifacts keep every report verify wrote")
                    .containsExactlyInAnyOrderElementsOf(reports.values());
        }
    }

    // ------------------------------------------------------------------ trust policies

    @Test
    void theTrustPoliciesAcceptExactlyTheTokensTheRecipesRequest() throws Exception {
        // GitHub: configure-aws-credentials asks for a token with audience sts.amazonaws.com unless told otherwise.
        List<JsonNode> steps = steps(githubJob(GITHUB_AUDIT));
        JsonNode roleStep = steps.get(stepUsing(steps, "aws-actions/configure-aws-credentials"));
        String githubAudience = roleStep.path("with").path("audience").asText("sts.amazonaws.com");
        JsonNode github = trustConditions(
                CiRecipes.CI.resolve("trust-policy-github.json"), "token.actions.githubusercontent.com");
        assertThat(github.get("token.actions.githubusercontent.com:aud").asText())
                .isEqualTo(githubAudience);
        assertThat(github.get("token.actions.githubusercontent.com:sub").asText())
                .as("limited to one repository and branch")
                .startsWith("repo:")
                .contains(":ref:refs/heads/")
                .doesNotContain("*");

        // GitLab: the job's ID token audience must be the one the role accepts.
        JsonNode idTokens = gitlabJob(GITLAB_AUDIT).get("id_tokens");
        assertThat(idTokens.size()).isEqualTo(1);
        String gitlabAudience = idTokens.elements().next().get("aud").asText();
        JsonNode gitlab = trustConditions(CiRecipes.CI.resolve("trust-policy-gitlab.json"), "gitlab.com");
        assertThat(gitlab.get("gitlab.com:aud").asText()).isEqualTo(gitlabAudience);
        assertThat(gitlab.get("gitlab.com:sub").asText())
                .as("limited to one project and branch")
                .startsWith("project_path:")
                .contains(":ref_type:branch:ref:")
                .doesNotContain("*");
    }

    // ------------------------------------------------------------------ installing

    /** An install run: its result, the environment it ran in, and the ai-optout it put on PATH (empty when none). */
    record Installed(Run run, Map<String, String> env, Optional<Path> command, Path folder) {}

    @FunctionalInterface
    interface DownloadInstall {
        Installed run(Path folder, String urlTemplate, String sha256) throws Exception;
    }

    /**
     * The audit job's install step, for real: the archive where download-artifact puts the build job's
     * (when {@code handedOver}), the repository variable AI_OPTOUT_RELEASE_URL and the file's
     * AI_OPTOUT_RELEASE_SHA256 as given.
     */
    static Installed githubInstall(Path folder, Path archive, boolean handedOver, String url, String sha256)
            throws Exception {
        JsonNode workflow = githubWorkflow();
        JsonNode audit = githubJob(GITHUB_AUDIT);
        List<JsonNode> steps = steps(audit);
        Runner runner = Runner.in(folder);
        Map<String, String> vars = url == null ? Map.of() : Map.of("AI_OPTOUT_RELEASE_URL", url);
        Map<String, String> env = runner.env(workflow, audit, vars);
        env.put("AI_OPTOUT_VERSION", E2e.releaseVersion(archive));
        env.put("AI_OPTOUT_RELEASE_SHA256", sha256);
        env.put("HOME", Files.createDirectories(folder.resolve("home")).toString());
        env.put("PATH", path());
        if (handedOver) {
            JsonNode download = steps.get(stepUsing(steps, "actions/download-artifact"));
            Path into = Files.createDirectories(
                    Path.of(expand(download.at("/with/path").asText(), runner.context(vars, env))));
            Files.createSymbolicLink(into.resolve(archive.getFileName()), archive);
        }
        JsonNode install = steps.get(stepNamed(steps, "Install ai-optout"));
        assertThat(install.get("shell").asText()).isEqualTo("bash");
        Run run = bash(install.get("run").asText(), runner.workspace(), env);
        List<String> added = runner.addedPath();
        assertThat(added).as("folders added to PATH").hasSizeLessThanOrEqualTo(1);
        Optional<Path> command = added.stream()
                .map(p -> Path.of(p, "ai-optout"))
                .filter(Files::isExecutable)
                .findFirst();
        return new Installed(run, env, command, folder);
    }

    /** The GitLab audit job's before_script, for real, in the project folder (which holds what the build job handed over). */
    static Installed gitlabInstall(Path project, String version, String url, String sha256) throws Exception {
        JsonNode job = gitlabJob(GITLAB_AUDIT);
        Path home = Files.createDirectories(project.resolveSibling("home"));
        Map<String, String> env = gitlabVariables(job, gitlabPredefined(job, project, home));
        env.put("AI_OPTOUT_VERSION", version);
        env.put("AI_OPTOUT_RELEASE_URL", url);
        env.put("AI_OPTOUT_RELEASE_SHA256", sha256);
        env.put("PATH", path(CiRecipes.standIns(project.resolveSibling("stand-ins"))));
        Path which = project.resolveSibling("which");
        Run run = bash(
                script(job.get("before_script")) + "\ncommand -v ai-optout > \"$CI_PROJECT_DIR/../which\"",
                project,
                env);
        Optional<Path> command = Files.exists(which)
                ? Optional.of(Path.of(Files.readString(which).trim()))
                : Optional.empty();
        return new Installed(run, env, command, project.getParent());
    }

    /** The install worked: ai-optout of this archive is on PATH, and said its version. */
    private static void assertInstalled(Installed installed, Path archive) {
        assertThat(installed.run().exit()).as(installed.run().output()).isZero();
        assertThat(installed.run().output())
                .as("the install prints the version it installed")
                .contains("ai-optout " + E2e.releaseVersion(archive) + "\n");
        assertThat(installed.command()).as("ai-optout on PATH").isPresent();
        Path command = installed.command().get();
        assertThat(command.startsWith(installed.folder()))
                .as(command + " is the unpacked archive's")
                .isTrue();
        assertThat(command.getParent().getParent().getFileName().toString()).isEqualTo(E2e.releaseName(archive));
    }

    /**
     * The download route against a local server of releases: the archive, fetched from the URL template with
     * the version filled in, is installed when its sha256 is the pinned one; a corrupted download, a missing
     * sha256 and a missing release each fail the install before anything is unpacked.
     */
    private void assertDownloadRoute(DownloadInstall install) throws Exception {
        Path archive = E2e.releaseArchive();
        String version = E2e.releaseVersion(archive);
        String sha256 = E2e.sha256(archive);
        try (Releases releases = Releases.serving(archive, version)) {
            Installed good = install.run(dir.resolve("good"), releases.template(), sha256);
            assertInstalled(good, archive);
            assertThat(releases.requests()).containsExactly(releases.path());

            releases.corrupt(true);
            Installed corrupted = install.run(dir.resolve("corrupted"), releases.template(), sha256);
            assertNotInstalled(corrupted, version);
            assertThat(corrupted.run().output()).contains("FAILED");
            releases.corrupt(false);

            Installed unpinned = install.run(dir.resolve("unpinned"), releases.template(), "");
            assertNotInstalled(unpinned, version);
            assertThat(unpinned.run().output()).contains("AI_OPTOUT_RELEASE_SHA256");

            Installed missing = install.run(dir.resolve("missing"), releases.template() + ".missing", sha256);
            assertNotInstalled(missing, version);
            assertThat(releases.requests()).hasSize(3);
        }
    }

    private static void assertNotInstalled(Installed installed, String version) throws IOException {
        assertThat(installed.run().exit()).as(installed.run().output()).isNotZero();
        assertThat(installed.command()).as(installed.run().output()).isEmpty();
        try (Stream<Path> walk = Files.walk(installed.folder())) {
            assertThat(walk.filter(p -> p.getFileName().toString().equals("ai-optout-" + version)))
                    .as("nothing unpacked")
                    .isEmpty();
        }
    }

    /** A server of ai-optout releases at /releases/v{version}/ai-optout-{version}.tar.gz, the archive corrupted on request. */
    static final class Releases implements AutoCloseable {
        private final HttpServer server;
        private final String path;
        private final List<String> requests = new ArrayList<>();
        private volatile boolean corrupt;

        private Releases(HttpServer server, String path) {
            this.server = server;
            this.path = path;
        }

        static Releases serving(Path archive, String version) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            Releases releases = new Releases(server, "/releases/v" + version + "/ai-optout-" + version + ".tar.gz");
            server.createContext("/", exchange -> {
                String asked = exchange.getRequestURI().getPath();
                synchronized (releases.requests) {
                    releases.requests.add(asked);
                }
                if (!asked.equals(releases.path)) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                long size = Files.size(archive);
                exchange.sendResponseHeaders(200, size);
                try (InputStream in = Files.newInputStream(archive);
                        OutputStream out = exchange.getResponseBody()) {
                    byte[] buffer = new byte[1 << 16];
                    long at = 0;
                    for (int n; (n = in.read(buffer)) > 0; at += n) {
                        // One byte in the middle flipped: the size is right, the bytes are not.
                        if (releases.corrupt && at <= size / 2 && size / 2 < at + n) {
                            buffer[(int) (size / 2 - at)] ^= 0x5a;
                        }
                        out.write(buffer, 0, n);
                    }
                }
            });
            server.start();
            return releases;
        }

        String template() {
            return "http://127.0.0.1:" + server.getAddress().getPort()
                    + "/releases/v{version}/ai-optout-{version}.tar.gz";
        }

        String path() {
            return path;
        }

        void corrupt(boolean on) {
            corrupt = on;
        }

        List<String> requests() {
            synchronized (requests) {
                return List.copyOf(requests);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    // ------------------------------------------------------------------ building

    private Map<String, String> withMavenStandIn(Map<String, String> env, Path archive, Path log) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("maven-stand-in"));
        if (!Files.exists(bin.resolve("mvn"))) {
            executable(bin.resolve("mvn"), MVN_STAND_IN);
        }
        Map<String, String> out = new LinkedHashMap<>(env);
        out.put("PATH", bin + java.io.File.pathSeparator + env.getOrDefault("PATH", path()));
        out.putIfAbsent("HOME", dir.toString());
        out.put("STAND_IN_ARCHIVE", archive.toString());
        out.put("MVN_LOG", log.toString());
        return out;
    }

    /** Maven ran once, with the arguments of the README's command that writes the archive (and perhaps more). */
    private static void assertMavenRanTheReadmesCommand(List<String> log) throws IOException {
        Matcher readme = Pattern.compile("(?m)^mvn (-B -ntp -DskipTests package)$")
                .matcher(Files.readString(E2e.root().resolve("README.md")));
        assertThat(readme.find())
                .as("the README's command that writes the archive")
                .isTrue();
        List<String> args = log.stream()
                .filter(l -> l.startsWith("ARG "))
                .map(l -> l.substring(4))
                .toList();
        assertThat(log.stream().filter(l -> l.startsWith("CWD "))).hasSize(1);
        assertThat(args).containsAll(Arrays.asList(readme.group(1).split(" ")));
        assertThat(args.get(args.size() - 1)).isEqualTo("package");
    }

    // ------------------------------------------------------------------ verify with a stand-in

    /** One call of ai-optout as the stand-in recorded it. */
    record Invocation(List<String> args, List<String> credentials) {
        String option(String name) {
            int i = args.indexOf(name);
            return i < 0 || i + 1 >= args.size() ? null : args.get(i + 1);
        }

        /** Every --report FORMAT=FILE, by format. */
        Map<String, String> reports() {
            Map<String, String> reports = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.size(); i++) {
                if (args.get(i).equals("--report")) {
                    String value = args.get(i + 1);
                    int eq = value.indexOf('=');
                    assertThat(eq).as("--report FORMAT=FILE: " + value).isPositive();
                    assertThat(reports.put(value.substring(0, eq), value.substring(eq + 1)))
                            .as("one report per format")
                            .isNull();
                }
            }
            return reports;
        }
    }

    /**
     * Runs the verify script with the ai-optout stand-in first on PATH, as verify would end in this outcome:
     * one call, accepted by the real command line; the job's exit is verify's; every report it names exists
     * exactly when verify writes its reports.
     */
    private Invocation runVerify(String script, Path folder, Map<String, String> env, Outcome outcome)
            throws Exception {
        Path bin = Files.createDirectories(folder.resolveSibling("ai-optout-stand-in"));
        executable(bin.resolve("ai-optout"), AI_OPTOUT_STAND_IN);
        Path log = Files.createFile(folder.resolveSibling("ai-optout.log"));
        Map<String, String> run = new LinkedHashMap<>(env);
        run.put("PATH", bin + java.io.File.pathSeparator + env.getOrDefault("PATH", path()));
        run.putIfAbsent("HOME", folder.toString());
        run.put("STAND_IN_LOG", log.toString());
        run.put("STAND_IN_EXIT", String.valueOf(outcome.exit()));
        run.put("STAND_IN_WRITES", outcome.reports() ? "yes" : "no");
        Run result = bash(script, folder, run);
        String context = "verify " + outcome + "\n" + result.output();
        assertThat(result.exit()).as(context).isEqualTo(outcome.exit());
        List<Invocation> calls = invocations(Files.readAllLines(log));
        assertThat(calls).as("one verify for every report: " + context).hasSize(1);
        Invocation call = calls.get(0);
        assertAcceptedByTheCommandLine(call, env.get("AI_OPTOUT_CONFIG"));
        for (String report : call.reports().values()) {
            assertThat(Files.exists(folder.resolve(report)))
                    .as(context + ": " + report)
                    .isEqualTo(outcome.reports());
        }
        return call;
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
     * The arguments as ai-optout's own command line parses them (an unknown option or a missing value fails
     * here), each --report a format verify writes, into a file of its own: verify, on the layout the recipe
     * names, within a deadline, with progress in the job's log.
     */
    static void assertAcceptedByTheCommandLine(Invocation call, String config) {
        assertThat(call.args()).as("an ai-optout subcommand").isNotEmpty();
        ParseResult parsed;
        try {
            parsed = new CommandLine(new Main()).parseArgs(call.args().toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError("ai-optout refuses " + call.args() + ": " + e.getMessage(), e);
        }
        ParseResult verify = parsed.subcommand();
        assertThat(verify.commandSpec().name()).isEqualTo("verify");
        assertThat(String.valueOf(verify.matchedOptionValue("--config", (Object) null)))
                .as("the layout file the recipe names")
                .isEqualTo(config)
                .isNotBlank();
        assertThat(verify.hasMatchedOption("--deadline")).isTrue();
        assertThat(verify.hasMatchedOption("--progress"))
                .as("a sign of life in the job's log")
                .isTrue();
        Set<String> formats =
                Stream.of(AuditReport.Format.values()).map(Enum::name).collect(Collectors.toSet());
        Map<String, String> reports = call.reports();
        assertThat(reports).as("every report from the one run").hasSizeGreaterThanOrEqualTo(2);
        assertThat(formats).containsAll(reports.keySet());
        assertThat(new TreeSet<>(reports.values())).hasSameSizeAs(reports.values());
    }

    // ------------------------------------------------------------------ reading the files

    /** The recipe installs the version this build is of (without -SNAPSHOT), from its tag. */
    private static void assertPinnedToThisVersion(JsonNode settings) {
        String built = E2e.releaseVersion(E2e.releaseArchive()).replaceFirst("-SNAPSHOT$", "");
        assertThat(settings.get("AI_OPTOUT_VERSION").asText()).isEqualTo(built);
        assertThat(settings.get("AI_OPTOUT_SOURCE_REF").asText()).isEqualTo("v" + built);
        assertThat(settings.get("AI_OPTOUT_SOURCE").asText()).isNotBlank();
        assertThat(settings.has("AI_OPTOUT_RELEASE_SHA256")).isTrue();
    }

    private static int deadlineMinutes(String script) {
        Matcher m = DEADLINE_MINUTES.matcher(script);
        assertThat(m.find()).as("verify's --deadline in minutes: " + script).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static void assertCron(String cron) {
        String[] fields = cron.trim().split("\\s+");
        assertThat(fields).as(cron).hasSize(5);
        for (String field : fields) {
            assertThat(field).as(cron).matches("[0-9*/,-]+");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<JsonNode> list(JsonNode node) {
        return StreamSupport.stream(node.spliterator(), false).toList();
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

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, p.toRealPath());
                }
            }
        }
    }
}
