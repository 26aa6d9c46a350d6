package dev.aioptout.hcl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aioptout.policy.CanonicalJson;
import dev.aioptout.testing.ExternalTools;
import dev.aioptout.testing.Gen;
import dev.aioptout.testing.NeedsTerraform;
import dev.aioptout.testing.SeededTries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Random Terraform JSON documents (resources with random attribute names, nested maps and lists,
 * strings with quotes, backslashes, control characters, unicode and templates, numbers, booleans,
 * lifecycle blocks with conditions, policy-like JSON strings, variables, outputs, locals) rendered
 * as HCL are never rewritten by {@code terraform fmt}: every try writes its file, and one
 * {@code terraform fmt -check -list=true -recursive} after the last try must list none of them.
 * Expressions inside {@code ${...}} are passed through verbatim by the renderer, so the random
 * ones are written the way fmt writes expressions.
 */
class TerraformFmtPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long SEED = 0x5EED_0201L;
    private static final int TRIES = 40;

    /** Names the renderer treats as blocks or meta-arguments in a resource, and HCL's keywords. */
    private static final Set<String> RESERVED = Set.of(
            "lifecycle",
            "provisioner",
            "connection",
            "dynamic",
            "timeouts",
            "depends_on",
            "for_each",
            "count",
            "provider",
            "for",
            "in",
            "if",
            "true",
            "false",
            "null");

    /** Whole-string interpolations, written as fmt writes expressions. */
    private static final List<String> EXPRESSIONS = List.of(
            "${var.name}",
            "${aws_s3_bucket.b.id}",
            "${aws_organizations_organization.organization.roots[0].id}",
            "${length(var.list) > 0 ? \"a\" : \"b\"}",
            "${{ for k, v in var.m : k => v }}",
            "${[for s in var.l : upper(s)]}",
            "${merge(var.tags, { extra = \"x\" })}",
            "${var.count * 2 + 1}",
            "${try(var.obj.key, null)}",
            "${jsonencode({ a = \"}\" })}");

    /** Pieces of strings: templates, escapes, surrogate pairs and text with quotes, backslashes and control characters. */
    private static final List<String> FRAGMENTS = List.of(
            "${var.name}",
            "${aws_s3_bucket.b.id}/",
            "${upper(var.x)}",
            "$${literal}",
            "%%{literal}",
            "%{if var.on}yes%{endif}",
            "$5",
            "100% ",
            "😀",
            "日本語",
            "\u2028",
            "\"",
            "\\",
            "\\\\",
            "\\n",
            "\n",
            "\r\n",
            "\t",
            "\u0001",
            "\u007f",
            "{",
            "}",
            "{}",
            "[1]",
            "<&>",
            "'",
            "//",
            "#",
            "/*",
            "é");

    private static final String PLAIN =
            "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 _-.,:;!?@#&*+=/|^~()[]<>'\"\\éßçøåΩж中文";

    @Test
    @NeedsTerraform
    void terraformFmtRewritesNoRenderedDocument() throws Exception {
        Path terraform = ExternalTools.required(
                "terraform", "the property that rendered HCL is fmt-clean needs the terraform binary");
        Path dir = Files.createTempDirectory("terraform-fmt-property-");
        List<Path> written = new ArrayList<>();

        List<ObjectNode> documents = SeededTries.check(
                SEED, TRIES, gen -> new RandomDocuments(gen).document(), TerraformFmtPropertyTest::json, document -> {
                    String hcl = TerraformHcl.render(document);
                    assertThat(hcl)
                            .endsWith("\n")
                            .doesNotEndWith("\n\n")
                            .doesNotContain("\t")
                            .doesNotContain(" \n");
                    Path folder = Files.createDirectories(dir.resolve(folderOf(written.size() + 1)));
                    Files.writeString(folder.resolve("main.tf"), hcl, StandardCharsets.UTF_8);
                    Files.writeString(folder.resolve("input.json"), json(document), StandardCharsets.UTF_8);
                    written.add(folder);
                });
        assertThat(written).as("documents rendered").hasSize(TRIES);

        ProcessBuilder builder = new ProcessBuilder(
                terraform.toString(),
                "fmt",
                "-check",
                "-recursive",
                "-list=true",
                "-diff",
                "-no-color",
                dir.toString());
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        builder.environment().put("TF_CLI_CONFIG_FILE", "");
        Path stderr = Files.createTempFile("terraform-fmt-", ".err");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        String listed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES))
                .as("terraform fmt finished")
                .isTrue();
        String errors = Files.readString(stderr);
        Files.delete(stderr);
        assertThat(listed).as(() -> rewritten(listed, documents, dir)).isEmpty();
        assertThat(process.exitValue())
                .as("terraform fmt exit status; it said: " + errors)
                .isEqualTo(0);
        deleteTree(dir);
    }

    private static String folderOf(int tryNumber) {
        return "try-%03d".formatted(tryNumber);
    }

    /** Which tries fmt rewrote, with the seed and input of each (the files stay in {@code dir}). */
    private static String rewritten(String listed, List<ObjectNode> documents, Path dir) {
        StringBuilder out = new StringBuilder("terraform fmt rewrote rendered files (kept in " + dir + "):\n" + listed);
        for (int n = 1; n <= documents.size(); n++) {
            if (listed.contains(folderOf(n))) {
                out.append("%ntry %d (test seed 0x%X, try seed %dL), input:%n%s"
                        .formatted(n, SEED, SeededTries.trySeed(SEED, n), json(documents.get(n - 1))));
            }
        }
        return out.toString();
    }

    private static String json(Object document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- generators ------------------------------------------------------------------------

    /** Random Terraform JSON documents, drawn from one {@link Gen}. */
    private static final class RandomDocuments {

        private final Gen gen;

        RandomDocuments(Gen gen) {
            this.gen = gen;
        }

        ObjectNode document() {
            Map<String, ObjectNode> resources = gen.map(1, 3, this::resourceType, this::resourcesOfAType);
            ObjectNode extras = optionalSections();
            ObjectNode root = NODES.objectNode();
            ObjectNode resource = NODES.objectNode();
            resources.forEach(resource::set);
            // JSON key order must not matter: sometimes the resources come last.
            if (gen.between(0, 3) == 0) {
                root.setAll(extras);
                root.set("resource", resource);
            } else {
                root.set("resource", resource);
                root.setAll(extras);
            }
            return root;
        }

        private String resourceType() {
            return "aws_" + identifier();
        }

        private ObjectNode resourcesOfAType() {
            ObjectNode o = NODES.objectNode();
            gen.map(1, 3, () -> identifier() + gen.oneOf("", "-lex", "_111122223333", "-a_b"), this::resourceBody)
                    .forEach(o::set);
            return o;
        }

        private ObjectNode resourceBody() {
            Map<String, JsonNode> attributes = gen.map(0, 6, this::identifier, () -> value(3));
            Optional<JsonNode> tags = gen.maybe(0.5, () -> stringMap(this::stringValue));
            Optional<JsonNode> lifecycle = gen.maybe(0.5, this::lifecycle);
            Optional<JsonNode> dependsOn = gen.maybe(
                    0.3,
                    () -> strings(gen.list(
                            1,
                            3,
                            () -> gen.oneOf(
                                    "aws_a.b",
                                    "aws_organizations_organization.organization",
                                    "module.m",
                                    "data.aws_x.y"))));
            Optional<JsonNode> forEach = gen.maybe(0.2, () -> NODES.textNode(gen.oneOf(EXPRESSIONS)));
            Optional<JsonNode> timeouts =
                    gen.maybe(0.1, () -> NODES.objectNode().put("create", gen.oneOf("5m", "10m")));
            int order = gen.between(0, 2);

            ObjectNode body = NODES.objectNode();
            if (order == 0) {
                // Blocks before attributes in the JSON: the HCL puts attributes first either way.
                lifecycle.ifPresent(v -> body.set("lifecycle", v));
                timeouts.ifPresent(v -> body.set("timeouts", v));
            }
            forEach.ifPresent(v -> body.set("for_each", v));
            if (order == 1) {
                body.putObject("//").putObject("metadata").put("path", "stack/resource");
            }
            attributes.forEach(body::set);
            tags.ifPresent(v -> body.set("tags", v));
            dependsOn.ifPresent(v -> body.set("depends_on", v));
            if (order != 0) {
                timeouts.ifPresent(v -> body.set("timeouts", v));
                lifecycle.ifPresent(v -> body.set("lifecycle", v));
            }
            return body;
        }

        private JsonNode lifecycle() {
            ObjectNode l = NODES.objectNode();
            gen.maybe(0.5, () -> gen.oneOf(true, false)).ifPresent(b -> l.put("prevent_destroy", b));
            gen.maybe(0.5, () -> gen.oneOf(true, false)).ifPresent(b -> l.put("create_before_destroy", b));
            gen.maybe(
                            0.4,
                            () -> gen.<JsonNode>either(
                                    () -> strings(gen.list(1, 3, this::identifier)), () -> NODES.textNode("all")))
                    .ifPresent(v -> l.set("ignore_changes", v));
            List<JsonNode> pre = gen.list(0, 2, this::condition);
            List<JsonNode> post = gen.list(0, 2, this::condition);
            if (!pre.isEmpty()) {
                l.putArray("precondition").addAll(pre);
            }
            if (!post.isEmpty()) {
                l.putArray("postcondition").addAll(post);
            }
            return l;
        }

        private JsonNode condition() {
            ObjectNode o = NODES.objectNode();
            o.put("condition", gen.oneOf(EXPRESSIONS));
            o.put("error_message", text());
            return o;
        }

        /** Variables, outputs, locals, a data source, a provider and a terraform block, each maybe. */
        private ObjectNode optionalSections() {
            Optional<JsonNode> variable = gen.maybe(0.5, () -> {
                ObjectNode v = NODES.objectNode();
                ObjectNode spec = v.putObject(identifier());
                spec.set("default", value(2));
                spec.put("description", text());
                spec.put(
                        "type",
                        gen.oneOf(
                                "string", "list(string)", "map(object({ a = string, b = optional(number) }))", "any"));
                List<JsonNode> validations = gen.list(0, 2, this::condition);
                if (!validations.isEmpty()) {
                    spec.putArray("validation").addAll(validations);
                }
                return v;
            });
            Optional<JsonNode> output = gen.maybe(0.5, () -> {
                ObjectNode o = NODES.objectNode();
                o.putObject(identifier())
                        .put("description", "an output")
                        .put("sensitive", gen.oneOf(true, false))
                        .set("value", value(2));
                return o;
            });
            // Local names, like attribute names, are identifiers.
            Optional<JsonNode> locals = gen.maybe(0.5, () -> {
                ObjectNode o = NODES.objectNode();
                gen.map(1, 4, this::identifier, () -> value(2)).forEach(o::set);
                return o;
            });
            Optional<JsonNode> data = gen.maybe(0.4, () -> {
                ObjectNode d = NODES.objectNode();
                d.putObject("aws_organizations_organization")
                        .putObject("current")
                        .set("lifecycle", lifecycle());
                return d;
            });
            Optional<JsonNode> terraform = gen.maybe(0.4, () -> {
                ObjectNode t = NODES.objectNode();
                t.putObject("required_providers")
                        .putObject("aws")
                        .put("source", "hashicorp/aws")
                        .put("version", ">= 5.0");
                t.putObject("backend")
                        .putObject("s3")
                        .put("bucket", "b")
                        .put("key", text())
                        .put("use_lockfile", gen.oneOf(true, false));
                return t;
            });
            Optional<JsonNode> provider = gen.maybe(0.4, () -> {
                ObjectNode p = NODES.objectNode();
                ObjectNode aws = p.putObject("aws");
                aws.put("region", "us-east-1");
                aws.putArray("default_tags").addObject().set("tags", stringMap(this::stringValue));
                return p;
            });
            ObjectNode extras = NODES.objectNode();
            terraform.ifPresent(x -> extras.set("terraform", x));
            provider.ifPresent(x -> extras.set("provider", x));
            variable.ifPresent(x -> extras.set("variable", x));
            locals.ifPresent(x -> extras.set("locals", x));
            data.ifPresent(x -> extras.set("data", x));
            output.ifPresent(x -> extras.set("output", x));
            return extras;
        }

        /** Any attribute value, nesting at most {@code depth} levels of lists and maps. */
        private JsonNode value(int depth) {
            List<Supplier<JsonNode>> choices = new ArrayList<>(List.<Supplier<JsonNode>>of(
                    this::stringValue,
                    () -> NODES.numberNode(gen.anyInt()),
                    () -> NODES.numberNode(gen.anyLong()),
                    () -> NODES.numberNode(gen.oneOf(0.5, -1.25, 3.0e-7, 1.0e10, 2.5)),
                    () -> NODES.booleanNode(gen.oneOf(true, false)),
                    NODES::nullNode));
            if (depth > 0) {
                choices.add(() -> list(gen.list(0, 4, () -> value(depth - 1))));
                choices.add(() -> stringMap(() -> value(depth - 1)));
                // Lists of only strings, sometimes long enough to be written one element a line.
                choices.add(() -> strings(gen.list(0, 12, this::text)));
            }
            return gen.oneOf(choices).get();
        }

        private JsonNode stringValue() {
            return gen.weighted(
                    Gen.weight(6, () -> NODES.textNode(text())),
                    Gen.weight(2, () -> NODES.textNode(gen.oneOf(EXPRESSIONS))),
                    Gen.weight(2, () -> NODES.textNode(CanonicalJson.write(policyDocument(2)))),
                    Gen.weight(1, () -> NODES.textNode(json(policyDocument(2)))));
        }

        /** A map attribute with keys of every shape: identifiers, keywords, spaces, quotes, unicode, template-like text. */
        private JsonNode stringMap(Supplier<JsonNode> values) {
            Supplier<String> key = () -> gen.weighted(
                    Gen.weight(2, this::identifier),
                    Gen.weight(1, this::text),
                    Gen.weight(
                            4,
                            () -> gen.oneOf(
                                    "for",
                                    "null",
                                    "true",
                                    "in",
                                    "if",
                                    "",
                                    "a b",
                                    "ai-optout:exception",
                                    "@@assign",
                                    "quote\"d",
                                    "back\\slash",
                                    "x${y}",
                                    "//",
                                    "é",
                                    "9lives",
                                    "with-dash",
                                    "line\nbreak",
                                    // Columns are grapheme clusters for fmt: a surrogate pair, a combining accent, a
                                    // flag, a joined emoji.
                                    "😀",
                                    "e\u0301t\u00e9",
                                    "🇯🇵",
                                    "👩\u200d💻",
                                    "日本")));
            ObjectNode o = NODES.objectNode();
            gen.map(0, 5, key, values).forEach(o::set);
            return o;
        }

        /** A plain JSON document (what a policy's content is): string leaves, lists and objects. */
        private Map<String, Object> policyDocument(int depth) {
            Supplier<Object> leaf = () -> gen.<Object>either(
                    this::plainText, gen::anyInt, () -> gen.oneOf(true, false), () -> gen.list(0, 3, this::plainText));
            Supplier<Object> entry = depth == 0
                    ? leaf
                    : () -> gen.<Object>either(
                            leaf,
                            () -> policyDocument(depth - 1),
                            // Lists of objects, as in IAM-style statements.
                            () -> gen.list(1, 2, () -> policyDocument(0)));
            Supplier<String> key =
                    () -> gen.either(this::identifier, this::plainText, () -> gen.oneOf("@@assign", "Statement"));
            return new TreeMap<>(gen.map(1, 4, key, entry));
        }

        /** Text with template sequences, escapes, control characters and unicode, always a valid template. */
        private String text() {
            return String.join(
                    "",
                    gen.list(
                            0,
                            6,
                            () -> gen.weighted(
                                    Gen.weight(3, this::plainText), Gen.weight(2, () -> gen.oneOf(FRAGMENTS)))));
        }

        /** Text without $ or %, so it never starts a template sequence. */
        private String plainText() {
            return gen.string(PLAIN + "\n\t", 0, 12);
        }

        private String identifier() {
            return gen.suchThat(
                    () -> gen.string("abcdefghijklmnopqrstuvwxyz", 1, 1)
                            + gen.string("abcdefghijklmnopqrstuvwxyz_07", 0, 10),
                    s -> !RESERVED.contains(s));
        }

        private static JsonNode list(List<JsonNode> items) {
            ArrayNode a = NODES.arrayNode();
            items.forEach(a::add);
            return a;
        }

        private static JsonNode strings(List<String> items) {
            ArrayNode a = NODES.arrayNode();
            items.forEach(a::add);
            return a;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
