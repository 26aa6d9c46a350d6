package dev.aioptout.layout;

import static dev.aioptout.layout.LayoutBadInputTest.load;
import static dev.aioptout.layout.LayoutBadInputTest.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.policy.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The keys that take over an organization's policies (adopt) and name OUs by their path. */
class BrownfieldLayoutTest {

    private static final String HEADER = "version: 1\nlayout: multi-ou\norganization: {id: o-exampleorgid}\n";

    @Test
    void adoptedPoliciesAreRead() {
        LayoutFile.Loaded loaded = load(HEADER + """
                policy: {adopt: p-11111111}
                exceptions:
                  - name: sandbox
                    adopt: p-22222222
                    targets: [ou-ab12-34567890]
                    services: {lex: optIn}
                    reason: imported
                  - name: other
                    targets: ["111122223333"]
                    services: {lex: optIn}
                    reason: new
                """);
        assertThat(loaded.problems()).isEmpty();
        Layout layout = loaded.layout();
        assertThat(layout.policy().adopt()).isEqualTo("p-11111111");
        assertThat(layout.exceptions().get(0).adopt()).isEqualTo("p-22222222");
        assertThat(layout.exceptions().get(1).adopt()).isNull();
        assertThat(layout.adoptsPolicies()).isTrue();
        assertThat(load(HEADER).layout().adoptsPolicies()).isFalse();
    }

    @Test
    void aNewOrganizationHasNoPolicyToAdopt() {
        Problem p = onlyError("version: 1\npolicy:\n  adopt: p-11111111\n");
        assertThat(p.location().line()).isEqualTo(3);
        assertThat(p.field()).isEqualTo("policy.adopt");
        assertThat(p.message()).isEqualTo("adopting policy p-11111111 needs organization.mode: adopt");
        assertThat(p.hint()).contains("a new organization has no policies to adopt");
    }

    @Test
    void onePolicyIsAdoptedOnce() {
        Problem p = onlyError(HEADER + """
                policy: {adopt: p-11111111}
                exceptions:
                  - name: sandbox
                    adopt: p-11111111
                    targets: [ou-ab12-34567890]
                    services: {lex: optIn}
                    reason: imported
                """);
        assertThat(p.location().line()).isEqualTo(7);
        assertThat(p.field()).isEqualTo("exceptions[0].adopt");
        assertThat(p.message()).isEqualTo("policy p-11111111 is adopted twice");
        assertThat(p.hint()).contains("adopted first at ai-optout.yaml:4:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"p-1234567", "ou-ab12-34567890", "P-12345678", "p-1234 5678"})
    void anAdoptedIdIsAPolicyId(String id) {
        Problem p = onlyError(HEADER + "policy: {adopt: \"" + id + "\"}\n");
        assertThat(p.field()).isEqualTo("policy.adopt");
        assertThat(p.message()).isEqualTo("invalid value \"" + id + "\"");
        assertThat(p.hint()).contains("p- and 8 to 128 letters, digits or '_'");
    }

    @Test
    void ousMayBeNamedByTheirPathStillToBeResolved() {
        LayoutFile.Loaded loaded = load(HEADER + """
                attach: [root, /Workloads/Prod]
                exceptions:
                  - name: sandbox
                    targets: ['/R\\/D/Sand box', "111122223333"]
                    services: {lex: optIn}
                    reason: r
                """);
        assertThat(loaded.problems()).isEmpty();
        Layout layout = loaded.layout();
        assertThat(layout.hasOuPaths()).isTrue();
        assertThat(layout.attach().get(1).unresolved()).isTrue();
        assertThat(layout.attach().get(1).value()).isEqualTo("/Workloads/Prod");
        assertThat(layout.exceptions().get(0).targets().get(0).value()).isEqualTo("/R\\/D/Sand box");
        assertThat(load(HEADER).layout().hasOuPaths()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "//Prod", "/Prod/", "Workloads/Prod", "/a\\b", "/a\\"})
    void aPathIsNamesBetweenSlashes(String path) {
        Problem p = onlyError(HEADER + "attach: ['" + path + "']\n");
        assertThat(p.field()).isEqualTo("attach[0]");
        assertThat(p.message()).isEqualTo("invalid value \"" + path + "\"");
        assertThat(p.hint()).contains("an OU path from the root like /Workloads/Prod (a / in a name written \\/");
    }

    @Test
    void theSamePathTwiceIsListedTwice() {
        Problem p = onlyError(HEADER + "attach: [/Prod, /Prod]\n");
        assertThat(p.field()).isEqualTo("attach[1]");
        assertThat(p.message()).isEqualTo("\"/Prod\" is listed twice");
    }
}
