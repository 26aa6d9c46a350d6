package dev.aioptout.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.audit.testing.AuditRun;
import dev.aioptout.audit.testing.FakeOrganizations;
import dev.aioptout.audit.testing.LargeFakeOrganization;
import dev.aioptout.audit.testing.RetainedHeap;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What an audit holds grows with the accounts only by what each account needs (issue 19: memory
 * flat in the account count): the policies every account gets alike, read from AWS or computed, are
 * held once. The figures at 5,000 to 20,000 accounts come from bench/ (AuditMemory); this guards
 * against a change that brings a copy per account back.
 */
class HeldPerAccountTest {

    /**
     * What the audit held per account before it shared equal policies was about 830 bytes (its end,
     * cross-check sample, measured by AuditMemory); about 300 since. Between the two, with room for
     * the collector's leftovers (dead objects a full collection leaves in place).
     */
    private static final long BOUND = 560;

    @Test
    void theAuditHoldsWhatEachAccountNeedsAndNoCopyOfWhatTheyShare() throws Exception {
        held(200);
        long small = held(1_000);
        long large = held(6_000);
        long perAccount = (large - small) / 5_000;
        assertThat(perAccount)
                .as("bytes held per account added (1,000 to 6,000 accounts: %d to %d bytes)", small, large)
                .isLessThan(BOUND)
                .isPositive();
    }

    @Test
    void accountsThatAwsAndTheLayoutTreatAlikeShareOneCopyOfTheirPolicies() throws Exception {
        try (FakeOrganizations aws = LargeFakeOrganization.start(300, 60)) {
            AuditRun run = AuditRun.of(aws.endpoint(), CrossCheck.Mode.all, 1000);
            assertThat(run.result().accounts()).hasSize(301);
            assertThat(run.result().incomplete()).isEmpty();
            // Every ACTIVE account was asked; AWS answers Lex opted in or out, nothing else.
            assertThat(run.cross().effective()).hasSize(301);
            assertThat(distinct(run.cross().effective().values(), v -> v)).hasSize(2);
            assertThat(distinct(run.result().accounts(), a -> a.verdict().intended()))
                    .hasSize(1);
            // The baseline's, and one per exception, which sets Lex on its OU (each with its own origin).
            assertThat(distinct(
                            run.result().accounts(), a -> a.verdict().outcome().effective()))
                    .hasSize(5);
            assertThat(run.result().count(a -> a.evidence() == Evidence.ENGINE_AND_AWS))
                    .isEqualTo(301);
        }
    }

    /** Bytes the audit of an organization of this many accounts holds at its end. */
    private static long held(int accounts) throws Exception {
        try (FakeOrganizations aws = LargeFakeOrganization.start(accounts, accounts / 5)) {
            RetainedHeap.Measured<AuditRun> run =
                    RetainedHeap.of(() -> AuditRun.of(aws.endpoint(), CrossCheck.Mode.sample, 1000));
            assertThat(run.value().result().accounts()).hasSize(accounts + 1);
            return run.bytes();
        }
    }

    /** The distinct objects, by identity rather than by value. */
    private static <T> Set<Object> distinct(Collection<T> items, Function<T, Object> part) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        items.forEach(i -> seen.add(part.apply(i)));
        return seen;
    }
}
