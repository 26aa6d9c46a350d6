package dev.aioptout.hcl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aioptout.policy.CanonicalJson;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

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
    private static final int TRIES = 30;

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

    private static Path dir;
    private static final Map<String, JsonNode> written = new LinkedHashMap<>();
    private static Path terraform;

    private static final String MISSING =
            "terraform is not on PATH: the property that rendered HCL is fmt-clean needs the terraform binary";

    /** Skips the property, with a message, when terraform is missing; under CI=true it runs, and fails. */
    static final class TerraformOnPath implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return onPath("terraform").isPresent() || "true".equals(System.getenv("CI"))
                    ? SkipResult.doNotSkip()
                    : SkipResult.skip(MISSING);
        }
    }

    @BeforeProperty
    void findTerraform() throws IOException {
        Optional<Path> found = onPath("terraform");
        if (found.isEmpty()) {
            throw new AssertionError("CI=true and " + MISSING);
        }
        terraform = found.get();
        dir = Files.createTempDirectory("terraform-fmt-property-");
        written.clear();
    }

    @Property(tries = TRIES)
    @AddLifecycleHook(TerraformOnPath.class)
    void renderedDocumentsAreWrittenForOneFmtCheck(@ForAll("documents") ObjectNode document) throws IOException {
        String hcl = TerraformHcl.render(document);
        assertThat(hcl)
                .endsWith("\n")
                .doesNotEndWith("\n\n")
                .doesNotContain("\t")
                .doesNotContain(" \n");
        Path folder = Files.createDirectories(dir.resolve("try-%03d".formatted(written.size())));
        Files.writeString(folder.resolve("main.tf"), hcl, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("input.json"), JSON.writeValueAsString(document), StandardCharsets.UTF_8);
        written.put(dir.relativize(folder.resolve("main.tf")).toString(), document);
    }

    @AfterProperty
    void terraformFmtRewritesNoneOfThem() throws Exception {
        if (terraform == null || dir == null) {
            return;
        }
        try {
            assertThat(written).as("documents rendered").isNotEmpty();
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
            assertThat(listed)
                    .as("terraform fmt rewrote rendered files (inputs are input.json beside them in " + dir + ")")
                    .isEmpty();
            assertThat(process.exitValue())
                    .as("terraform fmt exit status; it said: " + errors)
                    .isEqualTo(0);
            deleteTree(dir);
        } finally {
            terraform = null;
        }
    }

    // ---- generators ------------------------------------------------------------------------

    @Provide
    Arbitrary<ObjectNode> documents() {
        Arbitrary<Map<String, ObjectNode>> types = Arbitraries.maps(resourceType(), resourcesOfAType())
                .ofMinSize(1)
                .ofMaxSize(3);
        return Combinators.combine(
                        types, optionalSections(), Arbitraries.integers().between(0, 3))
                .as((resources, extras, order) -> {
                    ObjectNode root = NODES.objectNode();
                    ObjectNode resource = NODES.objectNode();
                    resources.forEach(resource::set);
                    // JSON key order must not matter: sometimes the resources come last.
                    if (order == 0) {
                        extras.fields().forEachRemaining(e -> root.set(e.getKey(), e.getValue()));
                        root.set("resource", resource);
                    } else {
                        root.set("resource", resource);
                        extras.fields().forEachRemaining(e -> root.set(e.getKey(), e.getValue()));
                    }
                    return root;
                });
    }

    private Arbitrary<String> resourceType() {
        return identifier().map(s -> "aws_" + s);
    }

    private Arbitrary<ObjectNode> resourcesOfAType() {
        Arbitrary<String> names = Combinators.combine(identifier(), Arbitraries.of("", "-lex", "_111122223333", "-a_b"))
                .as(String::concat);
        return Arbitraries.maps(names, resourceBody()).ofMinSize(1).ofMaxSize(3).map(m -> {
            ObjectNode o = NODES.objectNode();
            m.forEach(o::set);
            return o;
        });
    }

    private Arbitrary<ObjectNode> resourceBody() {
        Arbitrary<Map<String, JsonNode>> attributes =
                Arbitraries.maps(identifier(), value(3)).ofMinSize(0).ofMaxSize(6);
        Arbitrary<Optional<JsonNode>> tags = stringMap(stringValue()).optional(0.5);
        Arbitrary<Optional<JsonNode>> lifecycle = lifecycle().optional(0.5);
        Arbitrary<Optional<JsonNode>> dependsOn = Arbitraries.of(
                        "aws_a.b", "aws_organizations_organization.organization", "module.m", "data.aws_x.y")
                .list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(this::strings)
                .optional(0.3);
        Arbitrary<Optional<JsonNode>> forEach = Arbitraries.of(EXPRESSIONS)
                .map(s -> (JsonNode) NODES.textNode(s))
                .optional(0.2);
        Arbitrary<Optional<JsonNode>> timeouts = Arbitraries.of("5m", "10m")
                .map(t -> (JsonNode) NODES.objectNode().put("create", t))
                .optional(0.1);
        return Combinators.combine(
                        attributes,
                        tags,
                        lifecycle,
                        dependsOn,
                        forEach,
                        timeouts,
                        Arbitraries.integers().between(0, 2))
                .as((attrs, t, l, d, f, to, order) -> {
                    ObjectNode body = NODES.objectNode();
                    if (order == 0) {
                        // Blocks before attributes in the JSON: the HCL puts attributes first either way.
                        l.ifPresent(v -> body.set("lifecycle", v));
                        to.ifPresent(v -> body.set("timeouts", v));
                    }
                    f.ifPresent(v -> body.set("for_each", v));
                    if (order == 1) {
                        body.putObject("//").putObject("metadata").put("path", "stack/resource");
                    }
                    attrs.forEach(body::set);
                    t.ifPresent(v -> body.set("tags", v));
                    d.ifPresent(v -> body.set("depends_on", v));
                    if (order != 0) {
                        to.ifPresent(v -> body.set("timeouts", v));
                        l.ifPresent(v -> body.set("lifecycle", v));
                    }
                    return body;
                });
    }

    private Arbitrary<JsonNode> lifecycle() {
        Arbitrary<Optional<Boolean>> flag = Arbitraries.of(true, false).optional(0.5);
        Arbitrary<Optional<JsonNode>> ignore = Arbitraries.oneOf(
                        identifier().list().ofMinSize(1).ofMaxSize(3).map(this::strings),
                        Arbitraries.just((JsonNode) NODES.textNode("all")))
                .optional(0.4);
        Arbitrary<List<JsonNode>> conditions = condition().list().ofMaxSize(2);
        return Combinators.combine(flag, flag, ignore, conditions, conditions).as((prevent, before, ig, pre, post) -> {
            ObjectNode l = NODES.objectNode();
            prevent.ifPresent(b -> l.put("prevent_destroy", b));
            before.ifPresent(b -> l.put("create_before_destroy", b));
            ig.ifPresent(v -> l.set("ignore_changes", v));
            if (!pre.isEmpty()) {
                l.putArray("precondition").addAll(pre);
            }
            if (!post.isEmpty()) {
                l.putArray("postcondition").addAll(post);
            }
            return l;
        });
    }

    private Arbitrary<JsonNode> condition() {
        return Combinators.combine(Arbitraries.of(EXPRESSIONS), text()).as((c, m) -> {
            ObjectNode o = NODES.objectNode();
            o.put("condition", c);
            o.put("error_message", m);
            return o;
        });
    }

    /** Variables, outputs, locals, a data source, a provider and a terraform block, each maybe. */
    private Arbitrary<ObjectNode> optionalSections() {
        Arbitrary<Optional<JsonNode>> variable = Combinators.combine(
                        identifier(),
                        value(2),
                        text(),
                        Arbitraries.of(
                                "string", "list(string)", "map(object({ a = string, b = optional(number) }))", "any"),
                        condition().list().ofMaxSize(2))
                .as((name, dflt, description, type, validations) -> {
                    ObjectNode v = NODES.objectNode();
                    ObjectNode spec = v.putObject(name);
                    spec.put("description", description);
                    spec.put("type", type);
                    spec.set("default", dflt);
                    if (!validations.isEmpty()) {
                        spec.putArray("validation").addAll(validations);
                    }
                    return (JsonNode) v;
                })
                .optional(0.5);
        Arbitrary<Optional<JsonNode>> output = Combinators.combine(identifier(), value(2), Arbitraries.of(true, false))
                .as((name, v, sensitive) -> {
                    ObjectNode o = NODES.objectNode();
                    o.putObject(name)
                            .put("description", "an output")
                            .put("sensitive", sensitive)
                            .set("value", v);
                    return (JsonNode) o;
                })
                .optional(0.5);
        // Local names, like attribute names, are identifiers.
        Arbitrary<Optional<JsonNode>> locals = Arbitraries.maps(identifier(), value(2))
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(m -> {
                    ObjectNode o = NODES.objectNode();
                    m.forEach(o::set);
                    return (JsonNode) o;
                })
                .optional(0.5);
        Arbitrary<Optional<JsonNode>> data = lifecycle()
                .map(l -> {
                    ObjectNode d = NODES.objectNode();
                    ObjectNode body =
                            d.putObject("aws_organizations_organization").putObject("current");
                    body.set("lifecycle", l);
                    return (JsonNode) d;
                })
                .optional(0.4);
        Arbitrary<Optional<JsonNode>> terraform = Combinators.combine(text(), Arbitraries.of(true, false))
                .as((key, lock) -> {
                    ObjectNode t = NODES.objectNode();
                    t.putObject("required_providers")
                            .putObject("aws")
                            .put("source", "hashicorp/aws")
                            .put("version", ">= 5.0");
                    t.putObject("backend")
                            .putObject("s3")
                            .put("bucket", "b")
                            .put("key", key)
                            .put("use_lockfile", lock);
                    return (JsonNode) t;
                })
                .optional(0.4);
        Arbitrary<Optional<JsonNode>> provider = stringMap(stringValue())
                .map(tags -> {
                    ObjectNode p = NODES.objectNode();
                    ObjectNode aws = p.putObject("aws");
                    aws.put("region", "us-east-1");
                    aws.putArray("default_tags").addObject().set("tags", tags);
                    return (JsonNode) p;
                })
                .optional(0.4);
        return Combinators.combine(variable, output, locals, data, terraform, provider)
                .as((v, o, l, d, t, p) -> {
                    ObjectNode extras = NODES.objectNode();
                    t.ifPresent(x -> extras.set("terraform", x));
                    p.ifPresent(x -> extras.set("provider", x));
                    v.ifPresent(x -> extras.set("variable", x));
                    l.ifPresent(x -> extras.set("locals", x));
                    d.ifPresent(x -> extras.set("data", x));
                    o.ifPresent(x -> extras.set("output", x));
                    return extras;
                });
    }

    /** Any attribute value, nesting at most {@code depth} levels of lists and maps. */
    private Arbitrary<JsonNode> value(int depth) {
        List<Arbitrary<JsonNode>> choices = new ArrayList<>(List.of(
                stringValue(),
                Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.longs().map(l -> (JsonNode) NODES.numberNode(l)),
                Arbitraries.of(0.5, -1.25, 3.0e-7, 1.0e10, 2.5).map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b)),
                Arbitraries.just((JsonNode) NODES.nullNode())));
        if (depth > 0) {
            Arbitrary<JsonNode> inner = Arbitraries.lazy(() -> value(depth - 1));
            choices.add(inner.list().ofMaxSize(4).map(this::list));
            choices.add(stringMap(inner));
            // Lists of only strings, sometimes long enough to be written one element a line.
            choices.add(text().list().ofMinSize(0).ofMaxSize(12).map(this::strings));
        }
        return Arbitraries.oneOf(choices);
    }

    private Arbitrary<JsonNode> stringValue() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, text().map(s -> (JsonNode) NODES.textNode(s))),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(EXPRESSIONS).map(s -> (JsonNode) NODES.textNode(s))),
                net.jqwik.api.Tuple.of(2, document(2).map(d -> (JsonNode) NODES.textNode(CanonicalJson.write(d)))),
                net.jqwik.api.Tuple.of(1, document(2).map(d -> (JsonNode) NODES.textNode(pretty(d)))));
    }

    /** A map attribute with keys of every shape: identifiers, keywords, spaces, quotes, unicode, template-like text. */
    private Arbitrary<JsonNode> stringMap(Arbitrary<JsonNode> values) {
        Arbitrary<String> keys = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, identifier()),
                net.jqwik.api.Tuple.of(1, text()),
                net.jqwik.api.Tuple.of(
                        4,
                        Arbitraries.of(
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
                                // Columns are grapheme clusters for fmt: a surrogate pair, a combining accent, a flag,
                                // a joined emoji.
                                "😀",
                                "e\u0301t\u00e9",
                                "🇯🇵",
                                "👩\u200d💻",
                                "日本")));
        return Arbitraries.maps(keys, values).ofMaxSize(5).map(m -> {
            ObjectNode o = NODES.objectNode();
            m.forEach(o::set);
            return o;
        });
    }

    /** A plain JSON document (what a policy's content is): string leaves, lists and objects. */
    private Arbitrary<Map<String, Object>> document(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                plainText().map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.of(true, false).map(b -> (Object) b),
                plainText().list().ofMaxSize(3).map(l -> (Object) l));
        Arbitrary<Object> entry = depth == 0
                ? leaf
                : Arbitraries.oneOf(
                        leaf,
                        Arbitraries.lazy(() -> document(depth - 1)).map(m -> (Object) m),
                        // Lists of objects, as in IAM-style statements.
                        Arbitraries.lazy(() -> document(0))
                                .list()
                                .ofMinSize(1)
                                .ofMaxSize(2)
                                .map(l -> (Object) l));
        return Arbitraries.maps(
                        Arbitraries.oneOf(identifier(), plainText(), Arbitraries.of("@@assign", "Statement")), entry)
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(m -> (Map<String, Object>) new java.util.TreeMap<>(m));
    }

    /** Text with template sequences, escapes, control characters and unicode, always a valid template. */
    private Arbitrary<String> text() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, plainText()), net.jqwik.api.Tuple.of(2, Arbitraries.of(FRAGMENTS)));
        return piece.list().ofMinSize(0).ofMaxSize(6).map(l -> String.join("", l));
    }

    /** Text without $ or %, so it never starts a template sequence. */
    private Arbitrary<String> plainText() {
        return Arbitraries.strings()
                .withChars(PLAIN.toCharArray())
                .withChars('\n', '\t')
                .ofMinLength(0)
                .ofMaxLength(12);
    }

    private Arbitrary<String> identifier() {
        return Combinators.combine(
                        Arbitraries.chars().range('a', 'z'),
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .withChars('_', '0', '7')
                                .ofMaxLength(10))
                .as((first, rest) -> first + rest)
                .filter(s -> !RESERVED.contains(s));
    }

    private JsonNode list(List<JsonNode> items) {
        ArrayNode a = NODES.arrayNode();
        items.forEach(a::add);
        return a;
    }

    private JsonNode strings(List<String> items) {
        ArrayNode a = NODES.arrayNode();
        items.forEach(a::add);
        return a;
    }

    private static String pretty(Map<String, Object> document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
