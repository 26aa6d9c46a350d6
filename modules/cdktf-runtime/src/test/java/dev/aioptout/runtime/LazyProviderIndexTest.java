package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lazy-provider-index.cjs, the script jsii-kernel.sh preloads into jsii's Node.js processes, run in
 * real Node.js against a provider package laid out as a prebuilt CDKTF provider is (an index that
 * only re-exports its modules; each module records when it is evaluated), and against the real
 * @cdktf/provider-aws index, which it must recognise whole. That the real provider gives the same
 * Terraform with the script as without is shown by main's GoldenFilesTest (Surefire runs the kernel
 * through jsii-kernel.sh) and CdktfRuntimeTest (with AI_OPTOUT_JSII=no-lazy-index).
 */
class LazyProviderIndexTest {

    private static final Path SCRIPT = Path.of(System.getProperty("aioptout.runtime"), "lazy-provider-index.cjs");

    /** What the test script prints: modules evaluated on require, the exports' names, and after reading one. */
    private static final String PROBE = """
            globalThis.evaluated = [];
            const provider = require("@cdktf/provider-fake");
            const onRequire = [...globalThis.evaluated];
            const names = Object.keys(provider);
            const value = provider.organizationsPolicy.NAME;
            const again = provider.organizationsPolicy.NAME;
            console.log(JSON.stringify({ onRequire, names, value, again, evaluated: globalThis.evaluated,
                esModule: provider.__esModule, descriptor: Object.getOwnPropertyDescriptor(provider, "organizationsPolicy") }));
            """;

    @TempDir
    Path dir;

    private Path lib;

    @BeforeEach
    void provider() throws IOException {
        lib = Files.createDirectories(dir.resolve("node_modules/@cdktf/provider-fake/lib"));
        Files.writeString(
                lib.resolveSibling("package.json"), "{\"name\": \"@cdktf/provider-fake\", \"main\": \"lib/index.js\"}");
        for (String module : List.of("organizations-policy", "organizations-organization", "provider")) {
            Path folder = Files.createDirectories(lib.resolve(module));
            Files.writeString(
                    folder.resolve("index.js"),
                    "globalThis.evaluated.push(\"" + module + "\");\nexports.NAME = \"" + module + "\";\n");
        }
    }

    @Test
    void aProviderIndexEvaluatesEachModuleOnlyWhenItIsRead() throws Exception {
        writeIndex("");

        JsonNode lazy = probe(true);
        JsonNode eager = probe(false);

        assertThat(lazy.get("onRequire")).isEmpty();
        assertThat(lazy.get("evaluated")).containsExactly(text("organizations-policy"));
        assertThat(eager.get("onRequire")).hasSize(3);
        // The same exports, in the same order, with the same value, once read a plain property.
        assertThat(lazy.get("names")).isEqualTo(eager.get("names"));
        assertThat(names(lazy)).containsExactly("provider", "organizationsPolicy", "organizationsOrganization");
        assertThat(lazy.get("value")).isEqualTo(eager.get("value"));
        assertThat(lazy.get("again")).isEqualTo(text("organizations-policy"));
        assertThat(lazy.get("esModule").asBoolean()).isTrue();
        assertThat(lazy.get("descriptor")).isEqualTo(eager.get("descriptor"));
    }

    @Test
    void anIndexThatDoesAnythingElseLoadsAsUsual() throws Exception {
        writeIndex("globalThis.evaluated.push(\"index\");\n");

        JsonNode lazy = probe(true);

        assertThat(lazy.get("onRequire"))
                .containsExactly(
                        text("provider"),
                        text("organizations-policy"),
                        text("organizations-organization"),
                        text("index"));
        assertThat(lazy.get("names")).isEqualTo(probe(false).get("names"));
    }

    /**
     * The canary for an upgrade of the provider: its real lib/index.js (from the tarball in the
     * provider's jar, the package jsii loads) is recognised, every one of its re-exports, with the
     * request each names; an index the script did not recognise would load eagerly, unnoticed.
     */
    @Test
    void theRealAwsProvidersIndexIsRecognisedWhole() throws Exception {
        com.hashicorp.cdktf.providers.aws.$Module provider = new com.hashicorp.cdktf.providers.aws.$Module();
        String index;
        try (InputStream bundle =
                com.hashicorp.cdktf.providers.aws.$Module.class.getResourceAsStream(provider.getBundleResourceName())) {
            index = Tarball.read(new GZIPInputStream(bundle), "package/lib/index.js"::equals)
                    .get("package/lib/index.js");
        }
        assertThat(index)
                .as("lib/index.js in " + provider.getBundleResourceName())
                .isNotNull();
        Path file = Files.writeString(dir.resolve("index.js"), index);
        // What the index re-exports, read here line by line, independently of the script.
        Map<String, String> reexported = new LinkedHashMap<>();
        Matcher line = Pattern.compile("(?m)^exports\\.(\\w+) = require\\(\"(\\./[^\"]+)\"\\);$")
                .matcher(index);
        while (line.find()) {
            reexported.put(line.group(1), line.group(2));
        }

        JsonNode recognised = node(
                List.of(),
                "const { reexports } = require(process.argv[1]);"
                        + "console.log(JSON.stringify(reexports(require('fs').readFileSync(process.argv[2], 'utf8'))));",
                SCRIPT.toString(),
                file.toString());

        assertThat(recognised.isArray())
                .as("the script recognises the index (null: it would load eagerly)")
                .isTrue();
        Map<String, String> found = new LinkedHashMap<>();
        recognised.forEach(pair -> found.put(pair.get(0).asText(), pair.get(1).asText()));
        assertThat(found).isEqualTo(reexported).hasSizeGreaterThan(1000);
    }

    /** Shaped as @cdktf/provider-aws's lib/index.js; {@code extra} goes before the source map comment. */
    private void writeIndex(String extra) throws IOException {
        Files.writeString(
                lib.resolve("index.js"),
                """
                "use strict";
                /**
                 * Copyright (c) HashiCorp, Inc.
                 * SPDX-License-Identifier: MPL-2.0
                 */
                Object.defineProperty(exports, "__esModule", { value: true });
                exports.organizationsOrganization = exports.organizationsPolicy = exports.provider = void 0;
                exports.provider = require("./provider");
                exports.organizationsPolicy = require("./organizations-policy");
                exports.organizationsOrganization = require("./organizations-organization");
                """ + extra + "// generated by cdktf get\n//# sourceMappingURL=data:application/json;base64,e30=\n");
    }

    private JsonNode probe(boolean preload) throws Exception {
        return node(preload ? List.of("--require=" + SCRIPT) : List.of(), PROBE);
    }

    /**
     * Runs a script in Node.js with these options and arguments, and only them (Surefire's kernel
     * preloads the script too, but not through NODE_OPTIONS); what it printed, as JSON.
     */
    private JsonNode node(List<String> options, String script, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(options);
        command.addAll(List.of("-e", script, "--"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove("NODE_OPTIONS");
        Process node = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(node.getInputStream().readAllBytes());
        assertThat(node.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        return new ObjectMapper().readTree(output);
    }

    private static List<String> names(JsonNode probe) {
        List<String> names = new ArrayList<>();
        probe.get("names").forEach(n -> names.add(n.asText()));
        return names;
    }

    private static JsonNode text(String value) {
        return new ObjectMapper().getNodeFactory().textNode(value);
    }
}
