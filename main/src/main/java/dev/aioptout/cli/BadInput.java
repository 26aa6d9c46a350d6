package dev.aioptout.cli;

import dev.aioptout.policy.Problem;
import java.util.List;

/** Stops a command when the input has errors; the problems have been printed already. */
final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient List<Problem> problems;

    BadInput(List<Problem> problems) {
        super(problems.size() + " error(s)", null, false, false);
        this.problems = problems;
    }
}
