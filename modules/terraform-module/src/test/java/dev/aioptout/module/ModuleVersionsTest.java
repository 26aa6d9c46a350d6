package dev.aioptout.module;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.Planner;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The module's versions.tf: the layout's provider.version when set, else the versions its resources are checked with. */
class ModuleVersionsTest {

    private static String versions(String yaml) {
        LayoutFile.Loaded loaded =
                LayoutFile.parse("ai-optout.yaml", yaml, new LayoutOptions(false, LocalDate.of(2026, 1, 15)));
        assertThat(loaded.problems()).isEmpty();
        return TerraformModule.versions(Planner.plan(loaded.layout()));
    }

    @Test
    void withoutProviderVersionAny5xFromTheBindingsOrAny6x() {
        assertThat(versions("version: 1\n")).contains("version = \">= 5.23.1, < 7.0.0\"");
    }

    @Test
    void theLayoutsProviderVersionAsWritten() {
        assertThat(versions("version: 1\nprovider: {version: \"~> 6.30\"}\n"))
                .contains("version = \"~> 6.30\"")
                .doesNotContain("5.23.1");
    }
}
