package dev.aioptout.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aioptout.audit.testing.FakeOrganizations;
import dev.aioptout.audit.testing.FakeOrganizations.Answer;
import dev.aioptout.engine.AccountState;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.Organization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.organizations.model.PolicyTypeStatus;

/**
 * Reading a live organization from the fake endpoint: the tree, the policies and where they are
 * attached; every id checked where it enters; every listing read to its end and no further.
 */
class OrganizationReaderTest extends WithFakeOrganization {

    private AuditFailure failure() {
        try (Session session = Sessions.open(aws.endpoint(), Duration.ofSeconds(30))) {
            return (AuditFailure)
                    org.assertj.core.api.Assertions.catchThrowable(() -> new OrganizationReader(session).read());
        }
    }

    @Test
    void theTreeThePoliciesAndTheirAttachmentsAreReadInOrder() {
        LiveOrganization live = read();
        Organization org = live.organization();
        assertThat(org.organizationId()).isEqualTo("o-fake000001");
        assertThat(org.rootId()).isEqualTo("r-fake");
        assertThat(org.enabledPolicyTypes()).containsExactly("AISERVICES_OPT_OUT_POLICY");
        assertThat(live.featureSet()).isEqualTo(OrganizationFeatureSet.ALL);
        assertThat(live.aiPolicyTypeStatus()).isEqualTo(PolicyTypeStatus.ENABLED);
        assertThat(live.managementAccountId()).isEqualTo("111111111111");
        assertThat(live.descriptions())
                .containsEntry("p-baseline01", "baseline")
                .containsEntry("p-exception1", "Exception lex-team: chatbot (expires 2099-01-01)");
        OrgNode root = org.root();
        assertThat(root.policyIds()).containsExactly("p-baseline01");
        assertThat(root.children()).extracting(OrgNode::id).containsExactly("111111111111", "ou-fake-11111111");
        OrgNode workloads = root.children().get(1);
        assertThat(workloads.name()).isEqualTo("Workloads");
        assertThat(workloads.children())
                .extracting(OrgNode::id)
                .containsExactly("222222222222", "333333333333", "ou-fake-22222222");
        OrgNode prod = workloads.children().get(2);
        assertThat(prod.policyIds()).containsExactly("p-exception1");
        assertThat(prod.children())
                .extracting(OrgNode::state)
                .containsExactly(AccountState.ACTIVE, AccountState.SUSPENDED);
        assertThat(org.policies())
                .extracting(p -> p.id() + " " + p.name())
                .containsExactly("p-baseline01 ai-optout-all-services", "p-exception1 lex-team");
    }

    @Test
    void progressCountsWhatWasReadAndEveryCall() {
        List<String> lines = new ArrayList<>();
        ApiCalls calls = new ApiCalls();
        AuditProgress progress = new AuditProgress(calls, p -> lines.add(p.describe()));
        try (Session session = OrganizationsClients.open(
                Sessions.CREDENTIALS,
                Sessions.settings(aws.endpoint()),
                Deadline.after(Duration.ofSeconds(30)),
                progress)) {
            new OrganizationReader(session).read();
        }
        assertThat(progress.describe()).isEqualTo("2 AI opt-out policies, 2 OUs, 5 accounts read");
        assertThat(progress.ous()).isEqualTo(2);
        assertThat(progress.accounts()).isEqualTo(5);
        assertThat(progress.line())
                .isEqualTo("2 AI opt-out policies, 2 OUs, 5 accounts read; 13 API calls, 0 retries (0 throttled)");
        assertThat(lines).as("told of each change and each attempt").hasSizeGreaterThan(13);
        assertThat(lines.get(0)).isEqualTo("0 OUs, 0 accounts read");
        assertThat(calls.byOperation())
                .containsEntry("ListAccountsForParent", 3)
                .containsEntry("ListOrganizationalUnitsForParent", 3)
                .containsEntry("DescribePolicy", 2);
        assertThat(calls.of("DescribeOrganization")).isEqualTo(1);
        assertThat(calls.of("ListAccounts"))
                .as("not read: the tree has every account")
                .isZero();
    }

    /** An id of the wrong kind is refused where it enters, naming the call, the field and the value. */
    @Nested
    class Ids {

