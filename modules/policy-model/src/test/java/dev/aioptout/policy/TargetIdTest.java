package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetIdTest {

    @Test
    void theWordRoot() {
        assertThat(TargetId.parse("root")).contains(TargetId.ROOT);
        assertThat(TargetId.ROOT.isRoot()).isTrue();
        assertThat(TargetId.ROOT.kind()).isEqualTo(NodeKind.ROOT);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ou-ab12-34567890",
                "ou-abcd-abcdefgh",
                "ou-0000-00000000",
                "ou-abcdefghijklmnopqrstuvwxyz012345-abcdefghijklmnopqrstuvwxyz012345"
            })
    void organizationalUnits(String id) {
        assertThat(TargetId.parse(id)).hasValueSatisfying(t -> {
            assertThat(t.kind()).isEqualTo(NodeKind.ORGANIZATIONAL_UNIT);
            assertThat(t.value()).isEqualTo(id);
            assertThat(t.isRoot()).isFalse();
            assertThat(t).hasToString(id);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"123456789012", "000000000000"})
    void accounts(String id) {
        assertThat(TargetId.parse(id)).contains(new TargetId(NodeKind.ACCOUNT, id));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Root",
                "ROOT",
                "r-ab12",
                "",
                " root",
                "ou-ab1-34567890", // first part too short
                "ou-ab12-3456789", // second part too short
                "OU-AB12-34567890", // upper case
                "ou-ab12_34567890",
                "ou-ab12-34567890 ",
                "ou-abcdefghijklmnopqrstuvwxyz0123456-abcdefgh", // first part 33 characters
                "12345678901",
                "1234567890123",
                "12345678901a",
                "123456789012\n",
                "1234-5678-9012",
                "１２３４５６７８９０１２", // full-width digits
            })
    void otherShapesAreNotTargets(String text) {
        assertThat(TargetId.parse(text)).isEmpty();
    }

    @Test
    void pathsAreOusStillToBeResolved() {
        TargetId path = TargetId.parse("/Workloads/Prod").orElseThrow();
        assertThat(path.kind()).isEqualTo(NodeKind.ORGANIZATIONAL_UNIT);
        assertThat(path.unresolved()).isTrue();
        assertThat(path.value()).isEqualTo("/Workloads/Prod");

        TargetId resolved = TargetId.resolvedOu("ou-ab12-34567890", "/Workloads/Prod");
        assertThat(resolved.unresolved()).isFalse();
        assertThat(resolved.path()).isEqualTo("/Workloads/Prod");
        // The same OU whichever way the layout wrote it, though the two are not equal records.
        TargetId byId = TargetId.parse("ou-ab12-34567890").orElseThrow();
        assertThat(resolved.sameTarget(byId)).isTrue();
        assertThat(resolved).isNotEqualTo(byId);
        assertThat(byId.path()).isNull();
    }

    @Test
    void rootIdsAreRecognisedButNotTargets() {
        assertThat(TargetId.isRootId("r-ab12")).isTrue();
        assertThat(TargetId.isRootId("r-abcdefghijklmnopqrstuvwxyz012345")).isTrue();
        assertThat(TargetId.isRootId("r-ab1")).isFalse();
        assertThat(TargetId.isRootId("r-AB12")).isFalse();
        assertThat(TargetId.isRootId("root")).isFalse();
    }

    @Test
    void sortsRootThenOusThenAccounts() {
        TargetId account = TargetId.parse("123456789012").orElseThrow();
        TargetId ou2 = TargetId.parse("ou-zz99-00000000").orElseThrow();
        TargetId ou1 = TargetId.parse("ou-ab12-34567890").orElseThrow();
        List<TargetId> ids = new ArrayList<>(List.of(account, ou2, TargetId.ROOT, ou1));
        Collections.sort(ids);
        assertThat(ids).containsExactly(TargetId.ROOT, ou1, ou2, account);
    }
}
