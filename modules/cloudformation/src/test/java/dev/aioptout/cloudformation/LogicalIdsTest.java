package dev.aioptout.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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

    /** The two addresses of the issue: their SHA-256 share the first 8 hex digits (e41683a7). */
    @Test
    void twoEndpointsWhoseDigestsBeginAlikeGetIdsAsLongAsTellsThemApart() {
        String a = "a52783@example.com";
        String b = "a61965@example.com";
        assertThat(LogicalIds.digest(a).substring(0, 8))
                .isEqualTo(LogicalIds.digest(b).substring(0, 8));
        Map<String, String> ids = LogicalIds.fromDigests("Email", List.of(a, "b@example.com", b));
        assertThat(ids)
                .containsExactly(
                        Map.entry(a, "EmailE41683A7F"),
                        Map.entry(
                                "b@example.com",
                                "Email" + LogicalIds.digest("b@example.com").substring(0, 8)),
                        Map.entry(b, "EmailE41683A79"));
        // The same ids whatever the order, and an endpoint alone keeps its 8 digits.
        assertThat(LogicalIds.fromDigests("Email", List.of(b, a)))
                .containsEntry(a, "EmailE41683A7F")
                .containsEntry(b, "EmailE41683A79");
        assertThat(LogicalIds.fromDigests("Email", List.of(a))).containsEntry(a, "EmailE41683A7");
    }

    /**
     * Digests made to collide (a short alphabet, so that inputs share long prefixes, and the same
     * whole digest for different inputs): distinct inputs always get distinct ids, each the same
     * whatever order the inputs come in, letters and digits only.
     */
    @Test
    void distinctInputsAlwaysGetDistinctIdsEvenWhenTheirDigestsCollide() {
        Random random = new Random(20);
        for (int round = 0; round < 200; round++) {
            List<String> inputs = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(12); i < n; i++) {
                String input = "e" + random.nextInt(40);
                if (!inputs.contains(input)) {
                    inputs.add(input);
                }
            }
            // 12 hex digits from a 2-letter alphabet: long shared prefixes, and equal digests for i and i+32.
            java.util.function.Function<String, String> digest = input -> {
                int n = Integer.parseInt(input.substring(1)) % 32;
                StringBuilder hex = new StringBuilder();
                for (int bit = 11; bit >= 0; bit--) {
                    hex.append(bit < 5 && (n >> bit & 1) == 1 ? 'B' : 'A');
                }
                return hex.toString();
            };
            Map<String, String> ids = LogicalIds.fromDigests("P", inputs, digest);
            Set<String> distinct = new HashSet<>(ids.values());
            assertThat(distinct).as("%s", ids).hasSize(inputs.size());
            assertThat(ids.values()).allMatch(id -> id.matches("P[A-Za-z0-9]+"));
            List<String> reversed = new ArrayList<>(inputs);
            java.util.Collections.reverse(reversed);
            assertThat(LogicalIds.fromDigests("P", reversed, digest)).isEqualTo(ids);
        }
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
