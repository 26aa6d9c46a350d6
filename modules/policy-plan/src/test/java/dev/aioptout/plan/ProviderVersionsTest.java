package dev.aioptout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.engine.Organization;
import dev.aioptout.engine.OrganizationFile;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.layout.ProviderConstraint.Version;
import dev.aioptout.policy.Problem;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * What synth --org does with the organization's enabled policy types: raises the provider
 * constraint for a type a known version accepts, stops (exit 2) on a type with no known version
 * unless provider.version vouches for it, and never lets provider.version allow a version known to
 * refuse one.
 */
class ProviderVersionsTest {

    private static final LayoutOptions OPTIONS = new LayoutOptions(false, LocalDate.of(2026, 1, 15));

    private static Organization org(String... types) {
        String list = String.join(
                ", ", java.util.Arrays.stream(types).map(t -> "\"" + t + "\"").toList());
        return OrganizationFile.read("org.json", """
                        {"organizationId": "o-exampleorgid", "rootId": "r-ab12", "enabledPolicyTypes": [%s], "policies": [],
                         "root": {"id": "r-ab12", "name": "Root", "policies": [], "children": [
                           {"type": "ACCOUNT", "id": "111111111111", "name": "a", "state": "ACTIVE", "policies": []}]}}
                        """.formatted(list)).organization();
    }

    private static AgainstOrganization.Proven prove(String providerLine, Organization org) {
        String yaml = "version: 1\nlayout: multi-ou\norganization: {id: o-exampleorgid}\n" + providerLine;
        LayoutFile.Loaded loaded = LayoutFile.parse("ai-optout.yaml", yaml, OPTIONS);
        assertThat(loaded.problems()).isEmpty();
        return AgainstOrganization.prove(loaded.layout(), org, "org.json");
    }

    @Test
    void aTypeAKnownVersionAcceptsRaisesTheConstraint() {
        AgainstOrganization.Proven proven =
                prove("", org("SERVICE_CONTROL_POLICY", "INSPECTOR_POLICY", "SECURITYHUB_POLICY"));
        assertThat(proven.problems()).isEmpty();
        ProviderVersions.Requirement r = ProviderVersions.of(proven.plan());
        assertThat(r.constraint().text()).isEqualTo(">= 6.24.0, < 7.0.0");
        assertThat(r.raisedFor()).containsExactly("INSPECTOR_POLICY", "SECURITYHUB_POLICY");
        assertThat(r.accepted()).contains("INSPECTOR_POLICY", "SECURITYHUB_POLICY", "UPGRADE_ROLLOUT_POLICY");
        assertThat(r.needed()).containsOnlyKeys("BEDROCK_POLICY", "S3_POLICY");
    }

    @Test
    void guarddutyWithoutProviderVersionStopsSynthNamingTheTypeAndWhatToDo() {
        AgainstOrganization.Proven proven = prove("", org("SERVICE_CONTROL_POLICY", "GUARDDUTY_POLICY"));
        assertThat(proven.ok()).isFalse();
        Problem p =
                proven.problems().stream().filter(Problem::isError).findFirst().orElseThrow();
        assertThat(p.format())
                .startsWith(
                        "org.json: error: /enabledPolicyTypes/1: policy type GUARDDUTY_POLICY is enabled in org.json")
                .contains("AWS lists it, but no hashicorp/aws release is known")
                .contains("leaving it out would disable it")
                .contains("no 5.x accepts it (5.100.0, the last, does not)")
                .contains("set provider.version in the layout");
    }

