package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * jsii is not thread-safe, so every CDKTF call runs on one thread (main's ConcurrentSynthTest runs
 * two synths at once through it).
 */
class CdktfThreadTest {

    @Test
    void everyTaskRunsOnTheSameThreadWhichIsNotTheCallers() {
        AtomicReference<Thread> first = new AtomicReference<>();
        AtomicReference<Thread> second = new AtomicReference<>();

        CdktfThread.run(() -> first.set(Thread.currentThread()));
        CompletableFuture.runAsync(() -> CdktfThread.run(() -> second.set(Thread.currentThread())))
                .join();

        assertThat(first.get()).isSameAs(second.get()).isNotSameAs(Thread.currentThread());
        assertThat(first.get().isDaemon()).isTrue();
    }

    @Test
    void whatTheTaskThrowsIsThrownToTheCaller() {
        IllegalStateException failure = new IllegalStateException("jsii said no");

        assertThatThrownBy(() -> CdktfThread.run(() -> {
                    throw failure;
                }))
                .isSameAs(failure);
        // The thread survives a failed task.
        AtomicReference<String> after = new AtomicReference<>();
        CdktfThread.run(() -> after.set("ran"));
        assertThat(after.get()).isEqualTo("ran");
    }
}
