package dev.aioptout.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.PlanChecks;
import dev.aioptout.plan.Planner;
import dev.aioptout.plan.PolicyPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** Proven plans for the tests: the examples, and layouts that reach the template's corners. */
final class Layouts {

    static final LayoutOptions OPTIONS = new LayoutOptions(false, LocalDate.of(2026, 1, 15));
    static final List<String> EXAMPLES = List.of("single-account", "multi-ou", "multi-ou-exceptions", "tamper-alerts");

    /**
     * The baseline on two OUs and an account (no root, so no parameter), no tags, lock default, and
     * exception names whose logical ids need the escape: "team-2" next to "team2", "a-q".
     */
    static final String NO_ROOT = """
            version: 1
            layout: multi-ou
            organization: {mode: adopt, id: o-exampleorgid}
            stack: {name: ai-optout-ous}
            policy:
              name: ai-optout-ous
              default: optOut
              lock: default
            attach: [ou-ab12-11111111, ou-ab12-22222222, "123456789012"]
            exceptions:
              - name: team-2
                targets: ["111111111111"]
                services: {lex: optIn}
                reason: "Team 2 evaluates Lex (SEC-7) &amp; \\"quotes\\" é"
              - name: team2
                targets: ["111111111111", ou-ab12-22222222]
                services: {polly: optIn}
                reason: Team two
              - name: a-q
                targets: ["222222222222"]
                services: {transcribe: optIn}
                reason: Q
                expires: 2099-01-01
            """;

    private Layouts() {}

    /** The repository's top folder, where examples/ lives. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("examples/ above the module").isNotNull();
        return dir;
    }

    static Path example(String name) {
        return root().resolve("examples").resolve(name);
    }

    static PolicyPlan plan(String example) {
        Path file = example(example).resolve("ai-optout.yaml");
        return proven(LayoutFile.load(file, "examples/" + example + "/ai-optout.yaml", OPTIONS));
    }

    static PolicyPlan parse(String name, String yaml) {
        return proven(LayoutFile.parse(name, yaml, OPTIONS));
    }

    private static PolicyPlan proven(LayoutFile.Loaded loaded) {
        assertThat(loaded.problems()).isEmpty();
        PolicyPlan plan = Planner.plan(loaded.layout());
        assertThat(PlanChecks.check(plan)).isEmpty();
        return plan;
    }
}
