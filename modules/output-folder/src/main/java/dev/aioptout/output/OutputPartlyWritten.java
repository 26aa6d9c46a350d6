package dev.aioptout.output;

import dev.aioptout.policy.Problem;
import java.util.List;

/**
 * An output of a set ({@link AtomicFiles#writeAll}) failed after another was already in place: the
 * problem, and which outputs now hold this run's content and which are as they were. The command
 * line prints them instead of "nothing was written", with its bad-input code when the problem is
 * the user's to fix (a full disk), else its internal-fault code.
 */
public final class OutputPartlyWritten extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final boolean theUsers;
    private final List<String> written;
    private final List<String> notWritten;

    OutputPartlyWritten(
            Problem problem, boolean theUsers, List<String> written, List<String> notWritten, Throwable cause) {
        super(problem.message(), cause);
        this.problem = problem;
        this.theUsers = theUsers;
        this.written = List.copyOf(written);
        this.notWritten = List.copyOf(notWritten);
    }

    public Problem problem() {
        return problem;
    }

    /** The failure is the user's to fix (permissions, a full or read-only disk), not ai-optout's. */
    public boolean theUsers() {
        return theUsers;
    }

    /** The outputs written by this run, as a message names them (a path, or "standard output"). */
    public List<String> written() {
        return written;
    }

    /** The outputs not written: as they were before the run. */
    public List<String> notWritten() {
        return notWritten;
    }
}
