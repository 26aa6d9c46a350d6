package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OU paths: names from the root down, a / inside a name written \/ and a backslash \\. */
class OuPathTest {

    @Test
    void namesFromTheRootDown() {
        assertThat(OuPath.names("/Workloads/Prod")).contains(List.of("Workloads", "Prod"));
        assertThat(OuPath.names("/Sandbox")).contains(List.of("Sandbox"));
        assertThat(OuPath.names("/Work loads/Prod (EU)")).contains(List.of("Work loads", "Prod (EU)"));
    }

    @Test
    void escapedSlashesAndBackslashesStayInsideTheirName() {
        assertThat(OuPath.names("/R\\/D/Team\\\\A")).contains(List.of("R/D", "Team\\A"));
        assertThat(OuPath.of(List.of("R/D", "Team\\A"))).isEqualTo("/R\\/D/Team\\\\A");
    }

    @Test
    void everyListOfNamesReadsBackFromItsPath() {
        List<List<String>> samples = List.of(
                List.of("a"),
                List.of("/"),
                List.of("\\"),
                List.of("a/b", "c\\d", "\\/"),
                List.of("Prod", "Ünïcode ✓", "x"));
        for (List<String> names : samples) {
            String path = OuPath.of(names);
            assertThat(OuPath.isPath(path)).as(path).isTrue();
            assertThat(OuPath.names(path)).as(path).contains(names);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "/", "//", "/a/", "/a//b", "a/b", "Workloads", "/a\\b", "/a\\", "root", "ou-ab12-34567890"})
    void otherTextIsNotAPath(String text) {
        assertThat(OuPath.isPath(text)).isFalse();
        assertThat(OuPath.names(text)).isEmpty();
    }
}
