package dev.aioptout.cli;

import dev.aioptout.output.Publisher;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.runtime.CdktfThread;
import dev.aioptout.runtime.JsiiLevers;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * CDKTF synthesises the plan while the layout is still being proven (lever {@code early-synth}):
 * on a layout of thousands of accounts each takes a few hundred milliseconds, and they need
 * different processors. CDKTF writes into a temporary folder of its own, because the output
 * folder is opened ({@link Publisher#open}, its lock taken) only once the proof passed, as
 * without this lever; {@link #into} then moves what it wrote into the publisher's scratch folder.
 * A proof that fails throws before that: nothing CDKTF wrote is published, and {@link #close}
 * removes it once CDKTF is done with it.
 *
 * <p>Without the lever (or when no temporary folder can be made) CDKTF synthesises straight into
 * the scratch folder after the proof, as before.
 */
final class EarlySynth implements AutoCloseable {

    private final boolean enabled;
    private PolicyPlan plan;
    private Path folder;
    private CdktfThread.Task task;
    /** Removes the temporary folder when the run is stopped (SIGTERM, SIGINT) before {@link #close}. */
    private Thread cleanUp;

    EarlySynth(boolean enabled) {
        this.enabled = enabled && JsiiLevers.EARLY_SYNTH.on();
    }

    /** The plan is made, its proof not yet run: CDKTF starts on it. */
    void start(PolicyPlan made) {
        if (!enabled || task != null) {
            return;
        }
        try {
            folder = Files.createTempDirectory("ai-optout-synth-");
        } catch (IOException | UnsupportedOperationException e) {
            // No temporary folder: CDKTF runs after the proof, into the scratch folder.
            return;
        }
        plan = made;
        Path temporary = folder;
        cleanUp = new Thread(() -> remove(temporary), "ai-optout early synth clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        task = Synthesizer.start(made, folder.toString());
    }

    /**
     * The stack of the proven {@code proven} in {@code scratch}: what CDKTF wrote for it early,
     * moved there, or synthesised now. What CDKTF threw is thrown here.
     */
    void into(Path scratch, PolicyPlan proven) throws IOException {
        if (task == null || plan != proven) {
            Synthesizer.synthInto(proven, scratch.toString());
            return;
        }
        task.await();
        move(folder, scratch);
    }

    /** Waits for CDKTF to finish with the temporary folder, then removes it. */
    @Override
    public void close() {
        if (task == null) {
            return;
        }
        task.settle();
        remove(folder);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        } catch (IllegalStateException e) {
            // The JVM is shutting down already: the hook has run or runs.
        }
    }

    private static void remove(Path folder) {
        try {
            Publisher.deleteTree(folder);
        } catch (IOException e) {
            // A temporary folder left behind is no reason to fail a run, as for jsii's own.
        }
    }

    /** Every file under {@code from} to the same place under {@code to} (another file system, possibly). */
    private static void move(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.move(file, to.resolve(from.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
