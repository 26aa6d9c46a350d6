package dev.aioptout.cli;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import dev.aioptout.constructs.AiOptOutStack;
import dev.aioptout.plan.PolicyPlan;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Runs the CDKTF app for a plan. Writes into a fresh folder next to the output and moves it into
 * place only when synthesis succeeded, so a failure leaves the output exactly as it was and no
 * stale stack folder survives a rename.
 */
final class Synthesizer {

    private Synthesizer() {
    }

    /** Synthesises straight into {@code outdir} (or CDKTF_OUTDIR when null): the cdktf-cli app path. */
    static void synthInto(PolicyPlan plan, String outdir) {
        AppConfig.Builder config = AppConfig.builder().stackTraces(false);
        if (outdir != null) {
            config.outdir(outdir);
        }
        App app = new App(config.build());
        new AiOptOutStack(app, plan);
        app.synth();
    }

    /** Synthesises to a temporary sibling folder, then swaps it in for {@code out}. */
    static void synthReplacing(PolicyPlan plan, Path out) throws IOException {
        Path absolute = out.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".staging-");
        Path previous = parent.resolve("." + absolute.getFileName() + ".previous-" + ProcessHandle.current().pid());
        try {
            synthInto(plan, staging.toString());
            if (Files.exists(absolute)) {
                move(absolute, previous);
            }
            try {
                move(staging, absolute);
            } catch (IOException e) {
                if (Files.exists(previous)) {
                    move(previous, absolute);
                }
                throw e;
            }
            deleteTree(previous);
        } finally {
            deleteTree(staging);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
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
