package dev.aioptout.engine;

import dev.aioptout.policy.Problem;

import java.util.List;

/**
 * Every account's outcome, in tree order, and the problems found in the policies read on the way
 * (a policy whose document does not parse is left out of the merge and reported here).
 */
public record Evaluation(List<AccountOutcome> accounts, List<Problem> policyProblems) {

    public Evaluation {
        accounts = List.copyOf(accounts);
        policyProblems = List.copyOf(policyProblems);
    }
}