        private void assertRefused(String call, String field, String value, String kind) {
            AuditFailure f = failure();
            assertThat(f.operation()).isEqualTo(call);
            assertThat(f.getMessage()).isEqualTo("the answer's " + field + " \"" + value + "\" is not " + kind);
            assertThat(f.hint()).isEqualTo("the endpoint did not answer as AWS Organizations does");
        }

        @ParameterizedTest
        @ValueSource(strings = {"p-$(touch pwned)", "p-1234", "p-12345678\n", "P-12345678", "r-fake"})
        void aPolicyIdThatIsNotOne(String id) {
            aws.answer(
                    "ListPolicies",
                    request -> Answer.json(Map.of(
                            "Policies",
                            List.of(Map.of(
                                    "Id",
                                    id,
                                    "Name",
                                    "x",
                                    "Type",
                                    "AISERVICES_OPT_OUT_POLICY",
                                    "AwsManaged",
                                    false)))));
            assertRefused(
                    "ListPolicies AISERVICES_OPT_OUT_POLICY",
                    "Policies[].Id",
                    id,
                    "a policy id (p- and 8 to 128 letters, digits or '_')");
        }

        @Test
        void anAccountIdThatIsNotOne() {
            aws.accounts.add(new FakeOrganizations.Account("12345678901`", "evil", aws.rootId, "ACTIVE"));
            assertRefused("ListAccountsForParent r-fake", "Accounts[].Id", "12345678901`", "an account id (12 digits)");
        }

        @Test
        void anOuIdThatIsNotOne() {
            aws.ous.put("ou-fake-1; rm -rf", aws.rootId);
            aws.ouNames.put("ou-fake-1; rm -rf", "evil");
            assertRefused(
                    "ListOrganizationalUnitsForParent r-fake",
                    "OrganizationalUnits[].Id",
                    "ou-fake-1; rm -rf",
                    "an OU id (like ou-ab12-34567890)");
        }

        @Test
        void aTargetIdThatIsNotOne() {
            aws.answer(
                    "ListTargetsForPolicy",
                    request -> Answer.json(Map.of("Targets", List.of(Map.of("TargetId", "$(id)")))));
            assertRefused(
                    "ListTargetsForPolicy p-baseline01",
                    "Targets[].TargetId",
                    "$(id)",
                    "a root, OU or account id (r-..., ou-...-... or 12 digits)");
        }

        @Test
        void aRootIdThatIsNotOne() {
            aws.answer("ListRoots", request -> Answer.json(Map.of("Roots", List.of(Map.of("Id", "root`id`")))));
            assertRefused(
                    "ListRoots", "Roots[0].Id", "root`id`", "a root id (r- and 4 to 32 lowercase letters or digits)");
        }

        @Test
        void anOrganizationOrManagementAccountIdThatIsNotOne() {
            aws.answer(
                    "DescribeOrganization",
                    request -> Answer.json(Map.of(
                            "Organization",
                            Map.of("Id", "o-$(x)", "FeatureSet", "ALL", "MasterAccountId", "111111111111"))));
            assertRefused(
                    "DescribeOrganization", "Organization.Id", "o-$(x)", "an organization id (like o-exampleorgid)");
            aws.answer(
                    "DescribeOrganization",
                    request -> Answer.json(Map.of(
                            "Organization",
                            Map.of("Id", "o-fake000001", "FeatureSet", "ALL", "MasterAccountId", "1111"))));
            assertRefused("DescribeOrganization", "Organization.MasterAccountId", "1111", "an account id (12 digits)");
        }

        @Test
        void anItemWithoutAnIdIsRefusedAsMissing() {
            aws.answer(
                    "ListOrganizationalUnitsForParent",
                    request -> Answer.json(Map.of("OrganizationalUnits", List.of(Map.of("Name", "no id")))));
            AuditFailure f = failure();
            assertThat(f.operation()).isEqualTo("ListOrganizationalUnitsForParent r-fake");
            assertThat(f.getMessage()).isEqualTo("the answer has no OrganizationalUnits[].Id");
        }
    }

    /** Every listing to its end, past empty pages; never a listing that would not end. */
    @Nested
    class Paging {

        /** Answers the operation page by page: the function gives page n's answer (n from 1). */
        private void pages(String operation, Function<Integer, Map<String, Object>> page) {
            AtomicInteger n = new AtomicInteger();
            aws.answer(operation, request -> {
                JsonNode token = request.path("NextToken");
                int number = token.isMissingNode()
                        ? 1
                        : Integer.parseInt(token.asText().substring(5));
                n.incrementAndGet();
                return Answer.json(page.apply(number));
            });
        }

