package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.jsii.JsiiEngine;

/**
 * {@link KernelExit}: jsii's fields are where it reads them (a canary for jsii upgrades: without
 * them the lever is silently off), and it interrupts jsii's error-copying thread only when nothing
 * is left to copy. main's CdktfRuntimeTest checks, on every switch, that what the kernel prints as
 * it exits still reaches the command's output.
 */
class KernelExitTest {

    @Test
    void findsJsiisKernelProcessAndTheThreadThatCopiesItsErrors() {
        CdktfThread.run(() -> {});

        KernelExit.Kernel kernel = KernelExit.find(JsiiEngine.getInstance()).orElseThrow();

        assertThat(kernel.process().isAlive()).isTrue();
        assertThat(kernel.errorCopier().getName()).isEqualTo(NodeOutputFilter.JSII_STDERR_THREAD);
        assertThat(kernel.errorCopier().isAlive()).isTrue();
        assertThat(kernel.errorStream()).isSameAs(kernel.process().getErrorStream());
    }

    @Test
    void aCopierWithNothingLeftIsInterruptedOnceTheKernelHasExited() throws Exception {
        Process kernel = new ProcessBuilder("sh", "-c", "exit 0").start();
        Napper copier = new Napper();

        KernelExit.end(
                new KernelExit.Kernel(kernel, copier.thread, kernel.getErrorStream(), new ByteArrayOutputStream()));

        copier.thread.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(copier.interrupted).isTrue();
    }

    @Test
    void aCopierWithBytesStillInThePipeIsLeftToCopyThem() throws Exception {
        Process kernel = new ProcessBuilder("sh", "-c", "echo last words >&2").start();
        Napper copier = new Napper();

        KernelExit.end(
                new KernelExit.Kernel(kernel, copier.thread, kernel.getErrorStream(), new ByteArrayOutputStream()));

        assertThat(copier.interrupted).isFalse();
        assertThat(new String(kernel.getErrorStream().readAllBytes())).isEqualTo("last words\n");
        copier.stop();
    }

    @Test
    void aCopierHoldingHalfALineIsLeftToFinishIt() throws Exception {
        Process kernel = new ProcessBuilder("sh", "-c", "exit 0").start();
        Napper copier = new Napper();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.write('{');

        KernelExit.end(new KernelExit.Kernel(kernel, copier.thread, kernel.getErrorStream(), line));

        assertThat(copier.interrupted).isFalse();
        copier.stop();
    }

    /** Naps as jsii's ErrorStreamSink does between looks at the pipe, and notes an interruption. */
    private static final class Napper {
        final Thread thread;
        volatile boolean interrupted;
        private final AtomicBoolean stopped = new AtomicBoolean();

        Napper() throws InterruptedException {
            CountDownLatch napping = new CountDownLatch(1);
            thread = new Thread(() -> {
                try {
                    while (!stopped.get()) {
                        napping.countDown();
                        Thread.sleep(100);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            });
            thread.setDaemon(true);
            thread.start();
            napping.await();
        }

        void stop() throws InterruptedException {
            stopped.set(true);
            thread.join();
        }
    }
}
