package dev.aioptout.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.policy.Problem;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Free text reaches Terraform as strings, where ${ and %{ would start templates: refused with its place. */
class TemplateTextTest {

    private static LayoutFile.Loaded load(String yaml) {
        return LayoutFile.parse("t.yaml", yaml, new LayoutOptions(false, LocalDate.of(2026, 1, 1)));
    }

    @Test
    void templateSequencesInDescriptionsReasonsNamesAndTagsAreRefused() {
        LayoutFile.Loaded loaded = load("""
                version: 1
                layout: multi-ou
                organization: {id: o-exampleorgid}
                policy:
                  name: "ai-${x}"
                  description: "costs %{ if true }"
                  tags: {owner: "${var.owner}"}
                exceptions:
                  - name: lex
                    targets: [ou-ab12-34567890]
                    services: {lex: optIn}
                    reason: "ticket ${TICKET}"
                """);
        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.problems())
                .filteredOn(Problem::isError)
                .extracting(Problem::field)
                .containsExactlyInAnyOrder(
                        "policy.name", "policy.description", "policy.tags.owner", "exceptions[0].reason");
        assertThat(loaded.problems().get(0).format()).contains("template");
    }

    @Test
    void aDollarOrPercentWithoutABraceIsFine() {
        assertThat(load("""
                version: 1
                policy: {description: "100% opted out, $0 cost"}
                """).ok()).isTrue();
    }
}