    @Test
    void aTypeAwsAddsLaterIsTreatedTheSameWay() {
        AgainstOrganization.Proven proven = prove("", org("FUTURE_EXAMPLE_POLICY"));
        assertThat(proven.ok()).isFalse();
        assertThat(proven.problems())
                .filteredOn(Problem::isError)
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("this ai-optout does not know it"));
    }

    @Test
    void withProviderVersionTheTypeIsKeptAndSaidToRestOnIt() {
        AgainstOrganization.Proven proven =
                prove("provider: {version: \">= 6.40.0, < 7.0.0\"}\n", org("GUARDDUTY_POLICY", "SECURITYHUB_POLICY"));
        assertThat(proven.ok()).isTrue();
        assertThat(proven.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.format())
                        .startsWith("ai-optout.yaml:4:21: warning: provider.version: policy type GUARDDUTY_POLICY")
                        .contains("relies on provider.version \">= 6.40.0, < 7.0.0\" accepting it"));
        ProviderVersions.Requirement r = ProviderVersions.of(proven.plan());
        assertThat(r.constraint().text()).isEqualTo(">= 6.40.0, < 7.0.0");
        assertThat(r.raisedFor()).isEmpty();
        assertThat(r.acknowledged()).containsExactly("GUARDDUTY_POLICY");
        assertThat(r.accepted()).contains("GUARDDUTY_POLICY", "SECURITYHUB_POLICY", "S3_POLICY");
        assertThat(r.needed()).isEmpty();
    }

    @Test
    void aProviderVersionThatAllows5xCannotVouchForATypeNo5xAccepts() {
        AgainstOrganization.Proven proven =
                prove("provider: {version: \">= 5.90.0, < 7.0.0\"}\n", org("NETWORK_SECURITY_DIRECTOR_POLICY"));
        assertThat(proven.ok()).isFalse();
        assertThat(proven.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.format())
                        .startsWith("ai-optout.yaml:4:21: error: provider.version: policy type"
                                + " NETWORK_SECURITY_DIRECTOR_POLICY is enabled in org.json")
                        .contains("allows 5.x versions"));
    }

    @Test
    void aProviderVersionBelowAKnownTypesVersionIsRefused() {
        AgainstOrganization.Proven proven =
                prove("provider: {version: \"~> 6.20\"}\n", org("SERVICE_CONTROL_POLICY", "S3_POLICY"));
        assertThat(proven.ok()).isFalse();
        assertThat(proven.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.format())
                        .contains("policy type S3_POLICY is enabled in org.json, which hashicorp/aws accepts in"
                                + " enabled_policy_types from 6.26.0 on, but provider.version \"~> 6.20\" allows older")
                        .contains("start provider.version at 6.26.0 or newer, or remove it: synth then requires"
                                + " >= 6.26.0, < 7.0.0"));
    }

    @Test
    void createModeCarriesOnlyTheAiTypeSoTheOrganizationsTypesChangeNothing() {
        String yaml = "version: 1\norganization: {mode: create}\n";
        LayoutFile.Loaded loaded = LayoutFile.parse("ai-optout.yaml", yaml, OPTIONS);
        assertThat(ProviderVersions.check(loaded.layout(), org("GUARDDUTY_POLICY", "S3_POLICY"), "org.json"))
                .isEmpty();
        PolicyPlan plan = Planner.plan(loaded.layout(), org("GUARDDUTY_POLICY", "S3_POLICY"));
        assertThat(ProviderVersions.of(plan).constraint()).isEqualTo(ProviderVersions.DEFAULT);
    }

    @Test
    void everyTypeIsInExactlyOneKind() {
        assertThat(ProviderVersions.WITHOUT_KNOWN_VERSION)
                .noneMatch(ProviderVersions::known)
                .containsExactlyInAnyOrder("NETWORK_SECURITY_DIRECTOR_POLICY", "GUARDDUTY_POLICY");
        assertThat(ProviderVersions.NEWER_TYPES.keySet()).doesNotContainAnyElementsOf(ProviderVersions.LAST_5X_TYPES);
        assertThat(ProviderVersions.NEWER_TYPES.values()).allMatch(v -> v.compareTo(Version.of(6, 0, 0)) >= 0);
        assertThat(ProviderVersions.DEFAULT.text()).isEqualTo(">= 5.23.1, < 7.0.0");
    }
}
