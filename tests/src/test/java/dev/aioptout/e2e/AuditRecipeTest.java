package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.audit.testing.FaultInjectingProxy;
import dev.aioptout.e2e.CiRecipesTest.Installed;
import dev.aioptout.e2e.VerifyTest.Run;
import dev.aioptout.e2e.VerifyTest.TestOrg;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;

/**
 * What the scheduled-audit recipes in examples/ci rely on, against the emulator: the audit role's
 * IAM policy allows exactly the Organizations calls {@code verify} and {@code snapshot} make (taken
 * from the requests they send, so a call added to the code without the policy fails here), and each
 * recipe's audit job, run for real from the release archive with Java and no Node.js, writes in one
 * run every report it uploads (the SARIF pointing every result at a file, which GitHub code scanning
 * requires) and leaves nothing in HOME that it does not cache.
 */
@ExtendWith(MotoExtension.class)
class AuditRecipeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final Path ROLE_POLICY = E2e.root().resolve("examples/ci/audit-role-policy.json");

    /** The X-Amz-Target prefix of AWS Organizations; every operation of it is authorised as organizations:<Operation>. */
    private static final String ORGANIZATIONS = "AWSOrganizationsV20161128.";

    @TempDir
    Path dir;

    @Test
    void theAuditRolePolicyAllowsExactlyTheOrganizationsCallsOfVerifyAndSnapshot(Emulator emulator) throws Exception {
        // The full lock makes the foreign policy change nothing: every check passes.
        TestOrg org = withForeignLexPolicy(emulator, VerifyTest.FULL_BASELINE);
        Path layout = dir.resolve("ai-optout.yaml");
        Files.writeString(layout, VerifyTest.exampleLayout(org));

        // The emulator implements neither DescribeEffectivePolicy nor ListAccountsWithInvalidEffectivePolicy. The
        // proxy answers both as AWS would, with each account's effective policy as the engine computed it in a first
        // run: this test is about which calls are made, not about what the cross-check concludes.
        Run plain = VerifyTest.verify(emulator.endpoint(), "--config", layout.toString(), "--cross-check=none");
        assertThat(plain.exit()).as(plain.err()).isZero();
        Map<String, String> effective = AwsAnswers.effective(plain.json());
        assertThat(effective).hasSize(org.accountParent.size());

        Map<String, Function<String, String>> answers = AwsAnswers.crossCheck(effective);
        Map<String, Integer> requests;
        try (FaultInjectingProxy proxy = FaultInjectingProxy.answering(emulator.endpoint(), answers)) {
            Run verify = VerifyTest.verify(proxy.endpoint(), "--config", layout.toString(), "--cross-check=all");
            assertThat(verify.exit()).as(verify.err()).isZero();
            JsonNode checks = checks(verify.json());
            // Every check ran to its end: the cross-check asked about every account and found nothing invalid.
            assertThat(checks.get("effective-policy-cross-check").get("status").asText())
                    .as(checks.toString())
                    .isEqualTo("pass");
            assertThat(checks.get("effective-policy-cross-check").get("message").asText())
                    .contains("for " + effective.size() + " account(s)");
            assertThat(checks.get("no-invalid-effective-policies").get("status").asText())
                    .isEqualTo("pass");

            Path snapshotFile = dir.resolve("org.json");
            Run snapshot = VerifyTest.cli(
                    "snapshot", "--endpoint-url", proxy.endpoint().toString(), "--output", snapshotFile.toString());
            assertThat(snapshot.exit()).as(snapshot.err()).isZero();
            assertThat(JSON.readTree(snapshotFile.toFile())
                            .get("organizationId")
                            .asText())
                    .isEqualTo(org.id);
            requests = proxy.requestsByTarget();
        }

        Set<String> called = new TreeSet<>();
        requests.keySet().forEach(target -> {
            assertThat(target)
                    .as("a request to another service than Organizations")
                    .startsWith(ORGANIZATIONS);
            called.add("organizations:" + target.substring(ORGANIZATIONS.length()));
        });
        assertThat(called)
                .as("the calls made include the cross-check's")
                .contains(
                        "organizations:DescribeEffectivePolicy",
                        "organizations:ListAccountsWithInvalidEffectivePolicy");

        Set<String> allowed = organizationsActions(ROLE_POLICY);
        Set<String> missing = new TreeSet<>(called);
        missing.removeAll(allowed);
        Set<String> extra = new TreeSet<>(allowed);
        extra.removeAll(called);
        assertThat(missing)
                .as("called by verify or snapshot but not in " + ROLE_POLICY)
                .isEmpty();
        assertThat(extra).as("in " + ROLE_POLICY + " but never called").isEmpty();
    }

    /**
     * Each recipe's audit job, for real: the release installed by the job's own install step (from the
     * archive the build job hands over), then the job's verify run with a PATH of Java, bash and the few
     * programs the launcher calls (no Node.js), a fresh HOME and the AWS endpoint pointed at the
     * emulator. Under a lock on "default" only, the foreign policy makes findings: exit 1, which fails
     * the job, and every report the job uploads written by that one run, the SARIF pointing each result
     * at the layout file as the job names it (GitHub code scanning refuses results without a file). The
     * caches a job declares are exactly where the run left files in HOME: none, since verify writes
     * neither jsii's package cache nor the class-data-sharing archive (only synth uses them).
     */
    @Test
    void eachRecipesAuditJobRunsTheInstalledReleaseWithJavaOnlyAndUploadsWhatItWrote(Emulator emulator)
            throws Exception {
        Path archive = E2e.releaseArchive();
        TestOrg org = withForeignLexPolicy(emulator, VerifyTest.DEFAULT_LOCK_BASELINE);
        String layout = VerifyTest.exampleLayout(org).replace("lock: full", "lock: default");
        List<String> programs = new ArrayList<>(E2e.LAUNCHER_TOOLS);
        programs.addAll(List.of("bash", "tar", "gzip")); // the jobs' shell and its stand-ins
        Path tools = E2e.toolsFolder(dir.resolve("tools"), false, programs);
        assertThat(tools.resolve("node")).doesNotExist();

        // GitHub: the install step, then the verify step with the folder it added to PATH.
        Installed github = CiRecipesTest.githubInstall(dir.resolve("github"), archive, true, null, "");
        assertThat(github.run().exit()).as(github.run().output()).isZero();
        List<JsonNode> steps = CiRecipes.steps(CiRecipes.githubJob(CiRecipes.GITHUB_AUDIT));
        Map<String, String> env = new HashMap<>(github.env());
        env.putAll(emulator.awsEnvironment());
        env.put("PATH", github.command().orElseThrow().getParent() + File.pathSeparator + tools);
        Path workspace = Path.of(env.get("GITHUB_WORKSPACE"));
        Files.writeString(workspace.resolve(env.get("AI_OPTOUT_CONFIG")), layout);
        CiRecipes.Run githubRun = CiRecipes.bash(
                steps.get(CiRecipes.stepWithId(steps, "verify")).get("run").asText(), workspace, env);
        // Code scanning's file, and the artifact's (which keeps it too).
        Set<String> githubUploads = new TreeSet<>();
        githubUploads.add(steps.get(CiRecipes.stepUsing(steps, "github/codeql-action/upload-sarif"))
                .at("/with/sarif_file")
                .asText());
        githubUploads.addAll(CiRecipes.lines(
                steps.get(CiRecipes.stepUsing(steps, "actions/upload-artifact")).at("/with/path")));
        List<Path> githubCaches = new ArrayList<>();
        Path githubHome = Path.of(env.get("HOME"));
        for (JsonNode step : steps) {
            if (step.path("uses").asText().startsWith("actions/cache@")) {
                CiRecipes.lines(step.at("/with/path"))
                        .forEach(p -> githubCaches.add(githubHome.resolve(p.replaceFirst("^~/", ""))));
            }
        }
        Map<String, String> githubReports =
                assertAudited(githubRun, workspace, env.get("AI_OPTOUT_CONFIG"), List.copyOf(githubUploads));
        assertCachesAreWhereTheRunWrote(githubCaches, githubHome);

        // GitLab: before_script and script in one shell, as the runner runs them; apt-get and the AWS CLI stand in.
        JsonNode job = CiRecipes.gitlabJob(CiRecipes.GITLAB_AUDIT);
        Path project = Files.createDirectories(dir.resolve("gitlab/project"));
        Path gitlabHome = Files.createDirectories(dir.resolve("gitlab/home"));
        Files.createDirectories(project.resolve("dist"));
        // What the build job's artifact holds (CiRecipesTest runs the build job's script).
        Files.createSymbolicLink(project.resolve("dist").resolve(archive.getFileName()), archive);
        Map<String, String> variables =
                CiRecipes.gitlabVariables(job, CiRecipes.gitlabPredefined(job, project, gitlabHome));
        variables.putAll(emulator.awsEnvironment());
        variables.put("PATH", CiRecipes.standIns(dir.resolve("gitlab/stand-ins")) + File.pathSeparator + tools);
        Files.writeString(project.resolve(variables.get("AI_OPTOUT_CONFIG")), layout);
        CiRecipes.Run gitlabRun = CiRecipes.bash(
                CiRecipes.script(job.get("before_script")) + "\n" + CiRecipes.script(job.get("script")),
                project,
                variables);
        List<String> gitlabUploads = CiRecipes.lines(job.at("/artifacts/paths"));
        assertThat(gitlabUploads).contains(job.at("/artifacts/reports/junit").asText());
        List<Path> gitlabCaches = CiRecipes.lines(job.at("/cache/paths")).stream()
                .map(project::resolve)
                .toList();
        Map<String, String> gitlabReports =
                assertAudited(gitlabRun, project, variables.get("AI_OPTOUT_CONFIG"), gitlabUploads);
        assertCachesAreWhereTheRunWrote(gitlabCaches, gitlabHome);

        // The same audit, whichever recipe ran it.
        assertThat(project.resolve(gitlabReports.get("json")))
                .hasSameBinaryContentAs(workspace.resolve(githubReports.get("json")));
    }

    /**
     * verify found what the organization holds (exit 1) in one run that wrote every file the job uploads,
     * each the report its name says; returns the files by format.
     */
    private static Map<String, String> assertAudited(
            CiRecipes.Run run, Path folder, String config, List<String> uploads) throws Exception {
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("NOT COMPLIANT", "ai-optout: verify did not pass");
        Map<String, String> byFormat = new HashMap<>();
        for (String upload : uploads) {
            Path file = folder.resolve(upload);
            assertThat(file).as("uploaded: " + upload + "\n" + run.output()).isNotEmptyFile();
            String text = Files.readString(file);
            String format = text.startsWith("<!DOCTYPE html")
                    ? "html"
                    : text.startsWith("<?xml") ? "junit" : JSON.readTree(text).has("runs") ? "sarif" : "json";
            assertThat(byFormat.put(format, upload)).as("one file per format").isNull();
        }
        if (byFormat.containsKey("sarif")) {
            JsonNode results = JSON.readTree(
                            folder.resolve(byFormat.get("sarif")).toFile())
                    .get("runs")
                    .get(0)
                    .get("results");
            assertThat(results.size())
                    .as("findings: failing checks and non-compliant accounts")
                    .isGreaterThan(1);
            for (JsonNode r : results) {
                JsonNode location = r.get("locations").get(0);
                assertThat(location.at("/physicalLocation/artifactLocation/uri").asText())
                        .as(r.toString())
                        .isEqualTo(config);
                assertThat(location.at("/logicalLocations/0/fullyQualifiedName").asText())
                        .as(r.toString())
                        .isNotEmpty();
            }
        }
        if (byFormat.containsKey("junit")) {
            assertThat(Files.readString(folder.resolve(byFormat.get("junit")))).contains("<testsuite", "<failure");
        }
        assertThat(JSON.readTree(folder.resolve(byFormat.get("json")).toFile())
                        .get("compliant")
                        .asBoolean())
                .isFalse();
        return byFormat;
    }

    /** Every folder the job caches holds a file after the run, and every file the run left in HOME is in one. */
    private static void assertCachesAreWhereTheRunWrote(List<Path> caches, Path home) throws Exception {
        List<Path> written;
        try (Stream<Path> walk = Files.walk(home)) {
            written = walk.filter(Files::isRegularFile).toList();
        }
        for (Path cache : caches) {
            assertThat(written)
                    .as("the run wrote nothing in the cached " + cache)
                    .anyMatch(f -> f.startsWith(cache));
        }
        assertThat(written)
                .as("files the run left in HOME that the job does not cache")
                .allMatch(f -> caches.stream().anyMatch(f::startsWith));
    }

    /**
     * Three OUs and nine accounts; the baseline at the root, and a second AI policy, one the layout does not manage,
     * on an OU (so the per-policy calls happen more than once).
     */
    static TestOrg withForeignLexPolicy(Emulator emulator, String baseline) {
        TestOrg org = TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(new int[] {2, 1});
        org.accounts(9);
        org.enableAiPolicies();
        org.attach(org.policy(VerifyTest.BASELINE, baseline), org.rootId);
        org.attach(org.policy(VerifyTest.FOREIGN, VerifyTest.LEX_OPT_IN), org.ous.get(0));
        return org;
    }

    private static JsonNode checks(JsonNode report) {
        Map<String, JsonNode> byId = new HashMap<>();
        report.get("checks").forEach(c -> byId.put(c.get("id").asText(), c));
        return JSON.valueToTree(byId);
    }

    /**
     * The organizations:* actions the policy allows. Only plain Allow statements on every resource with named
     * actions are accepted: a wildcard, a NotAction or a Deny would make "exactly these actions" meaningless.
     */
    static Set<String> organizationsActions(Path policyFile) throws Exception {
        JsonNode policy = JSON.readTree(policyFile.toFile());
        assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
        Set<String> actions = new TreeSet<>();
        for (JsonNode statement : policy.get("Statement")) {
            assertThat(statement.get("Effect").asText())
                    .as(statement.toString())
                    .isEqualTo("Allow");
            assertThat(statement.has("NotAction")).as(statement.toString()).isFalse();
            assertThat(statement.get("Resource").asText())
                    .as(statement.toString())
                    .isEqualTo("*");
            JsonNode action = statement.get("Action");
            for (JsonNode a : action.isArray() ? action : JSON.createArrayNode().add(action)) {
                String name = a.asText();
                assertThat(name).as("a named Organizations action").startsWith("organizations:");
                assertThat(name).as("no wildcard").doesNotContain("*", "?");
                assertThat(actions.add(name)).as("listed twice: " + name).isTrue();
            }
        }
        return actions;
    }
}
