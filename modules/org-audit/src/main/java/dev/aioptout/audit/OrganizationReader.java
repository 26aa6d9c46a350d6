package dev.aioptout.audit;

import dev.aioptout.engine.NodeKind;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.OrgPolicy;
import dev.aioptout.engine.Organization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.ListAccountsForParentResponse;
import software.amazon.awssdk.services.organizations.model.ListOrganizationalUnitsForParentResponse;
import software.amazon.awssdk.services.organizations.model.ListPoliciesResponse;
import software.amazon.awssdk.services.organizations.model.ListTargetsForPolicyResponse;
import software.amazon.awssdk.services.organizations.model.OrganizationalUnit;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;
import software.amazon.awssdk.services.organizations.model.Policy;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyTargetSummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;
import software.amazon.awssdk.services.organizations.model.PolicyTypeSummary;
import software.amazon.awssdk.services.organizations.model.Root;
import software.amazon.awssdk.services.organizations.model.TooManyRequestsException;

/**
 * Reads a live organization with few calls: ListRoots, the OU tree with
 * ListOrganizationalUnitsForParent and ListAccountsForParent, ListPolicies for the AI type, and
 * DescribePolicy and ListTargetsForPolicy per policy. Every list pages until NextToken is null,
 * even past an empty page. Any failure that retries do not cure becomes an {@link AuditFailure}.
 */
public final class OrganizationReader {

    /** What a reading costs and where it is, for a progress line. */
    public record Progress(int ous, int accounts, int policies) {}

    private final OrganizationsClient client;
    private final int pageSize;
    private final Consumer<Progress> progress;
    private int ous;
    private int accounts;

    public OrganizationReader(OrganizationsClient client, int pageSize, Consumer<Progress> progress) {
        this.client = client;
        this.pageSize = pageSize;
        this.progress = progress;
    }

    public LiveOrganization read() {
        var org = call(
                "DescribeOrganization",
                "organizations:DescribeOrganization",
                () -> client.describeOrganization().organization());
        Root root = call(
                "ListRoots",
                "organizations:ListRoots",
                () -> client.listRoots(r -> r.maxResults(pageSize)).roots().get(0));
        String aiStatus = null;
        for (PolicyTypeSummary type : root.policyTypes()) {
            if (type.type() == PolicyType.AISERVICES_OPT_OUT_POLICY) {
                aiStatus = type.statusAsString();
            }
        }
        List<PolicySummary> summaries = listPolicies();
        List<OrgPolicy> policies = new ArrayList<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        Map<String, List<String>> attachedTo = new HashMap<>();
        for (PolicySummary summary : summaries) {
            Policy policy = call(
                    "DescribePolicy",
                    "organizations:DescribePolicy",
                    () -> client.describePolicy(r -> r.policyId(summary.id())).policy());
            policies.add(new OrgPolicy(summary.id(), summary.name(), policy.content()));
            descriptions.put(summary.id(), summary.description() == null ? "" : summary.description());
            for (PolicyTargetSummary target : listTargets(summary.id())) {
                attachedTo
                        .computeIfAbsent(target.targetId(), k -> new ArrayList<>())
                        .add(summary.id());
            }
        }
        OrgNode tree = node(NodeKind.ROOT, root.id(), root.name(), null, attachedTo);
        progress.accept(new Progress(ous, accounts, policies.size()));
        Organization organization = new Organization(org.id(), root.id(), enabledTypes(root), policies, tree, false);
        return new LiveOrganization(
                organization, org.featureSetAsString(), org.masterAccountId(), aiStatus, descriptions);
    }

    private static List<String> enabledTypes(Root root) {
        return root.policyTypes().stream()
                .filter(t -> "ENABLED".equals(t.statusAsString()))
                .map(PolicyTypeSummary::typeAsString)
                .toList();
    }

