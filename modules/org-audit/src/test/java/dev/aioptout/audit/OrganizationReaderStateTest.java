package dev.aioptout.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.engine.AccountState;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.organizations.model.Account;

/** AWS retired Account.Status for Account.State: State first, Status only where State is absent. */
class OrganizationReaderStateTest {

    private static AccountState read(String state, String status) {
        return OrganizationReader.state(
                Account.builder().id("111111111111").state(state).status(status).build());
    }

    @Test
    void stateIsReadFirst() {
        assertThat(read("ACTIVE", null)).isEqualTo(AccountState.ACTIVE);
        assertThat(read("PENDING_ACTIVATION", null)).isEqualTo(AccountState.PENDING_ACTIVATION);
        assertThat(read("SUSPENDED", null)).isEqualTo(AccountState.SUSPENDED);
        assertThat(read("PENDING_CLOSURE", null)).isEqualTo(AccountState.PENDING_CLOSURE);
        assertThat(read("CLOSED", "SUSPENDED")).isEqualTo(AccountState.CLOSED);
    }

    @Test
    void statusOnlyWhereStateIsAbsent() {
        assertThat(read(null, "ACTIVE")).isEqualTo(AccountState.ACTIVE);
        assertThat(read(null, "SUSPENDED")).isEqualTo(AccountState.SUSPENDED);
        assertThat(read(null, "PENDING_CLOSURE")).isEqualTo(AccountState.PENDING_CLOSURE);
    }

    @Test
    void neitherOrAValueThisVersionDoesNotKnowIsUnknownNeverAnotherState() {
        assertThat(read(null, null)).isEqualTo(AccountState.UNKNOWN);
        assertThat(read("HIBERNATING", "ACTIVE"))
                .as("State wins, even when it is new")
                .isEqualTo(AccountState.UNKNOWN);
        assertThat(read(null, "RETIRED")).isEqualTo(AccountState.UNKNOWN);
    }
}
