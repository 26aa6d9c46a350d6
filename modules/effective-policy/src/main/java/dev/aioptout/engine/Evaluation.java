package dev.aioptout.engine;

import dev.aioptout.policy.Problem;
import java.util.List;
import java.util.Set;

/**
 * Every account's outcome, in tree order, and the problems found in the policies read on the way
 * (a policy whose document does not parse is left out of the merge and reported here).
 *
 * @param unreadablePolicyIds attached policies whose documents did not parse: the outcome of every
 *                            account below them is unknown
 * @param belowRoot           what the root's policies leave child policies free to change
 */
public record Evaluation(
        List<AccountOutcome> accounts, List<Problem> policyProblems, Set<String> unreadablePolicyIds, Locks belowRoot) {

    public Evaluation {
        accounts = List.copyOf(accounts);
        policyProblems = List.copyOf(policyProblems);
        unreadablePolicyIds = Set.copyOf(unreadablePolicyIds);
    }
}
