package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * Scenarios 1, 4 and 5: the embedded default on a fresh account. Terraform creates the
 * organization, enables the policy type, creates and attaches the policy; the result is read back
 * through the API; the stack is then stable, survives a re-synth, and cannot destroy the organization.
 */
@ExtendWith(MotoExtension.class)
class CreateModeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void embeddedDefaultCreatesEnablesAttachesAndThenStaysPut(Emulator emulator) throws Exception {
        Path out = dir.resolve("cdktf.out");
        synthDefault(out);
        Path stack = out.resolve("stacks/ai-optout");
        Terraform terraform = new Terraform(stack, emulator);
        terraform.init();
        assertThat(terraform.run("validate", "-no-color").ok().output()).contains("The configuration is valid");
        terraform.apply();

        Organizations org = new Organizations(emulator);
        String organizationId = org.organizationId();
        assertThat(org.enabledPolicyTypes()).contains("AISERVICES_OPT_OUT_POLICY");
        List<PolicySummary> attached = org.policiesFor(org.root().id(), PolicyType.AISERVICES_OPT_OUT_POLICY);
        assertThat(attached).extracting(PolicySummary::name).containsExactly("ai-optout-all-services");
        String generated = JSON.readTree(stack.resolve("cdk.tf.json").toFile())
                .at("/resource/aws_organizations_policy/baseline/content")
                .asText();
        assertThat(org.content(attached.get(0).id())).isEqualTo(generated).isEqualTo(policyCommandOutput());

        // Scenario 1: a second plan has nothing to do.
        assertThat(terraform.planDetailed().exit()).isEqualTo(0);

        // Scenario 5: synth again into the same folder (state and .terraform kept), plan again: still nothing.
        synthDefault(out);
        assertThat(Files.exists(stack.resolve("terraform.ai-optout.tfstate"))).isTrue();
        Terraform.Result replan = terraform.planDetailed();
        assertThat(replan.exit()).as(replan.output()).isEqualTo(0);

        // Scenario 4: destroy is refused because of prevent_destroy, and says so.
        Terraform.Result destroy = terraform.run("destroy", "-auto-approve", "-input=false", "-no-color");
        assertThat(destroy.exit()).isNotZero();
        assertThat(destroy.output())
                .contains("prevent_destroy")
                .contains("aws_organizations_organization.organization");
        assertThat(org.organizationId()).isEqualTo(organizationId);
        assertThat(org.policiesFor(org.root().id(), PolicyType.AISERVICES_OPT_OUT_POLICY))
                .hasSize(1);
    }

    private static void synthDefault(Path out) {
        StringWriter err = new StringWriter();
        int exit = Main.run(
                new String[] {"synth", "--out", out.toString()},
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(exit).as(err.toString()).isEqualTo(0);
    }

    private static String policyCommandOutput() {
        StringWriter out = new StringWriter();
        assertThat(Main.run(new String[] {"policy"}, new PrintWriter(out), new PrintWriter(new StringWriter())))
                .isEqualTo(0);
        return out.toString().strip();
    }

    static JsonNode read(Path file) throws Exception {
        return JSON.readTree(file.toFile());
    }
}
