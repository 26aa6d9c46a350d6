package dev.aioptout.plan;

import static dev.aioptout.plan.BrownfieldOrganizations.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.engine.AccountOutcome;
import dev.aioptout.engine.EffectivePolicyEngine;
import dev.aioptout.engine.Evaluation;
import dev.aioptout.engine.Note;
import dev.aioptout.engine.Organization;
import dev.aioptout.layout.Layout;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.TargetId;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A layout read against an organization file: OU paths, adopted policies in the proof, and what the layout does not manage. */
class BrownfieldPlanTest {

    @Nested
    class OuPaths {

        @Test
        void pathsResolveToIdsAndKeepThePathWritten() {
            AgainstOrganization.Resolved r = AgainstOrganization.resolve(layout(HEADER + """
                            attach: [root, /Workloads/Prod]
                            exceptions:
                              - name: lab
                                targets: ['/R\\/D', "444444444444"]
                                services: {lex: optIn}
                                reason: r
                            """), plainOrg(), "org.json");
            assertThat(r.problems()).isEmpty();
            assertThat(r.plan().baseline().targets())
                    .containsExactly(TargetId.ROOT, TargetId.resolvedOu("ou-ab12-22222222", "/Workloads/Prod"));
            TargetId rd = r.plan().exceptions().get(0).targets().get(0);
            assertThat(rd.value()).isEqualTo("ou-ab12-44444444");
            assertThat(rd.path()).isEqualTo("/R\\/D");
            assertThat(r.plan().layout().hasOuPaths()).isFalse();
            assertThat(r.plan().organization()).isNotNull();
        }

