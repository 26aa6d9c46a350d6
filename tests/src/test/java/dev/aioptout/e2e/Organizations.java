package dev.aioptout.e2e;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;
import software.amazon.awssdk.services.organizations.model.PolicyTypeStatus;
import software.amazon.awssdk.services.organizations.model.PolicyTypeSummary;
import software.amazon.awssdk.services.organizations.model.Root;

/** Prepares and reads organizations in the emulator through the AWS SDK, the way AWS would be read. */
final class Organizations {

    private final OrganizationsClient client;

    Organizations(Emulator emulator) {
        this.client = emulator.organizations();
    }

    String create(OrganizationFeatureSet features) {
        return client.createOrganization(r -> r.featureSet(features))
                .organization()
                .id();
    }

    Root root() {
        return client.listRoots().roots().get(0);
    }

    /** The root's policy types and their status, as ListRoots reports them (not DescribeOrganization's deprecated field). */
    List<String> enabledPolicyTypes() {
        List<String> types = new ArrayList<>();
        for (PolicyTypeSummary t : root().policyTypes()) {
            if (t.status() == PolicyTypeStatus.ENABLED) {
                types.add(t.typeAsString());
            }
        }
        return types;
    }

    void enablePolicyType(PolicyType type) {
        client.enablePolicyType(r -> r.rootId(root().id()).policyType(type));
    }

    void enableTrustedAccess(String principal) {
        client.enableAWSServiceAccess(r -> r.servicePrincipal(principal));
    }

    List<String> trustedServices() {
        return client.listAWSServiceAccessForOrganization(r -> {}).enabledServicePrincipals().stream()
                .map(p -> p.servicePrincipal())
                .sorted()
                .toList();
    }

    String createOu(String parentId, String name) {
        return client.createOrganizationalUnit(r -> r.parentId(parentId).name(name))
                .organizationalUnit()
                .id();
    }

    /** Creates an account and moves it under the parent; returns its id. */
    String createAccount(String parentId, String name) {
        CreateAccountStatus status = client.createAccount(
                        r -> r.accountName(name).email(name + "@example.com"))
                .createAccountStatus();
        String id = client.describeCreateAccountStatus(r -> r.createAccountRequestId(status.id()))
                .createAccountStatus()
                .accountId();
        String root = root().id();
        if (!parentId.equals(root)) {
            client.moveAccount(r -> r.accountId(id).sourceParentId(root).destinationParentId(parentId));
        }
        return id;
    }

    String createPolicy(PolicyType type, String name, String content) {
        return client.createPolicy(
                        r -> r.type(type).name(name).description(name).content(content))
                .policy()
                .policySummary()
                .id();
    }

    void attach(String policyId, String targetId) {
        client.attachPolicy(r -> r.policyId(policyId).targetId(targetId));
    }

    /** Policies of a type attached directly to a target, every page. */
    List<PolicySummary> policiesFor(String targetId, PolicyType type) {
        List<PolicySummary> out = new ArrayList<>();
        client.listPoliciesForTargetPaginator(r -> r.targetId(targetId).filter(type))
                .forEach(page -> out.addAll(page.policies()));
        return out;
    }

    List<PolicySummary> policies(PolicyType type) {
        List<PolicySummary> out = new ArrayList<>();
        client.listPoliciesPaginator(r -> r.filter(type)).forEach(page -> out.addAll(page.policies()));
        return out;
    }

    String content(String policyId) {
        return client.describePolicy(r -> r.policyId(policyId)).policy().content();
    }

    String organizationId() {
        return client.describeOrganization().organization().id();
    }

    List<Account> accounts() {
        List<Account> out = new ArrayList<>();
        client.listAccountsPaginator(r -> {}).forEach(page -> out.addAll(page.accounts()));
        return out;
    }
}
