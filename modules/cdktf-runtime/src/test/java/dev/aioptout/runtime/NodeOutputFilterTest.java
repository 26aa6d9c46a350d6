package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Standard error as the user sees it: Node.js's end-of-life banner dropped; what jsii copies from
 * Node.js before its kernel answered held back (a Node.js that cannot start becomes one message),
 * then let through; everything else as it was written, at once, a partial line included.
 */
class NodeOutputFilterTest {

    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private final NodeOutputFilter filter = new NodeOutputFilter(seen);
    private final PrintStream err = new PrintStream(filter, true, StandardCharsets.UTF_8);

    @Test
    void theEndOfLifeBannerAndTheBlankLinesAfterItGo() throws Exception {
        filter.release();
        fromJsii(() -> {
            err.println("before");
            err.println("!".repeat(60));
            err.println("!!  This software uses Node.js 20, which reaches end of life  !!");
            err.println("!".repeat(60));
            err.println();
            err.println("after");
        });

        assertThat(seen.toString(StandardCharsets.UTF_8)).isEqualTo("before\nafter\n");
    }

    @Test
    void anotherThreadsPartialLineReachesTheTerminalAtOnceWhileJsiisIsHeld() throws Exception {
        fromJsii(() -> {
            err.print("node: half a line");
            err.flush();
        });
        // As the progress line redraws itself: a carriage return, the text, no line end.
        err.print("\rai-optout: 0 OUs, 0 accounts read\u001b[K");
        err.flush();

        assertThat(seen.toString(StandardCharsets.UTF_8)).isEqualTo("\rai-optout: 0 OUs, 0 accounts read\u001b[K");

        filter.release();
        fromJsii(() -> err.println(", and its end"));
        err.println("!".repeat(60));

        assertThat(seen.toString(StandardCharsets.UTF_8))
                .as("jsii's line once ended; a line of ours is never taken for the banner's edge")
                .isEqualTo("\rai-optout: 0 OUs, 0 accounts read\u001b[Knode: half a line, and its end\n"
                        + "!".repeat(60) + "\n");
    }

    @Test
    void whatJsiiCopiesFromNodeJsIsHeldUntilTheKernelAnswersThenLetThrough() throws Exception {
        err.println("ai-optout: ours");
        // As jsii's Java runtime prints a line Node.js wrote: the line with its own end, then another.
        fromJsii(() -> {
            err.println("node: --bad is not allowed in NODE_OPTIONS\n");
            err.println("\n");
        });

        assertThat(seen.toString(StandardCharsets.UTF_8)).isEqualTo("ai-optout: ours\n");
        assertThat(filter.held()).containsExactly("node: --bad is not allowed in NODE_OPTIONS");

        filter.release();
        fromJsii(() -> err.println("printed by the kernel"));

        assertThat(seen.toString(StandardCharsets.UTF_8))
                .isEqualTo("ai-optout: ours\nnode: --bad is not allowed in NODE_OPTIONS\nprinted by the kernel\n");
        assertThat(filter.held()).isEmpty();
    }

    /** Runs on a thread named as jsii's Java runtime names the one that copies Node.js's standard error. */
    private static void fromJsii(Runnable print) throws InterruptedException {
        Thread thread = new Thread(print, NodeOutputFilter.JSII_STDERR_THREAD);
        thread.start();
        thread.join();
    }
}
