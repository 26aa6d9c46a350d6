package dev.aioptout.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;

/**
 * The files a pipeline writes reports to that are not regular files, made for real: a named pipe
 * (mkfifo) with a reader at its other end, and a device node (mknod, root only: skipped with a
 * message elsewhere). Shared with the command line's tests (test jar).
 */
public final class SpecialFiles {

    private SpecialFiles() {}

    /** A named pipe at {@code path}, and what a reader reads from it until the writer closes it. */
    public static CompletableFuture<String> pipeReadBy(Path path) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor())
                .as("mkfifo " + path)
                .isZero();
        // A pipe's writer waits for a reader, as a pipeline's next step is.
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A character device node like /dev/null (1, 3) at {@code path}; the test is skipped where mknod is not allowed. */
    public static Path nullDevice(Path path) throws IOException, InterruptedException {
        int made = new ProcessBuilder("mknod", path.toString(), "c", "1", "3")
                .redirectErrorStream(true)
                .start()
                .waitFor();
        assumeTrue(made == 0, "mknod is not allowed here (not root?): the device node test is skipped");
        return path;
    }

    /** "file", "folder", "link" or "other" (a device, a pipe, a socket), the path itself, links not followed. */
    public static String kind(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.isRegularFile() ? "file" : a.isOther() ? "other" : a.isDirectory() ? "folder" : "link";
    }
}
