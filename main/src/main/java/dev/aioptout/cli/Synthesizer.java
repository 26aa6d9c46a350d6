package dev.aioptout.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import dev.aioptout.constructs.AiOptOutStack;
import dev.aioptout.hcl.TerraformHcl;
import dev.aioptout.plan.PolicyPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the CDKTF app for a plan. Synthesis goes to a fresh folder next to the output; only when it
 * succeeded are the generated files moved into the output, each by an atomic rename, so a failure
 * leaves the output exactly as it was. What Terraform keeps in a stack folder (local state,
 * {@code .terraform/}) is never touched, and stack folders a previous run generated but this one
 * did not are removed when they hold nothing else.
 */
final class Synthesizer {

    static final String STACK_FILE = "cdk.tf.json";
    static final String HCL_FILE = "main.tf";
    /** Where {@code --format both} puts the HCL, beside the JSON stacks (one folder cannot hold both). */
    static final String HCL_FOLDER = "hcl";

    /** What synth writes. */
    enum OutputFormat {
        /** {@code stacks/<stack>/cdk.tf.json}, as CDKTF writes it. */
        json,
        /** {@code stacks/<stack>/main.tf} instead. */
        hcl,
        /** The JSON stacks, and {@code hcl/<stack>/main.tf}. */
        both,
        /** {@code cloudformation/<stack>.template.json} only, from the same proven plan; no Terraform. */
        cloudformation
    }

    private Synthesizer() {}

    /**
     * Synthesises straight into {@code outdir} (or CDKTF_OUTDIR when null): the cdktf-cli app path.
     * Runs on the CDKTF thread, where {@link CdktfThread#warmUp()} may already have loaded the bindings.
     */
    static void synthInto(PolicyPlan plan, String outdir) {
        CdktfThread.run(() -> {
            // CDKTF validates a cloud block by running `terraform version`; synth must not need Terraform.
            AppConfig.Builder config = AppConfig.builder()
                    .stackTraces(false)
                    .skipValidation(plan.layout().backend() instanceof dev.aioptout.layout.Layout.CloudBackend);
            if (outdir != null) {
                config.outdir(outdir);
            }
            App app = new App(config.build());
            new AiOptOutStack(app, plan);
            app.synth();
        });
    }

    /** Synthesises to a temporary sibling folder, then publishes the generated files into {@code out}. */
    static void synthPublishing(PolicyPlan plan, Path out, OutputFormat format, PrintWriter err) throws IOException {
        Path absolute = out.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".staging-");
        try {
            synthInto(plan, staging.toString());
            if (format != OutputFormat.json) {
                renderHcl(staging, plan.layout().stackName(), format);
            }
            publish(staging, absolute, err);
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * Writes files (by path relative to {@code out}, folders allowed) into a staging folder beside
     * {@code out}, then moves each into place; other files in {@code out} stay.
     */
    static void publishFiles(java.util.Map<String, String> files, Path out) throws IOException {
        Path absolute = out.toAbsolutePath().normalize();
        Files.createDirectories(absolute);
        Path staging = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + ".staging-");
        try {
            for (var file : files.entrySet()) {
                Path staged = staging.resolve(file.getKey());
                Files.createDirectories(staged.getParent());
                Files.writeString(staged, file.getValue());
            }
            for (String name : files.keySet()) {
                Path target = absolute.resolve(name);
                Files.createDirectories(target.getParent());
                move(staging.resolve(name), target);
            }
        } finally {
            deleteTree(staging);
        }
    }

    /** HCL rendered from the synthesised JSON, so both forms always describe the same configuration. */
    private static void renderHcl(Path staging, String stack, OutputFormat format) throws IOException {
        Path json = staging.resolve("stacks").resolve(stack).resolve(STACK_FILE);
        String hcl = TerraformHcl.render(new ObjectMapper().readTree(json.toFile()));
        if (format == OutputFormat.both) {
            Path folder = Files.createDirectories(staging.resolve(HCL_FOLDER).resolve(stack));
            Files.writeString(folder.resolve(HCL_FILE), hcl);
            return;
        }
        Files.writeString(json.resolveSibling(HCL_FILE), hcl);
        Files.delete(json);
        Path manifest = staging.resolve("manifest.json");
        String pointer = "stacks/" + stack + "/";
        Files.writeString(
                manifest,
                Files.readString(manifest)
                        .replace("\"" + pointer + STACK_FILE + "\"", "\"" + pointer + HCL_FILE + "\""));
    }

    private static void publish(Path staging, Path out, PrintWriter err) throws IOException {
        List<Path> generated = files(staging);
        // Stacks first, the manifest that names them last.
        generated.sort((a, b) -> Boolean.compare(
                a.toString().equals("manifest.json"), b.toString().equals("manifest.json")));
        for (Path relative : generated) {
            Path target = out.resolve(relative.toString());
            Files.createDirectories(target.getParent());
            move(staging.resolve(relative), target);
        }
        removeStaleStacks(new java.util.HashSet<>(generated), out, err);
    }

    /**
     * Generated files this run did not write (another stack name, the other format) are removed,
     * and their folders with them when nothing else is left; a folder holding anything else
     * (Terraform state, .terraform/) is kept, with a warning when its stack is gone.
     */
    private static void removeStaleStacks(java.util.Set<Path> generated, Path out, PrintWriter err) throws IOException {
        for (String area : List.of("stacks", HCL_FOLDER)) {
            Path folders = out.resolve(area);
            if (!Files.isDirectory(folders)) {
                continue;
            }
            try (Stream<Path> list = Files.list(folders)) {
                for (Path folder : list.filter(Files::isDirectory).sorted().toList()) {
                    Path current = Path.of(area, folder.getFileName().toString());
                    boolean stillGenerated = false;
                    for (String file : List.of(STACK_FILE, HCL_FILE)) {
                        if (generated.contains(current.resolve(file))) {
                            stillGenerated = true;
                        } else {
                            Files.deleteIfExists(folder.resolve(file));
                        }
                    }
                    try (Stream<Path> left = Files.list(folder)) {
                        if (left.findAny().isEmpty()) {
                            Files.delete(folder);
                        } else if (!stillGenerated) {
                            err.println("ai-optout: kept " + out.relativize(folder)
                                    + ": it is no longer generated but holds"
                                    + " other files (Terraform state?); remove it once its resources are handled");
                        }
                    }
                }
            }
            try (Stream<Path> left = Files.list(folders)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(folders);
                }
            }
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile)
                    .map(root::relativize)
                    .sorted()
                    .toList());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
