package dev.aioptout.output;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command as another user without privileges (nobody), for the tests of what a run may do
 * with another user's files: root, which the tests often run as in containers, may read and write
 * anything, so only another user shows what permissions allow.
 */
public final class OtherUser {

    private OtherUser() {}

    /**
     * The command prefix that runs a command as nobody, or empty when this is not root (whose files
     * are then another user's to nobody, and permissions apply already). As root without a way to
     * switch user, the test is skipped, saying {@code what} is left out.
     */
    public static List<String> prefix(String what) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        for (List<String> prefix : List.of(
                List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"),
                List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"),
                List.of("runuser", "-u", "nobody", "--"))) {
            List<String> probe = new ArrayList<>(prefix);
            probe.addAll(List.of("id", "-u"));
            try {
                Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor() == 0 && !out.equals("0")) {
                    return prefix;
                }
            } catch (IOException missing) {
                // not installed: the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assumeTrue(
                false,
                "running as root, and neither setpriv nor runuser can switch to nobody here: " + what
                        + " is skipped (root may read and write every file)");
        return List.of();
    }
}
