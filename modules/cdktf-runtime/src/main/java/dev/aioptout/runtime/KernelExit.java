package dev.aioptout.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.jsii.JsiiEngine;

/**
 * The end of a run without jsii's last nap. jsii's Java runtime ends its kernel in a shutdown hook
 * ({@code JsiiRuntime.terminate}): it tells the kernel to exit, then joins the thread that copies
 * the kernel's standard error, and that thread sleeps 100 ms between looks at the pipe, so every
 * command waited up to a tenth of a second (half of it on average) after its work was done.
 *
 * <p>A hook of ours runs beside jsii's: once the kernel has exited, so that nothing more can reach
 * the pipe, and the copying thread has taken everything from it (the pipe and its line buffer are
 * empty) and sleeps, it is interrupted, which ends it at once; jsii's hook then finds it ended.
 * When anything is still to be copied, the thread is left to its next look, as without the hook:
 * nothing Node.js printed is lost. The private fields read here are jsii's
 * (docs/cdktf-runtime.md, assumption 17); when one is missing this lever stays off, which is jsii's
 * stock behaviour.
 */
final class KernelExit {

    /** As long as jsii's own terminate() waits for its kernel. */
    private static final long KERNEL_EXIT_SECONDS = 5;
    /** Two of the copying thread's naps: after that it has looked by itself. */
    private static final long SETTLE_MS = 200;

    /** jsii's pieces this hook reads, found through reflection. */
    record Kernel(Process process, Thread errorCopier, InputStream errorStream, ByteArrayOutputStream lineBuffer) {}

    private KernelExit() {}

    /**
     * Adds the hook for the kernel that {@code engine} started, when jsii's fields are where this
     * class expects them (quietly nothing otherwise, and with {@code AI_OPTOUT_JSII=no-quick-exit}).
     */
    static void watch(JsiiEngine engine) {
        if (!JsiiLevers.QUICK_EXIT.on()) {
            return;
        }
        find(engine)
                .ifPresent(kernel ->
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> end(kernel), "ai-optout kernel exit")));
    }

    /** jsii's kernel process, its error-copying thread, the stream it copies and its line buffer. */
    static Optional<Kernel> find(JsiiEngine engine) {
        try {
            Object runtime = field(JsiiEngine.class, "runtime").get(engine);
            Process process =
                    (Process) field(runtime.getClass(), "childProcess").get(runtime);
            Thread copier =
                    (Thread) field(runtime.getClass(), "errorStreamSink").get(runtime);
            if (process == null || copier == null) {
                return Optional.empty();
            }
            // The same stream the thread reads (Process returns one stream each time).
            InputStream stream = process.getErrorStream();
            ByteArrayOutputStream buffer =
                    (ByteArrayOutputStream) field(copier.getClass(), "buffer").get(copier);
            return Optional.of(new Kernel(process, copier, stream, buffer));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    /** Ends the copying thread once the kernel is gone and the thread has copied all it wrote. */
    static void end(Kernel kernel) {
        try {
            if (!kernel.process().waitFor(KERNEL_EXIT_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS);
            while (kernel.errorCopier().isAlive() && System.nanoTime() < deadline) {
                if (copied(kernel) && kernel.errorCopier().getState() == Thread.State.TIMED_WAITING) {
                    kernel.errorCopier().interrupt();
                    return;
                }
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Nothing left in the pipe, nor half a line in the thread's buffer. */
    private static boolean copied(Kernel kernel) {
        try {
            return kernel.errorStream().available() == 0 && kernel.lineBuffer().size() == 0;
        } catch (IOException e) {
            // Closed: jsii's terminate() read it to its end.
            return true;
        }
    }
}
