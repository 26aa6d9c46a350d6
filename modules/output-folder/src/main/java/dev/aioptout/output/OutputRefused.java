package dev.aioptout.output;

import dev.aioptout.policy.Problem;
import java.util.List;

/**
 * The output folder, or a path in it, is not ai-optout's to write: each problem names the path, what
 * is there and what to do. Nothing has changed when it is thrown. The command line prints the
 * problems and exits with its bad-input code.
 */
public final class OutputRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public OutputRefused(List<Problem> problems) {
        super(problems.size() + " problem(s) with the output", null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
