package dev.aioptout.runtime;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Standard error of the command line, between what Node.js prints and the user:
 *
 * <ul>
 *   <li>drops the boxed Node.js end-of-life banner that jsii forwards when the launcher's
 *       JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION is not set (a bare {@code java -jar}): the box
 *       starts and ends with a line of exclamation marks; blank lines right after it go too;
 *   <li>holds what jsii's Java runtime copies from Node.js's standard error (on its thread
 *       {@value #JSII_STDERR_THREAD}) until {@link CdktfThread} has seen the kernel answer: when
 *       Node.js cannot start, its output (a line and a blank line each, sometimes a stack trace)
 *       becomes part of one message ({@link NodeStartFailure}) instead of reaching the user as is.
 * </ul>
 *
 * Only what that thread writes is read line by line (a line is held until its end, so the box edge can
 * be recognised). Every other thread's bytes pass straight through as they are written, a partial
 * line included: the progress line of verify and snapshot redraws itself with a carriage return
 * and no line end, and must reach a terminal at once.
 */
public final class NodeOutputFilter extends OutputStream {

    /** The name jsii's Java runtime gives the thread that copies Node.js's standard error (JsiiRuntime.ErrorStreamSink). */
    static final String JSII_STDERR_THREAD = "software.amazon.jsii.JsiiRuntime.ErrorStreamSink";

    private static final int BOX_EDGE_MIN = 20;

    /** The one {@link #install()} put in place, if any. */
    private static volatile NodeOutputFilter installed;

    private final OutputStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final List<String> held = new ArrayList<>();
    private boolean holding = true;
    private boolean inBox;
    private boolean afterBox;

    NodeOutputFilter(OutputStream target) {
        this.target = target;
    }

    /** Makes System.err go through a filter; the command line's first step. */
    public static void install() {
        NodeOutputFilter filter = new NodeOutputFilter(new FileOutputStream(FileDescriptor.err));
        System.setErr(new PrintStream(filter, true, StandardCharsets.UTF_8));
        installed = filter;
    }

    /** The kernel answered: what Node.js printed so far, and all it prints from now on, goes through. */
    static void started() {
        NodeOutputFilter filter = installed;
        if (filter != null) {
            filter.release();
        }
    }

    /** Node.js did not start: the lines it printed, held back (none when no filter is installed). */
    static List<String> heldLines() {
        NodeOutputFilter filter = installed;
        return filter == null ? List.of() : filter.held();
    }

    synchronized List<String> held() {
        return List.copyOf(held);
    }

    synchronized void release() {
        holding = false;
        try {
            for (String text : held) {
                target.write(text.getBytes(StandardCharsets.UTF_8));
                target.write('\n');
            }
            target.flush();
        } catch (IOException e) {
            // Standard error is gone: nothing to tell anyone.
        }
        held.clear();
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (!fromJsii()) {
            target.write(b);
            return;
        }
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws IOException {
        if (!fromJsii()) {
            target.write(bytes, off, len);
            return;
        }
        for (int i = off; i < off + len; i++) {
            line.write(bytes[i]);
            if (bytes[i] == '\n') {
                emit();
            }
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        // jsii's partial line stays held until its end; everything else was written through already.
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (line.size() > 0) {
            target.write(line.toByteArray());
            line.reset();
        }
        target.close();
    }

    /** The thread writing is the one jsii's Java runtime copies Node.js's standard error on. */
    private static boolean fromJsii() {
        return Thread.currentThread().getName().equals(JSII_STDERR_THREAD);
    }

    private void emit() throws IOException {
        String text = line.toString(StandardCharsets.UTF_8).strip();
        boolean edge = text.length() >= BOX_EDGE_MIN && text.chars().allMatch(c -> c == '!');
        if (edge) {
            inBox = !inBox;
            afterBox = !inBox;
        } else if (!inBox && !(afterBox && text.isEmpty())) {
            afterBox = false;
            if (holding) {
                // jsii prints each line Node.js wrote with a line end of its own: one blank line each.
                if (!text.isEmpty()) {
                    held.add(line.toString(StandardCharsets.UTF_8).stripTrailing());
                }
            } else {
                target.write(line.toByteArray());
            }
        }
        line.reset();
        target.flush();
    }
}
