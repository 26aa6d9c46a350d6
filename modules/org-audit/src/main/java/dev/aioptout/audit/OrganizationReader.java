package dev.aioptout.audit;

import dev.aioptout.engine.AccountState;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.OrgPolicy;
import dev.aioptout.engine.Organization;
import dev.aioptout.policy.NodeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.ListAccountsForParentResponse;
import software.amazon.awssdk.services.organizations.model.ListOrganizationalUnitsForParentResponse;
import software.amazon.awssdk.services.organizations.model.ListPoliciesResponse;
import software.amazon.awssdk.services.organizations.model.ListTargetsForPolicyResponse;
import software.amazon.awssdk.services.organizations.model.OrganizationalUnit;
import software.amazon.awssdk.services.organizations.model.Policy;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyTargetSummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;
import software.amazon.awssdk.services.organizations.model.PolicyTypeStatus;
import software.amazon.awssdk.services.organizations.model.PolicyTypeSummary;
import software.amazon.awssdk.services.organizations.model.Root;

/**
 * Reads a live organization with few calls: ListRoots, the OU tree with
 * ListOrganizationalUnitsForParent and ListAccountsForParent, ListPolicies for the AI type, and
 * DescribePolicy and ListTargetsForPolicy per policy. Every list pages until NextToken is null,
 * even past an empty page, but never without end: a NextToken given twice, an item listed twice,
 * or too many pages stop the reading. An account listed under two parents, or a tree without the
 * management account, means the answers cannot be complete. Any failure, and any answer without
 * what the call must return, becomes an {@link AuditFailure} naming the call.
 *
 * <p>ListAccounts is not read to compare totals: its pages (one per 20 accounts) would take an
 * organization whose accounts crowd into few OUs past the call budget.
 */
public final class OrganizationReader {

    /** What a reading costs and where it is, for a progress line. */
    public record Progress(int ous, int accounts, int policies) {}

    /** Pages one listing may take: 200,000 items at 20 a page, far beyond any organization's quotas. */
    public static final int MAX_PAGES = 10_000;

    private final OrganizationsClient client;
    private final int pageSize;
    private final int maxPages;
    private final Consumer<Progress> progress;
    private final Map<String, String> parentOfAccount = new HashMap<>();
    private int ous;

    public OrganizationReader(OrganizationsClient client, int pageSize, Consumer<Progress> progress) {
        this(client, pageSize, MAX_PAGES, progress);
    }

    /** @param maxPages pages one listing may take before the reading stops as broken */
    public OrganizationReader(OrganizationsClient client, int pageSize, int maxPages, Consumer<Progress> progress) {
        this.client = client;
        this.pageSize = pageSize;
        this.maxPages = maxPages;
        this.progress = progress;
    }

    public LiveOrganization read() {
        var org = AwsCall.run("DescribeOrganization", () -> client.describeOrganization(), answer -> {
            var o = AwsCall.required(answer.organization(), "Organization");
            AwsCall.required(o.id(), "Organization.Id");
            return o;
        });
        Root root = AwsCall.run("ListRoots", () -> client.listRoots(r -> r.maxResults(pageSize)), answer -> {
            if (answer.roots().isEmpty()) {
                throw new AwsCall.Malformed("the answer lists no root (an organization has exactly one)");
            }
            Root first = answer.roots().get(0);
            AwsCall.required(first.id(), "Roots[0].Id");
            for (PolicyTypeSummary type : first.policyTypes()) {
                String name = AwsCall.required(type.typeAsString(), "Roots[0].PolicyTypes[].Type");
                if (!Organization.POLICY_TYPE.matcher(name).matches()) {
                    throw new AwsCall.Malformed(
                            "Roots[0].PolicyTypes[].Type \"" + name + "\" is not a policy type name");
                }
            }
            return first;
        });
        PolicyTypeStatus aiStatus = null;
        for (PolicyTypeSummary type : root.policyTypes()) {
            if (type.type() == PolicyType.AISERVICES_OPT_OUT_POLICY) {
                aiStatus = type.status();
            }
        }
        List<PolicySummary> summaries = listPolicies();
        List<OrgPolicy> policies = new ArrayList<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        Map<String, List<String>> attachedTo = new HashMap<>();
        for (PolicySummary summary : summaries) {
            String operation = "DescribePolicy " + summary.id();
            Policy policy = AwsCall.run(
                    "DescribePolicy",
                    () -> client.describePolicy(r -> r.policyId(summary.id())),
                    answer -> {
                        Policy p = AwsCall.required(answer.policy(), "Policy");
                        AwsCall.required(p.content(), "Policy.Content");
                        return p;
                    },
                    operation);
            policies.add(new OrgPolicy(summary.id(), summary.name(), policy.content()));
            descriptions.put(summary.id(), summary.description() == null ? "" : summary.description());
            for (PolicyTargetSummary target : listTargets(summary.id())) {
                attachedTo
                        .computeIfAbsent(target.targetId(), k -> new ArrayList<>())
                        .add(summary.id());
            }
        }
        OrgNode tree = node(NodeKind.ROOT, root.id(), root.name(), attachedTo);
        progress.accept(new Progress(ous, parentOfAccount.size(), policies.size()));
        requireManagementAccount(org.masterAccountId());
        Organization organization = new Organization(org.id(), root.id(), enabledTypes(root), policies, tree, false);
        return new LiveOrganization(organization, org.featureSet(), org.masterAccountId(), aiStatus, descriptions);
    }

