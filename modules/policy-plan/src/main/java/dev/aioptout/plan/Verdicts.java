package dev.aioptout.plan;

import dev.aioptout.engine.AccountOutcome;
import dev.aioptout.engine.Distinct;
import dev.aioptout.engine.EffectivePolicy;
import dev.aioptout.engine.Evaluation;
import dev.aioptout.engine.Note;
import dev.aioptout.engine.Origin;
import dev.aioptout.layout.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges every account of an evaluation against a layout's intent: the one comparison that
 * {@code synth}, {@code plan} and {@code verify} share.
 */
public final class Verdicts {

    private Verdicts() {}

    public static List<AccountVerdict> judge(Layout layout, Evaluation evaluation) {
        return judge(Intent.of(layout), evaluation);
    }

    /** Against the intent of the layout the plan was made of. */
    public static List<AccountVerdict> judge(PolicyPlan plan, Evaluation evaluation) {
        return judge(Intent.of(plan), evaluation);
    }

    private static List<AccountVerdict> judge(Intent intent, Evaluation evaluation) {
        List<AccountVerdict> verdicts = new ArrayList<>(evaluation.accounts().size());
        // Most accounts are meant to get one of a few policies: one copy of each, not one per account.
        Distinct<EffectivePolicy> intendedPolicies = new Distinct<>();
        for (AccountOutcome outcome : evaluation.accounts()) {
            EffectivePolicy intended = intendedPolicies.of(intent.forAccount(outcome.path(), outcome.account()));
            List<EffectivePolicy.Difference> differences = outcome.effective().differencesFrom(intended);
            List<AccountVerdict.Cause> causes = new ArrayList<>(differences.size());
            for (EffectivePolicy.Difference d : differences) {
                causes.add(cause(outcome, d));
            }
            verdicts.add(new AccountVerdict(outcome, intended, differences, causes));
        }
        return verdicts;
    }

    /**
     * The last note on the way down about the key (the one nearest the account), else the policy
     * that set the value the account ends up with.
     */
    static AccountVerdict.Cause cause(AccountOutcome outcome, EffectivePolicy.Difference d) {
        Optional<Note> note =
                outcome.notes().stream().filter(n -> n.key().equals(d.key())).reduce((a, b) -> b);
        if (note.isPresent()) {
            return new AccountVerdict.Cause(d.key(), note.get(), note.get().message());
        }
        Optional<Origin> decided = outcome.effective().decidedBy(d.key());
        String message = decided.map(o -> o.describe() + " sets \"" + d.key() + "\" to "
                        + d.actual().json())
                .orElse("no policy sets \"" + d.key() + "\" for this account");
        return new AccountVerdict.Cause(d.key(), null, message);
    }

    public static String describe(EffectivePolicy.Difference d) {
        return "\"" + d.key() + "\" is "
                + (d.actual() == null ? "unset" : d.actual().json()) + ", intended "
                + (d.intended() == null ? "unset" : d.intended().json());
    }
}