        private static Map<String, Object> ous(List<Map<String, String>> items, String next) {
            return next == null
                    ? Map.of("OrganizationalUnits", items)
                    : Map.of("OrganizationalUnits", items, "NextToken", next);
        }

        @Test
        void emptyPagesWithATokenAreReadPast() {
            pages(
                    "ListOrganizationalUnitsForParent",
                    n -> n < 4 ? ous(List.of(), "page-" + (n + 1)) : ous(List.of(), null));
            LiveOrganization live = read();
            assertThat(live.organization().root().children())
                    .extracting(OrgNode::id)
                    .containsExactly("111111111111");
            assertThat(aws.calls("ListOrganizationalUnitsForParent")).isEqualTo(4);
        }

        @Test
        void theSameTokenTwiceEndsTheListing() {
            pages("ListOrganizationalUnitsForParent", n -> ous(List.of(), "page-1"));
            AuditFailure f = failure();
            assertThat(f.operation()).isEqualTo("ListOrganizationalUnitsForParent r-fake");
            assertThat(f.getMessage()).isEqualTo("the same NextToken came back twice; the listing would never end");
        }

        @Test
        void anItemListedTwiceEndsTheListing() {
            pages(
                    "ListOrganizationalUnitsForParent",
                    n -> ous(List.of(Map.of("Id", "ou-fake-33333333", "Name", "again")), n == 1 ? "page-2" : null));
            AuditFailure f = failure();
            assertThat(f.getMessage()).isEqualTo("ou-fake-33333333 is listed twice; the paging is broken");
        }

        @Test
        void aRunOfEmptyPagesEndsTheListing() {
            pages("ListOrganizationalUnitsForParent", n -> ous(List.of(), "page-" + (n + 1)));
            AuditFailure f = failure();
            assertThat(f.getMessage())
                    .isEqualTo(Pages.MAX_EMPTY_PAGES + " empty pages in a row and NextToken still set; the listing does"
                            + " not end");
        }

        @Test
        void moreThanTheBoundedNumberOfPagesEndsTheListing() {
            pages(
                    "ListOrganizationalUnitsForParent",
                    n -> ous(List.of(Map.of("Id", String.format("ou-fake-%08d", n), "Name", "n")), "page-" + (n + 1)));
            try (Session session = Sessions.open(aws.endpoint(), Duration.ofSeconds(30))) {
                assertThatThrownBy(() -> new OrganizationReader(session, 5).read())
                        .isInstanceOfSatisfying(
                                AuditFailure.class,
                                f -> assertThat(f.getMessage())
                                        .isEqualTo(
                                                "more than 5 pages and NextToken still set; the listing does not end"));
            }
        }
    }

    @Test
    void anAccountUnderTwoParentsMeansTheOrganizationChangedWhileItWasRead() {
        aws.accounts.add(new FakeOrganizations.Account("222222222222", "workload-1", aws.rootId, "ACTIVE"));
        AuditFailure f = failure();
        assertThat(f.operation()).isEqualTo("ListAccountsForParent");
        assertThat(f.getMessage()).isEqualTo("account 222222222222 is listed under both r-fake and ou-fake-11111111");
    }

    @Test
    void aTreeWithoutTheManagementAccountLeftAccountsOut() {
        aws.accounts.removeIf(a -> a.id().equals(aws.managementAccountId));
        AuditFailure f = failure();
        assertThat(f.getMessage()).startsWith("the management account 111111111111 (from DescribeOrganization) is not");
    }

    @Test
    void answersWithoutWhatTheCallMustReturnAreRefusedNamingTheField() {
        aws.answer("DescribeOrganization", request -> Answer.json(Map.of()));
        assertThat(failure().getMessage()).isEqualTo("the answer has no Organization");
        aws.standard("DescribeOrganization");
        aws.answer("ListRoots", request -> Answer.json(Map.of("Roots", List.of())));
        assertThat(failure().getMessage()).isEqualTo("the answer lists no root (an organization has exactly one)");
        aws.standard("ListRoots");
        aws.answer("DescribePolicy", request -> Answer.json(Map.of("Policy", Map.of())));
        AuditFailure f = failure();
        assertThat(f.operation()).isEqualTo("DescribePolicy p-baseline01");
        assertThat(f.getMessage()).isEqualTo("the answer has no Policy.Content");
    }
}
