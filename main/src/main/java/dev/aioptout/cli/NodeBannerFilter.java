package dev.aioptout.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drops the boxed Node.js end-of-life banner that jsii forwards to standard error when the
 * launcher's JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION is not set (a bare {@code java -jar}).
 * The box starts and ends with a line of exclamation marks; blank lines right after it go too,
 * and every other line passes unchanged.
 */
final class NodeBannerFilter extends OutputStream {

    private static final int BOX_EDGE_MIN = 20;

    private final OutputStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean inBox;
    private boolean afterBox;

    NodeBannerFilter(OutputStream target) {
        this.target = target;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        // A partial line is held until its end so the box edge can be recognised.
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

    private void emit() throws IOException {
        String text = line.toString(StandardCharsets.UTF_8).strip();
        boolean edge = text.length() >= BOX_EDGE_MIN && text.chars().allMatch(c -> c == '!');
        if (edge) {
            inBox = !inBox;
            afterBox = !inBox;
        } else if (!inBox && !(afterBox && text.isEmpty())) {
            afterBox = false;
            target.write(line.toByteArray());
        }
        line.reset();
        target.flush();
    }
}