    private OrgNode node(NodeKind kind, String id, String name, String status, Map<String, List<String>> attachedTo) {
        List<OrgNode> children = new ArrayList<>();
        if (kind != NodeKind.ACCOUNT) {
            for (Account account : listAccounts(id)) {
                accounts++;
                children.add(new OrgNode(
                        NodeKind.ACCOUNT,
                        account.id(),
                        account.name(),
                        account.statusAsString(),
                        attachedTo.getOrDefault(account.id(), List.of()),
                        List.of()));
            }
            for (OrganizationalUnit ou : listOus(id)) {
                ous++;
                children.add(node(NodeKind.ORGANIZATIONAL_UNIT, ou.id(), ou.name(), null, attachedTo));
            }
            progress.accept(new Progress(ous, accounts, -1));
        }
        return new OrgNode(kind, id, name, status, attachedTo.getOrDefault(id, List.of()), children);
    }

    private List<Account> listAccounts(String parent) {
        return pages(
                "ListAccountsForParent",
                token -> client.listAccountsForParent(
                        r -> r.parentId(parent).maxResults(pageSize).nextToken(token)),
                ListAccountsForParentResponse::accounts,
                ListAccountsForParentResponse::nextToken);
    }

    private List<OrganizationalUnit> listOus(String parent) {
        return pages(
                "ListOrganizationalUnitsForParent",
                token -> client.listOrganizationalUnitsForParent(
                        r -> r.parentId(parent).maxResults(pageSize).nextToken(token)),
                ListOrganizationalUnitsForParentResponse::organizationalUnits,
                ListOrganizationalUnitsForParentResponse::nextToken);
    }

    private List<PolicySummary> listPolicies() {
        return pages(
                "ListPolicies",
                token -> client.listPolicies(r -> r.filter(PolicyType.AISERVICES_OPT_OUT_POLICY)
                        .maxResults(pageSize)
                        .nextToken(token)),
                ListPoliciesResponse::policies,
                ListPoliciesResponse::nextToken);
    }

    private List<PolicyTargetSummary> listTargets(String policyId) {
        return pages(
                "ListTargetsForPolicy",
                token -> client.listTargetsForPolicy(
                        r -> r.policyId(policyId).maxResults(pageSize).nextToken(token)),
                ListTargetsForPolicyResponse::targets,
                ListTargetsForPolicyResponse::nextToken);
    }

    /** Every page of a List call, until NextToken is null: a page may be empty while a token remains. */
    private static <R, T> List<T> pages(
            String operation, Function<String, R> request, Function<R, List<T>> items, Function<R, String> nextToken) {
        List<T> out = new ArrayList<>();
        String token = null;
        do {
            String current = token;
            R page = call(operation, "organizations:" + operation, () -> request.apply(current));
            out.addAll(items.apply(page));
            token = nextToken.apply(page);
        } while (token != null);
        return out;
    }

    /** Runs one call; what the SDK's retries could not cure becomes an AuditFailure naming the call and permission. */
    static <T> T call(String operation, String permission, Supplier<T> request) {
        try {
            return request.get();
        } catch (AwsOrganizationsNotInUseException e) {
            throw new AuditFailure(
                    operation,
                    "this account is not a member of an organization",
                    "run with credentials of the organization's management account or a delegated administrator",
                    e);
        } catch (AccessDeniedException e) {
            throw new AuditFailure(
                    operation,
                    "access denied: " + e.awsErrorDetails().errorMessage(),
                    "the caller needs " + permission
                            + "; run as the management account, or as a delegated administrator"
                            + " for AISERVICES_OPT_OUT_POLICY (organizations:PolicyType condition)",
                    e);
        } catch (TooManyRequestsException e) {
            throw new AuditFailure(operation, "still throttled after every retry", "run again later, or off-peak", e);
        } catch (OrganizationsException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            throw new AuditFailure(
                    operation,
                    (code.isEmpty() ? "" : code + ": ") + firstLine(e.getMessage()) + " (HTTP " + e.statusCode()
                            + ", after retries)",
                    null,
                    e);
        } catch (SdkClientException e) {
            throw new AuditFailure(
                    operation,
                    firstLine(e.getMessage()),
                    "check the network, the endpoint, and that credentials are available (--profile, AWS_PROFILE, environment)",
                    e);
        } catch (SdkException e) {
            throw new AuditFailure(operation, firstLine(e.getMessage()), null, e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse(message);
    }
}
