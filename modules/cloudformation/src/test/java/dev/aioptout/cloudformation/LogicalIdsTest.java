package dev.aioptout.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogicalIdsTest {

    @Test
    void namesReadAsCamelCase() {
        assertThat(LogicalIds.exception("sandbox-lex")).isEqualTo("ExceptionSandboxLex");
        assertThat(LogicalIds.exception("transcribe-research")).isEqualTo("ExceptionTranscribeResearch");
        assertThat(LogicalIds.exception("2024-pilot")).isEqualTo("Exception2024Pilot");
        assertThat(LogicalIds.exception("team-2")).isEqualTo("ExceptionTeamQ2");
        assertThat(LogicalIds.exception("team2")).isEqualTo("ExceptionTeam2");
        assertThat(LogicalIds.exception("qa-quality")).isEqualTo("ExceptionQaQquality");
    }

    /**
     * Every exception name of up to six characters over the letters that matter ('a', the escape's
     * 'q', a digit and '-') gets its own id, made of letters and digits only. Two names sharing an
     * id would make one policy overwrite the other in the template.
     */
    @Test
    void everyNameGetsItsOwnId() {
        Map<String, String> byId = new HashMap<>();
        List<String> names = names(6);
        assertThat(names).hasSize(3 * (1 + 4 + 16 + 64 + 256 + 1024));
        for (String name : names) {
            String id = LogicalIds.exception(name);
            assertThat(id).matches("[A-Za-z0-9]{1,255}");
            String before = byId.put(id, name);
            assertThat(before).as("%s and %s share the id %s", before, name, id).isNull();
        }
        assertThat(byId).doesNotContainKey(LogicalIds.BASELINE);
    }

    /** Names valid in a layout ({@code [a-z0-9][a-z0-9-]*}) over {a, q, 1, -}, up to {@code length} characters. */
    private static List<String> names(int length) {
        List<String> names = new ArrayList<>(List.of("a", "q", "1"));
        List<String> level = names;
        for (int i = 1; i < length; i++) {
            List<String> next = new ArrayList<>();
            for (String name : level) {
                for (char c : new char[] {'a', 'q', '1', '-'}) {
                    next.add(name + c);
                }
            }
            names.addAll(next);
            level = next;
        }
        return names;
    }
}
