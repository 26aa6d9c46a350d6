package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * State backends: local, S3 and Terraform Cloud/Enterprise (a named workspace, or tags and a
 * hostname). Both formats are valid for the real provider ({@code terraform init -backend=false}
 * and {@code terraform validate}), the HCL is fmt-clean, the backend block is exactly the
 * layout's, and nothing secret is written. A layout that carries a credential is refused.
 */
class BackendsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Key names that would hold a credential. */
    private static final Pattern SECRET = Pattern.compile("(?i)(token|secret|access_key|password|credential)");

    @TempDir
    Path dir;

    static Stream<Arguments> backends() {
        return Stream.of(
                Arguments.of(
                        "local",
                        """
                        local: {path: state/ai-optout.tfstate}
                        """,
                        "backend",
                        "{\"local\": {\"path\": \"state/ai-optout.tfstate\"}}",
                        "  backend \"local\" {\n    path = \"state/ai-optout.tfstate\"\n  }\n"),
                Arguments.of("s3", """
                        s3:
                          bucket: acme-terraform-state
                          key: ai-optout/terraform.tfstate
                          region: eu-west-1
                          use_lockfile: true
                          dynamodb_table: terraform-locks
                        """, "backend", """
                        {"s3": {"bucket": "acme-terraform-state", "key": "ai-optout/terraform.tfstate", "region": "eu-west-1",
                                "use_lockfile": true, "dynamodb_table": "terraform-locks"}}""", """
                          backend "s3" {
                            bucket         = "acme-terraform-state"
                            dynamodb_table = "terraform-locks"
                            key            = "ai-optout/terraform.tfstate"
                            region         = "eu-west-1"
                            use_lockfile   = true
                          }
                        """),
                Arguments.of(
                        "cloud-workspace",
                        """
                        cloud: {organization: acme, workspace: ai-optout-prod}
                        """,
                        "cloud",
                        "{\"organization\": \"acme\", \"workspaces\": {\"name\": \"ai-optout-prod\"}}",
                        """
                          cloud {
                            organization = "acme"
                            workspaces {
                              name = "ai-optout-prod"
                            }
                          }
                        """),
                Arguments.of("cloud-tags", """
                        cloud: {organization: acme, tags: [ai-optout, security], hostname: tfe.example.com}
                        """, "cloud", """
                        {"hostname": "tfe.example.com", "organization": "acme", "workspaces": {"tags": ["ai-optout", "security"]}}""", """
                          cloud {
                            hostname     = "tfe.example.com"
                            organization = "acme"
                            workspaces {
                              tags = ["ai-optout", "security"]
                            }
                          }
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void bothFormatsAreValidAndCarryExactlyTheBackend(
            String name, String backend, String block, String expected, String hclBlock) throws Exception {
        Path layout = dir.resolve("ai-optout.yaml");
        Files.writeString(layout, """
                version: 1
                layout: multi-ou
                organization: {mode: adopt, id: o-exampleorgid}
                backend:
                """ + backend.indent(2));
        Path out = dir.resolve("out");
        Result synth = cli("synth", "--format", "both", "--config", layout.toString(), "--out", out.toString());
        assertThat(synth.exit()).as(synth.err()).isEqualTo(0);
        Path jsonStack = out.resolve("stacks/ai-optout");
        Path hclStack = out.resolve("hcl/ai-optout");

        JsonNode stack = JSON.readTree(jsonStack.resolve("cdk.tf.json").toFile());
        JsonNode terraformBlock = stack.path("terraform");
        assertThat(terraformBlock.path(block)).as("terraform." + block).isEqualTo(JSON.readTree(expected));
        // One place for state: a backend or a cloud block, never both.
        assertThat(terraformBlock.has("backend") && terraformBlock.has("cloud")).isFalse();
        String hcl = Files.readString(hclStack.resolve("main.tf"));
        assertThat(hcl).contains(hclBlock);

        // Nothing secret anywhere: no credential-like key in the JSON, no such argument in the HCL.
        assertThat(keys(stack)).noneMatch(k -> SECRET.matcher(k).find());
        assertThat(keys(JSON.readTree(out.resolve("manifest.json").toFile())))
                .noneMatch(k -> SECRET.matcher(k).find());
        assertThat(hcl)
                .doesNotContainPattern(
                        "(?im)^\\s*[\"\\w-]*(token|secret|access_key|password|credential)[\"\\w-]*\\s*=");

        for (Path folder : List.of(jsonStack, hclStack)) {
            Terraform terraform = new Terraform(folder, null);
            terraform.run("init", "-backend=false", "-input=false", "-no-color").ok();
            assertThat(terraform.run("validate", "-no-color").ok().output())
                    .as(folder.toString())
                    .contains("The configuration is valid");
        }
        Terraform.Result fmt = new Terraform(hclStack, null).run("fmt", "-check", "-list=true", "-no-color");
        assertThat(fmt.exit()).as(fmt.output()).isEqualTo(0);
        assertThat(fmt.output()).isBlank();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "s3: {bucket: acme-terraform-state, key: ai-optout/terraform.tfstate, secret_key: abc123}",
                "s3: {bucket: acme-terraform-state, key: ai-optout/terraform.tfstate, access_key: AKIAEXAMPLE}",
                "cloud: {organization: acme, workspace: prod, token: abc.atlasv1.xyz}"
            })
    void aCredentialInTheLayoutIsRefusedWithAHintAboutTheEnvironment(String backend) throws Exception {
        Path layout = dir.resolve("ai-optout.yaml");
        Files.writeString(layout, "version: 1\nbackend:\n  " + backend + "\n");
        Path out = dir.resolve("out");
        for (String format : List.of("json", "hcl", "both")) {
            Result synth = cli("synth", "--format", format, "--config", layout.toString(), "--out", out.toString());
            assertThat(synth.exit()).as(synth.err()).isEqualTo(2);
            assertThat(synth.err())
                    .contains("unknown key")
                    .contains("credentials and tokens never go in the layout file")
                    .contains("environment")
                    .contains("nothing was written")
                    .doesNotContain("abc123")
                    .doesNotContain("AKIAEXAMPLE")
                    .doesNotContain("atlasv1");
            assertThat(Files.exists(out)).isFalse();
        }
        Result module = cli(
                "synth",
                "--module",
                "--config",
                layout.toString(),
                "--out",
                dir.resolve("module").toString());
        assertThat(module.exit()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("module"))).isFalse();
    }

    /**
     * The S3 backend for real: the HCL stack is initialised against the emulator's S3 and DynamoDB
     * and applied; its state lands at the layout's bucket and key, with the DynamoDB table's digest;
     * the JSON stack, initialised on the same backend, then reads that state and plans no change.
     */
    @Nested
    @ExtendWith(MotoExtension.class)
    class S3StateInTheEmulator {

        private static final String BUCKET = "acme-terraform-state";
        private static final String KEY = "ai-optout/terraform.tfstate";
        private static final String REGION = "eu-west-1";

        @Test
        void theHclStackKeepsItsStateInTheBucketAndTheJsonStackPlansNothingAgainstIt(Emulator emulator)
                throws Exception {
            http(
                    emulator,
                    "PUT",
                    "/" + BUCKET,
                    null,
                    "s3",
                    "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                            + "<LocationConstraint>" + REGION + "</LocationConstraint></CreateBucketConfiguration>");
            http(emulator, "POST", "/", "DynamoDB_20120810.CreateTable", "dynamodb", """
                    {"TableName": "terraform-locks", "BillingMode": "PAY_PER_REQUEST",
                     "AttributeDefinitions": [{"AttributeName": "LockID", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "LockID", "KeyType": "HASH"}]}""");
            Path layout = dir.resolve("ai-optout.yaml");
            Files.writeString(layout, """
                    version: 1
                    layout: single-account
                    organization: {mode: create}
                    backend:
                      s3: {bucket: %s, key: %s, region: %s, use_lockfile: true, dynamodb_table: terraform-locks}
                    """.formatted(BUCKET, KEY, REGION));
            Path out = dir.resolve("out");
            Result synth = cli("synth", "--format", "both", "--config", layout.toString(), "--out", out.toString());
            assertThat(synth.exit()).as(synth.err()).isEqualTo(0);

            Path hclStack = out.resolve("hcl/ai-optout");
            Terraform hcl = s3(new Terraform(hclStack, emulator), emulator);
            // Path-style addressing is a property of the emulator, so it is given here, not in the configuration.
            hcl.run("init", "-input=false", "-no-color", "-backend-config=use_path_style=true")
                    .ok();
            hcl.apply();
            assertThat(http(emulator, "GET", "/" + BUCKET + "?list-type=2", null, "s3", null))
                    .contains("<Key>" + KEY + "</Key>");
            assertThat(http(
                            emulator,
                            "POST",
                            "/",
                            "DynamoDB_20120810.Scan",
                            "dynamodb",
                            "{\"TableName\": \"terraform-locks\"}"))
                    .contains(BUCKET + "/" + KEY + "-md5");
            try (Stream<Path> files = Files.walk(hclStack)) {
                assertThat(files.map(Path::toString))
                        .noneMatch(f -> f.endsWith(".tfstate") && !f.contains(".terraform"));
            }

            Terraform json = s3(new Terraform(out.resolve("stacks/ai-optout"), emulator), emulator);
            json.run("init", "-input=false", "-no-color", "-backend-config=use_path_style=true")
                    .ok();
            Terraform.Result plan = json.planDetailed();
            assertThat(plan.exit()).as(plan.output()).isEqualTo(0);
            assertThat(new Organizations(emulator).enabledPolicyTypes()).contains("AISERVICES_OPT_OUT_POLICY");
        }

        private static Terraform s3(Terraform terraform, Emulator emulator) {
            return terraform
                    .env("AWS_ENDPOINT_URL_S3", emulator.endpoint().toString())
                    .env("AWS_ENDPOINT_URL_DYNAMODB", emulator.endpoint().toString());
        }

        /** An unsigned request to the emulator (which does not check signatures), scoped to the region. */
        private static String http(
                Emulator emulator, String method, String path, String target, String service, String body)
                throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            emulator.endpoint().resolve(path))
                    .header(
                            "Authorization",
                            "AWS4-HMAC-SHA256 Credential=testing/20240101/" + REGION + "/" + service
                                    + "/aws4_request, SignedHeaders=host, Signature=0")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (target != null) {
                request.header("X-Amz-Target", target).header("Content-Type", "application/x-amz-json-1.0");
            }
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as(method + " " + path + ": " + response.body())
                    .isEqualTo(200);
            return response.body();
        }
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(e.getKey());
                out.addAll(keys(e.getValue()));
            }
        } else if (node.isArray()) {
            node.forEach(n -> out.addAll(keys(n)));
        }
        return out;
    }

    record Result(int exit, String out, String err) {}

    private static Result cli(String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }
}