        @Test
        void anUnknownPathNamesTheClosestOnes() {
            List<Problem> problems = AgainstOrganization.resolve(
                            layout(HEADER + "attach: [root, /Workloads/Prd]\n"), plainOrg(), "org.json")
                    .problems();
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.isError()).isTrue();
                assertThat(p.location().line()).isEqualTo(4);
                assertThat(p.field()).isEqualTo("attach[1]");
                assertThat(p.message()).isEqualTo("OU path /Workloads/Prd is not in the organization (org.json)");
                assertThat(p.hint()).startsWith("closest: /Workloads/Prod, /Workloads, /Workloads/Production;");
            });
        }

        @Test
        void namesAreMatchedExactly() {
            List<Problem> problems = AgainstOrganization.resolve(
                            layout(HEADER + "attach: [/workloads/prod, /R/D]\n"), plainOrg(), "org.json")
                    .problems();
            assertThat(problems).extracting(Problem::field).containsExactly("attach[0]", "attach[1]");
            // "/R/D" is two names; the OU's one name holds a slash.
            assertThat(problems.get(1).hint()).contains("/R\\/D").contains("a / inside a name is written \\/");
        }

        @Test
        void siblingsWithOneNameMakeThePathAmbiguous() {
            List<Problem> problems = AgainstOrganization.resolve(
                            layout(HEADER + "attach: [/Dup]\n"), plainOrg(), "org.json")
                    .problems();
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.message())
                        .isEqualTo(
                                "OU path /Dup is ambiguous in org.json: ou-ab12-55555555, ou-ab12-66666666 have that path");
                assertThat(p.hint()).contains("name the one you mean by its id");
            });
        }

        @Test
        void aPathAndAnIdOfOneOuAreOneTargetListedTwice() {
            List<Problem> problems = AgainstOrganization.resolve(
                            layout(HEADER + "attach: [ou-ab12-22222222, /Workloads/Prod]\n"), plainOrg(), "org.json")
                    .problems();
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("attach[1]");
                assertThat(p.message())
                        .isEqualTo("\"/Workloads/Prod\" is ou-ab12-22222222, which this list names already as"
                                + " \"ou-ab12-22222222\"");
            });
        }

        @Test
        void withoutAnOrganizationFileEachPathAndAdoptionIsNamed() {
            Layout layout = layout(HEADER + """
                    policy: {adopt: p-11111111}
                    attach: [/Workloads/Prod]
                    """);
            List<Problem> problems = AgainstOrganization.needsOrganization(layout, true);
            assertThat(problems).extracting(Problem::field).containsExactly("attach[0]", "policy.adopt");
            assertThat(problems.get(0).message())
                    .isEqualTo("OU path /Workloads/Prod can only be resolved from an organization file");
            assertThat(problems.get(0).hint()).contains("pass --org ORG.json").contains("ai-optout snapshot");
            assertThat(problems.get(1).message()).startsWith("adopting policy p-11111111 needs the organization file");
            // verify reads the organization itself: only paths matter there.
            assertThat(AgainstOrganization.needsOrganization(layout, false)).hasSize(1);
        }
    }

    @Nested
    class Adoption {

        @Test
        void anAdoptedIdMustBeAnAiPolicyOfTheOrganization() {
            List<Problem> problems = AgainstOrganization.resolve(
                            layout(HEADER + "policy: {adopt: p-99999999}\n"), plainOrg(), "org.json")
                    .problems();
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("policy.adopt");
                assertThat(p.message())
                        .isEqualTo(
                                "policy p-99999999 is not an AI opt-out policy of organization o-exampleorgid in org.json");
                assertThat(p.hint()).contains("an SCP").contains("ai-optout snapshot");
            });
        }

        @Test
        void theAdoptedPolicyStandsInItsOwnPlaceWithThePlannedContent() {
            // p-11111111 (guide, unlocked) is at the root; adopted, it becomes the fully locked baseline there.
            Organization org = org("\"p-11111111\"", "\"p-22222222\"", "", "");
            AgainstOrganization.Proven proven = AgainstOrganization.prove(layout(HEADER + """
                            policy: {adopt: p-11111111}
                            exceptions:
                              - name: prod-lex
                                adopt: p-22222222
                                targets: [/Workloads/Prod, "444444444444"]
                                services: {lex: optIn}
                                reason: r
                            """), org, "org.json");
            assertThat(errors(proven.problems())).isEmpty();
            PolicyPlan plan = proven.plan();
            assertThat(plan.baseline().attachedAlready()).containsExactly(TargetId.ROOT);
            assertThat(plan.exceptions().get(0).attachedAlready())
                    .extracting(TargetId::value)
                    .containsExactly("ou-ab12-22222222");
            Organization planned = proven.planned();
            // No second policy: the adopted ids are gone, the planned ones stand where they were.
            assertThat(planned.policiesById()).doesNotContainKeys("p-11111111", "p-22222222");
            assertThat(planned.root().policyIds()).containsExactly("planned-baseline");
            assertThat(planned.appended()).doesNotContain(new Organization.Attachment("r-ab12", "planned-baseline"));
            // Attached anew to the account, after whatever is there: that order is known.
            assertThat(planned.appended())
                    .contains(new Organization.Attachment("444444444444", "planned-exception-prod-lex"));
            Evaluation evaluation = EffectivePolicyEngine.evaluate(planned);
            AccountOutcome prod = outcome(evaluation, "111111111111");
            assertThat(prod.effective().values())
                    .containsEntry("default", OptValue.OPT_OUT)
                    .containsEntry("lex", OptValue.OPT_IN);
            assertThat(prod.effective().decidedBy("default").orElseThrow().policyId())
                    .isEqualTo("planned-baseline");
            assertThat(proven.problems()).isEmpty();
        }

        @Test
        void anAdoptedPolicyBesideAnotherInAnUnknownOrderIsNotProven() {
            // lex-out (p-33333333) stays unmanaged at Prod, where lex-in is adopted: which one AWS applies is not
            // known.
            Organization org = org("", "\"p-33333333\", \"p-22222222\"", "", "");
            AgainstOrganization.Proven proven = AgainstOrganization.prove(layout(HEADER + """
                            exceptions:
                              - name: prod-lex
                                adopt: p-22222222
                                targets: [/Workloads/Prod]
                                services: {lex: optIn}
                                reason: r
                            """), org, "org.json");
            assertThat(proven.ok()).isFalse();
            assertThat(errors(proven.problems())).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("exceptions[0]");
                assertThat(p.message())
                        .startsWith("the outcome cannot be proven: ")
                        .contains("\"lex-out\" (p-33333333)")
                        .contains("the attachment order is not known");
            });
            // The same policy created instead of adopted comes after lex-out, which wins: known, and not what the
            // layout says.
            Organization planned = AgainstOrganization.planned(
                            layout(HEADER + """
                                    exceptions:
                                      - name: prod-lex
                                        targets: [/Workloads/Prod]
                                        services: {lex: optIn}
                                        reason: r
                                    """), org("", "\"p-33333333\"", "", ""), "org.json")
                    .planned();
            AccountOutcome prod = outcome(EffectivePolicyEngine.evaluate(planned), "111111111111");
            assertThat(prod.unknowns()).isEmpty();
            assertThat(prod.notes()).extracting(Note::kind).containsExactly(Note.Kind.IGNORED_CHANGE);
            assertThat(prod.effective().values()).containsEntry("lex", OptValue.OPT_OUT);
        }

        @Test
        void anAttachmentOutsideTheLayoutsTargetsStaysWithTheNewContentAndCounts() {
            // lex-in is attached to Prod and R/D; the layout adopts it for Prod only.
            Organization org = org("\"p-11111111\"", "\"p-22222222\"", "\"p-22222222\"", "");
            AgainstOrganization.Proven proven = AgainstOrganization.prove(layout(HEADER + """
                            policy: {adopt: p-11111111, lock: default}
                            exceptions:
                              - name: prod-lex
                                adopt: p-22222222
                                targets: [/Workloads/Prod]
                                services: {lex: optIn}
                                reason: r
                            """), org, "org.json");
            assertThat(proven.problems()).anySatisfy(p -> {
                assertThat(p.isError()).isFalse();
                assertThat(p.field()).isEqualTo("exceptions[0].adopt");
                assertThat(p.message())
                        .contains("also attached to ou-ab12-44444444")
                        .contains("stay, with the new content");
            });
            // The lab account under R/D still gets lex optIn from it, which the layout does not intend there.
            assertThat(errors(proven.problems())).singleElement().satisfies(p -> {
                assertThat(p.message()).contains("lab").contains("\"lex\" would be optIn, not optOut");
                assertThat(p.hint())
                        .isEqualTo("the adopted policy p-22222222 stays attached to ou-ab12-44444444, which"
                                + " exceptions[0].targets does not list; add it there, or detach the policy from it");
            });
            Evaluation evaluation = EffectivePolicyEngine.evaluate(proven.planned());
            assertThat(outcome(evaluation, "333333333333")
                            .effective()
                            .decidedBy("lex")
                            .orElseThrow())
                    .satisfies(o -> {
                        assertThat(o.policyId()).isEqualTo("planned-exception-prod-lex");
                        assertThat(o.nodeId()).isEqualTo("ou-ab12-44444444");
                    });
        }
    }

    @Nested
    class Unmanaged {

        @Test
        void theGuidesRootPolicyDecidesDefaultForEveryAccountButChangesNothing() {
            Organization org = org("\"p-11111111\"", "", "", "");
            AgainstOrganization.Proven proven = AgainstOrganization.planned(layout(HEADER), org, "org.json");
            Evaluation evaluation = EffectivePolicyEngine.evaluate(proven.planned());
            UnmanagedPolicies.Report unmanaged = UnmanagedPolicies.of(proven.plan(), proven.planned(), evaluation);
            List<UnmanagedPolicies.Finding> findings = unmanaged.findings();
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.policyId()).isEqualTo("p-11111111");
                assertThat(f.nodeId()).isEqualTo("r-ab12");
                assertThat(f.accountsBelow()).isEqualTo(5);
                assertThat(f.decides()).containsExactly(new UnmanagedPolicies.Decision("default", OptValue.OPT_OUT, 5));
                assertThat(f.changesOutcome()).isFalse();
                assertThat(f.describe())
                        .isEqualTo("policy \"guide\" (p-11111111) attached to \"Root\" (r-ab12), before the layout's"
                                + " policies there (the first attached wins): it decides \"default\" (optOut) for every"
                                + " account below it (5); every account would end up the same without it");
                assertThat(f.hint()).contains("policy.adopt: p-11111111").contains("--target-id r-ab12");
            });
            // How the reports show it: PlanReportTest in the reports module.
            PlanOutcome report = new PlanOutcome(
                    proven.planned(), Verdicts.judge(proven.plan().layout(), evaluation), unmanaged);
            assertThat(report.compliant()).isTrue();
            assertThat(report.dependsOnUnmanaged()).isFalse();
            // validate --org: a warning, not an error.
            assertThat(PlanChecks.check(proven.plan(), proven.planned()))
                    .singleElement()
                    .satisfies(p -> {
                        assertThat(p.isError()).isFalse();
                        assertThat(p.message()).startsWith("a policy the layout does not manage: policy \"guide\"");
                    });
        }

        @Test
        void aPolicyThatChangesAnOutcomeFailsThePlanAndTheProof() {
            // Under lock: default an OU policy may add lex, and this one opts Prod in, which the layout does not say.
            Organization org = org("", "\"p-22222222\"", "", "");
            AgainstOrganization.Proven proven =
                    AgainstOrganization.planned(layout(HEADER + "policy: {lock: default}\n"), org, "org.json");
            Evaluation evaluation = EffectivePolicyEngine.evaluate(proven.planned());
            UnmanagedPolicies.Report unmanaged = UnmanagedPolicies.of(proven.plan(), proven.planned(), evaluation);
            List<UnmanagedPolicies.Finding> findings = unmanaged.findings();
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.position()).isNull();
                assertThat(f.changed()).isEqualTo(1);
                assertThat(f.describe())
                        .contains("it decides \"lex\" (optIn) for the account below it")
                        .endsWith("without it 1 account would end up differently");
            });
            PlanOutcome report = new PlanOutcome(
                    proven.planned(), Verdicts.judge(proven.plan().layout(), evaluation), unmanaged);
            assertThat(report.dependsOnUnmanaged()).isTrue();
        }

        @Test
        void validateRefusesSuchALayoutNamingTheAccountAndThePolicy() {
            Organization org = org("", "\"p-22222222\"", "", "");
            List<Problem> problems = AgainstOrganization.prove(
                            layout(HEADER + "policy: {lock: default}\n"), org, "org.json")
                    .problems();
            // The account's difference is the error; the policy behind it is reported beside it.
            assertThat(errors(problems))
                    .singleElement()
                    .satisfies(p -> assertThat(p.message())
                            .contains("would not take effect for prod-1: \"lex\" would be optIn, not optOut")
                            .contains("\"lex-in\" (p-22222222)"));
            assertThat(problems).anySatisfy(p -> {
                assertThat(p.isError()).isFalse();
                assertThat(p.message())
                        .contains("policy \"lex-in\" (p-22222222)")
                        .contains("would end up differently");
            });
        }

        @Test
        void onlyPoliciesWhereTheyMatterAreReported() {
            // The second Dup OU has no account: a policy there decides nothing the layout judges, unless the layout
            // attaches there.
            Organization org = org("", "", "", "\"p-22222222\"");
            AgainstOrganization.Proven elsewhere = AgainstOrganization.planned(layout(HEADER), org, "org.json");
            assertThat(UnmanagedPolicies.of(
                                    elsewhere.plan(),
                                    elsewhere.planned(),
                                    EffectivePolicyEngine.evaluate(elsewhere.planned()))
                            .findings())
                    .isEmpty();
            AgainstOrganization.Proven there =
                    AgainstOrganization.planned(layout(HEADER + "attach: [root, ou-ab12-66666666]\n"), org, "org.json");
            assertThat(UnmanagedPolicies.of(
                                    there.plan(), there.planned(), EffectivePolicyEngine.evaluate(there.planned()))
                            .findings())
                    .singleElement()
                    .satisfies(f -> assertThat(f.describe())
                            .contains("before the layout's policies there")
                            .contains("it decides nothing (no account is below it)"));
        }
    }
}
