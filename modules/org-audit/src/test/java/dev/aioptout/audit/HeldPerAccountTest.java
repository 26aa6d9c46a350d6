package dev.aioptout.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.audit.testing.AuditRun;
import dev.aioptout.audit.testing.FakeOrganizations;
import dev.aioptout.audit.testing.LargeFakeOrganization;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What an audit holds grows with the accounts only by what each account needs (issue 19: memory
 * flat in the account count): the policies every account gets alike, read from AWS or computed, are
 * held once. What that comes to in bytes, at 5,000 to 20,000 accounts, is measured in bench/
 * (AuditMemory), not here; this guards against a change that brings a copy per account back.
 */
class HeldPerAccountTest {

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

    /** The distinct objects, by identity rather than by value. */
    private static <T> Set<Object> distinct(Collection<T> items, Function<T, Object> part) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        items.forEach(i -> seen.add(part.apply(i)));
        return seen;
    }
}
