package dev.aioptout.audit;

import dev.aioptout.engine.AccountState;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.OrgPolicy;
import dev.aioptout.engine.Organization;
import dev.aioptout.policy.AwsIds;
import dev.aioptout.policy.NodeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
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
 * what the call must return, and any id that is not of the kind AWS documents for its field,
 * becomes an {@link AuditFailure} naming the call. Every call is held to the session's deadline.
 *
 * <p>ListAccounts is not read to compare totals: its pages (one per 20 accounts) would take an
 * organization whose accounts crowd into few OUs past the call budget.
 */
public final class OrganizationReader {

    /** Pages one listing may take: 200,000 items at 20 a page, far beyond any organization's quotas. */
    public static final int MAX_PAGES = 10_000;

    private final Session session;
    private final OrganizationsClient client;
    private final int pageSize;
    private final int maxPages;
    private final AuditProgress progress;
    private final Map<String, String> parentOfAccount = new HashMap<>();

    public OrganizationReader(Session session) {
        this(session, MAX_PAGES);
    }

    /** @param maxPages pages one listing may take before the reading stops as broken */
    public OrganizationReader(Session session, int maxPages) {
        this.session = session;
        this.client = session.client();
        this.pageSize = session.settings().pageSize();
        this.maxPages = maxPages;
        this.progress = session.progress();
    }

    public LiveOrganization read() {
        var org = call(
                "DescribeOrganization",
                "DescribeOrganization",
                o -> client.describeOrganization(r -> r.overrideConfiguration(o)),
                answer -> {
                    var o = AwsCall.required(answer.organization(), "Organization");
                    AwsCall.id(o.id(), AwsIds.Kind.ORGANIZATION, "Organization.Id");
                    if (o.masterAccountId() != null) {
                        AwsCall.id(o.masterAccountId(), AwsIds.Kind.ACCOUNT, "Organization.MasterAccountId");
                    }
                    return o;
                });
        Root root = call(
                "ListRoots",
                "ListRoots",
                o -> client.listRoots(r -> r.maxResults(pageSize).overrideConfiguration(o)),
                answer -> {
                    if (answer.roots().isEmpty()) {
                        throw new AwsCall.Malformed("the answer lists no root (an organization has exactly one)");
                    }
                    Root first = answer.roots().get(0);
                    AwsCall.id(first.id(), AwsIds.Kind.ROOT, "Roots[0].Id");
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
        progress.policies(0);
        for (PolicySummary summary : summaries) {
            Policy policy = call(
                    "DescribePolicy",
                    "DescribePolicy " + summary.id(),
                    o -> client.describePolicy(r -> r.policyId(summary.id()).overrideConfiguration(o)),
                    answer -> {
                        Policy p = AwsCall.required(answer.policy(), "Policy");
                        AwsCall.required(p.content(), "Policy.Content");
                        return p;
                    });
            policies.add(new OrgPolicy(summary.id(), summary.name(), policy.content()));
            descriptions.put(summary.id(), summary.description() == null ? "" : summary.description());
            for (PolicyTargetSummary target : listTargets(summary.id())) {
                attachedTo
                        .computeIfAbsent(target.targetId(), k -> new ArrayList<>())
                        .add(summary.id());
            }
            progress.policies(policies.size());
        }
        OrgNode tree = node(NodeKind.ROOT, root.id(), root.name(), attachedTo);
        requireManagementAccount(org.masterAccountId());
        Organization organization = new Organization(org.id(), root.id(), enabledTypes(root), policies, tree, false);
        return new LiveOrganization(organization, org.featureSet(), org.masterAccountId(), aiStatus, descriptions);
    }

    private <R, T> T call(
            String operation,
            String subject,
            Function<AwsRequestOverrideConfiguration, R> request,
            Function<R, T> read) {
        return AwsCall.run(session, CallKind.LISTING, operation, subject, request, read);
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
        progress.accounts(children.size());
        for (OrganizationalUnit ou : listOus(id)) {
            progress.ou();
            children.add(node(NodeKind.ORGANIZATIONAL_UNIT, ou.id(), ou.name(), attachedTo));
        }
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
                session,
                new Pages.Listing<>(
                        "ListAccountsForParent",
                        parent,
                        ListAccountsForParentResponse::accounts,
                        ListAccountsForParentResponse::nextToken,
                        Account::id,
                        "Accounts[].Id",
                        AwsIds.Kind.ACCOUNT),
                maxPages,
                (token, o) -> client.listAccountsForParent(r ->
                        r.parentId(parent).maxResults(pageSize).nextToken(token).overrideConfiguration(o)));
    }

    private List<OrganizationalUnit> listOus(String parent) {
        return Pages.all(
                session,
                new Pages.Listing<>(
                        "ListOrganizationalUnitsForParent",
                        parent,
                        ListOrganizationalUnitsForParentResponse::organizationalUnits,
                        ListOrganizationalUnitsForParentResponse::nextToken,
                        OrganizationalUnit::id,
                        "OrganizationalUnits[].Id",
                        AwsIds.Kind.OU),
                maxPages,
                (token, o) -> client.listOrganizationalUnitsForParent(r ->
                        r.parentId(parent).maxResults(pageSize).nextToken(token).overrideConfiguration(o)));
    }

    private List<PolicySummary> listPolicies() {
        return Pages.all(
                session,
                new Pages.Listing<>(
                        "ListPolicies",
                        PolicyType.AISERVICES_OPT_OUT_POLICY.toString(),
                        ListPoliciesResponse::policies,
                        ListPoliciesResponse::nextToken,
                        PolicySummary::id,
                        "Policies[].Id",
                        AwsIds.Kind.POLICY),
                maxPages,
                (token, o) -> client.listPolicies(r -> r.filter(PolicyType.AISERVICES_OPT_OUT_POLICY)
                        .maxResults(pageSize)
                        .nextToken(token)
                        .overrideConfiguration(o)));
    }

    private List<PolicyTargetSummary> listTargets(String policyId) {
        return Pages.all(
                session,
                new Pages.Listing<>(
                        "ListTargetsForPolicy",
                        policyId,
                        ListTargetsForPolicyResponse::targets,
                        ListTargetsForPolicyResponse::nextToken,
                        PolicyTargetSummary::targetId,
                        "Targets[].TargetId",
                        AwsIds.Kind.TARGET),
                maxPages,
                (token, o) -> client.listTargetsForPolicy(r -> r.policyId(policyId)
                        .maxResults(pageSize)
                        .nextToken(token)
                        .overrideConfiguration(o)));
    }
}
