package dev.aioptout.engine;

import static dev.aioptout.engine.Orgs.account;
import static dev.aioptout.engine.Orgs.assign;
import static dev.aioptout.engine.Orgs.evaluate;
import static dev.aioptout.engine.Orgs.ou;
import static dev.aioptout.engine.Orgs.policy;
import static dev.aioptout.engine.Orgs.root;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Outcomes share what is equal (issue 19: memory flat in the account count): one effective policy
 * per distinct value and one path per parent, however many accounts there are.
 */
class SharedOutcomesTest {

    @Test
    void accountsWithEqualEffectivePoliciesShareOneAndAccountsOfOneParentShareThePath() {
        List<OrgNode> first = accounts(100, 0);
        List<OrgNode> second = accounts(100, 100);
        List<OrgNode> third = accounts(100, 200);
        // The third OU's accounts get the root's policy like the first's, through a parent of their own.
        Evaluation evaluation = evaluate(
                false,
                root(
                        List.of("p-baseline"),
                        ou("ou-ab12-aaaaaaaa", "A", List.of(), first.toArray(OrgNode[]::new)),
                        ou("ou-ab12-bbbbbbbb", "B", List.of("p-lexoptin"), second.toArray(OrgNode[]::new)),
                        ou("ou-ab12-cccccccc", "C", List.of(), third.toArray(OrgNode[]::new))),
                policy("p-baseline", "baseline", assign("default", "optOut")),
                policy("p-lexoptin", "lex", assign("lex", "optIn")));

        assertThat(evaluation.accounts()).hasSize(300);
        assertThat(distinct(evaluation.accounts(), AccountOutcome::effective)).hasSize(2);
        assertThat(distinct(evaluation.accounts(), AccountOutcome::path)).hasSize(3);
        // Shared, and still each account's own: the first and the third OU's accounts get what the root sets.
        assertThat(evaluation.accounts().get(0).effective())
                .isSameAs(evaluation.accounts().get(299).effective());
        assertThat(evaluation.accounts().get(150).effective().values()).containsKeys("default", "lex");
        assertThat(evaluation.accounts().get(299).pathNames()).containsExactly("Root", "C");
    }

    private static List<OrgNode> accounts(int n, int from) {
        List<OrgNode> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(account(String.format("%012d", 100_000_000_000L + i), "account-" + i));
        }
        return out;
    }

    /** The distinct objects (by identity, not by value) the outcomes hold there. */
    private static Set<Object> distinct(List<AccountOutcome> outcomes, Function<AccountOutcome, Object> part) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        outcomes.forEach(o -> seen.add(part.apply(o)));
        return seen;
    }
}
