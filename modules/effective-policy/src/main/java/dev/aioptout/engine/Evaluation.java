package dev.aioptout.engine;

import dev.aioptout.policy.Problem;
import java.util.List;

/**
 * Every account's outcome, in tree order, and the problems found in the policies read on the way
 * (a policy whose document does not parse is left out of the merge, reported here, and noted on
 * the outcome of every account below it, which is then unknown).
 *
 * @param belowRoot what the root's policies leave child policies free to change
 */
public record Evaluation(List<AccountOutcome> accounts, List<Problem> policyProblems, Locks belowRoot) {

    public Evaluation {
        accounts = List.copyOf(accounts);
        policyProblems = List.copyOf(policyProblems);
    }
}