    /**
     * As AWS names them: {@code typeAsString}, because the SDK's enum reads a type newer than itself
     * as UNKNOWN_TO_SDK_VERSION (NETWORK_SECURITY_DIRECTOR_POLICY and GUARDDUTY_POLICY in 2.40.2).
     */
    private static List<String> enabledTypes(Root root) {
        return root.policyTypes().stream()
                .filter(t -> t.status() == PolicyTypeStatus.ENABLED)
                .map(PolicyTypeSummary::typeAsString)
                .toList();
    }

    private OrgNode node(NodeKind kind, String id, String name, Map<String, List<String>> attachedTo) {
        List<OrgNode> children = new ArrayList<>();
        for (Account account : listAccounts(id)) {
            String earlier = parentOfAccount.putIfAbsent(account.id(), id);
            if (earlier != null) {
                throw new AuditFailure(
                        "ListAccountsForParent",
                        "account " + account.id() + " is listed under both " + earlier + " and " + id,
                        "the organization changed while it was read; run again",
                        null);
            }
            children.add(new OrgNode(
                    NodeKind.ACCOUNT,
                    account.id(),
                    account.name(),
                    state(account),
                    attachedTo.getOrDefault(account.id(), List.of()),
                    List.of()));
        }
        for (OrganizationalUnit ou : listOus(id)) {
            ous++;
            children.add(node(NodeKind.ORGANIZATIONAL_UNIT, ou.id(), ou.name(), attachedTo));
        }
        progress.accept(new Progress(ous, parentOfAccount.size(), -1));
        return new OrgNode(kind, id, name, null, attachedTo.getOrDefault(id, List.of()), children);
    }

    /**
     * {@code State}, falling back to the retired {@code Status} only where {@code State} is absent
     * (the engine's rule). A value this version does not know is {@link AccountState#UNKNOWN}.
     */
    static AccountState state(Account account) {
        return AccountState.of(account.stateAsString(), account.statusAsString());
    }

    /**
     * The management account is in every organization: a tree without it was read from answers
     * that left accounts out (or the organization changed while it was read), so nothing read can
     * be trusted to be complete.
     */
    private void requireManagementAccount(String managementAccountId) {
        if (managementAccountId != null && !parentOfAccount.containsKey(managementAccountId)) {
            throw new AuditFailure(
                    "ListAccountsForParent",
                    "the management account " + managementAccountId + " (from DescribeOrganization) is not in the OU"
                            + " tree; the answers left accounts out",
                    "the organization may have changed while it was read; run again",
                    null);
        }
    }

    private List<Account> listAccounts(String parent) {
        return Pages.all(
                "ListAccountsForParent",
                parent,
                maxPages,
                token -> client.listAccountsForParent(
                        r -> r.parentId(parent).maxResults(pageSize).nextToken(token)),
                ListAccountsForParentResponse::accounts,
                ListAccountsForParentResponse::nextToken,
                Account::id);
    }

    private List<OrganizationalUnit> listOus(String parent) {
        return Pages.all(
                "ListOrganizationalUnitsForParent",
                parent,
                maxPages,
                token -> client.listOrganizationalUnitsForParent(
                        r -> r.parentId(parent).maxResults(pageSize).nextToken(token)),
                ListOrganizationalUnitsForParentResponse::organizationalUnits,
                ListOrganizationalUnitsForParentResponse::nextToken,
                OrganizationalUnit::id);
    }

    private List<PolicySummary> listPolicies() {
        return Pages.all(
                "ListPolicies",
                PolicyType.AISERVICES_OPT_OUT_POLICY.toString(),
                maxPages,
                token -> client.listPolicies(r -> r.filter(PolicyType.AISERVICES_OPT_OUT_POLICY)
                        .maxResults(pageSize)
                        .nextToken(token)),
                ListPoliciesResponse::policies,
                ListPoliciesResponse::nextToken,
                PolicySummary::id);
    }

    private List<PolicyTargetSummary> listTargets(String policyId) {
        return Pages.all(
                "ListTargetsForPolicy",
                policyId,
                maxPages,
                token -> client.listTargetsForPolicy(
                        r -> r.policyId(policyId).maxResults(pageSize).nextToken(token)),
                ListTargetsForPolicyResponse::targets,
                ListTargetsForPolicyResponse::nextToken,
                PolicyTargetSummary::targetId);
    }
}
