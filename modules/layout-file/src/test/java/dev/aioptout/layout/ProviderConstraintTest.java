package dev.aioptout.layout;

import static dev.aioptout.layout.LayoutBadInputTest.assertAt;
import static dev.aioptout.layout.LayoutBadInputTest.load;
import static dev.aioptout.layout.LayoutBadInputTest.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.layout.ProviderConstraint.Version;
import dev.aioptout.policy.Problem;
import org.junit.jupiter.api.Test;

/** {@code provider.version}: Terraform's constraint grammar, the oldest version it allows, and what the layout refuses. */
class ProviderConstraintTest {

    private static ProviderConstraint parse(String text) {
        return ProviderConstraint.parse(text).orElseThrow(() -> new AssertionError("refused: " + text));
    }

    @Test
    void theOldestAllowedVersionFollowsTerraformsOperators() {
        assertThat(parse(">= 6.30.0, < 7.0.0").oldest()).isEqualTo(Version.of(6, 30, 0));
        assertThat(parse(">6.30.0,<7.0.0").oldest()).isEqualTo(Version.of(6, 30, 1));
        assertThat(parse("~> 6.30").oldest()).isEqualTo(Version.of(6, 30, 0));
        assertThat(parse("6.31.2").oldest()).isEqualTo(Version.of(6, 31, 2));
        assertThat(parse("= 6.31.2").oldest()).isEqualTo(Version.of(6, 31, 2));
        // != excludes one version and bounds nothing; the largest lower bound wins.
        assertThat(parse(">= 5.23.1, != 6.0.0, >= 6.1, < 7.0.0").oldest()).isEqualTo(Version.of(6, 1, 0));
        assertThat(parse(">= 6.30.0, < 7.0.0").text()).isEqualTo(">= 6.30.0, < 7.0.0");
        assertThat(parse("  ~> 6.30  ").text()).as("kept as written, trimmed").isEqualTo("~> 6.30");
    }

    @Test
    void theUpperBoundFollowsThePessimisticOperator() {
        // ~> 6.30 allows up to 7.0; ~> 6.30.1 only up to 6.31.0; ~> 6 allows 6.x.
        assertThat(parse("~> 6.30").boundedBySupported()).isTrue();
        assertThat(parse("~> 6").boundedBySupported()).isTrue();
        assertThat(parse("~> 6.30.1").below()).isEqualTo(Version.of(6, 31, 0));
        assertThat(parse("~> 7.0").boundedBySupported()).isFalse();
        assertThat(parse(">= 6.0.0").boundedBySupported()).isFalse();
        assertThat(parse(">= 6.0.0, <= 7.0.0").boundedBySupported()).isFalse();
        assertThat(parse(">= 6.0.0, <= 6.99.0").boundedBySupported()).isTrue();
        assertThat(parse("< 7, >= 6").boundedBySupported()).isTrue();
    }

    @Test
    void aConstraintThatAllowsNothingOrIsNotTerraformsIsRefused() {
        assertThat(ProviderConstraint.parse(">= 6.30.0, < 6.0.0")).isEmpty();
        assertThat(ProviderConstraint.parse(">= 6.30.0, < 6.30.0")).isEmpty();
        assertThat(ProviderConstraint.parse("= 6.30.0, != 6.30.0")).isEmpty();
        assertThat(ProviderConstraint.parse(">= 6.30.0-beta1")).isEmpty();
        assertThat(ProviderConstraint.parse(">= 6.30.0,")).isEmpty();
        assertThat(ProviderConstraint.parse("latest")).isEmpty();
        assertThat(ProviderConstraint.parse("=> 6.30.0")).isEmpty();
    }

    @Test
    void theLayoutCarriesItAsWritten() {
        LayoutFile.Loaded loaded = load("version: 1\nprovider: {version: \"~> 6.30\"}\n");
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.layout().providerVersion()).isEqualTo("~> 6.30");
        assertThat(loaded.layout().providerConstraint().oldest()).isEqualTo(Version.of(6, 30, 0));
        assertThat(load("version: 1\n").layout().providerVersion()).isNull();
    }

    @Test
    void aVersionOlderThanTheBindingsIsRefused() {
        Problem p = onlyError("version: 1\nprovider:\n  version: \">= 5.0.0, < 6.0.0\"\n");
        assertAt(p, 3, 12, "provider.version");
        assertThat(p.format())
                .contains("allows hashicorp/aws versions older than 5.23.1")
                .contains("start at 5.23.1 or newer");
    }

    @Test
    void aConstraintWithoutAnUpperBoundBelow7IsRefused() {
        Problem p = onlyError("version: 1\nprovider:\n  version: \">= 6.30.0\"\n");
        assertAt(p, 3, 12, "provider.version");
        assertThat(p.format()).contains("allows hashicorp/aws 7.0.0 or newer").contains("add \", < 7.0.0\"");
    }

    @Test
    void aConstraintThatAllowsNoVersionIsRefused() {
        Problem p = onlyError("version: 1\nprovider:\n  version: \">= 6.30.0, < 6.2.0\"\n");
        assertAt(p, 3, 12, "provider.version");
        assertThat(p.format()).contains("allows no hashicorp/aws version");
    }

    @Test
    void somethingThatIsNotAConstraintIsRefusedByTheSchema() {
        Problem p = onlyError("version: 1\nprovider:\n  version: latest\n");
        assertAt(p, 3, 12, "provider.version");
        assertThat(p.format()).contains("latest").contains("version constraint");
    }
}
