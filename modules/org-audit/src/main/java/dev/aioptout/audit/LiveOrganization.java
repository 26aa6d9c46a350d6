package dev.aioptout.audit;

import dev.aioptout.engine.Organization;
import java.util.Map;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.organizations.model.PolicyTypeStatus;

/**
 * What was read from AWS: the organization in the engine's model (attachment order not known),
 * and the facts the checks need beyond it.
 *
 * @param featureSet         as DescribeOrganization reports it; null when absent
 * @param aiPolicyTypeStatus the AI opt-out policy type's status on the root, as ListRoots reports it; null when absent
 * @param descriptions       AI opt-out policy descriptions by policy id
 */
public record LiveOrganization(
        Organization organization,
        OrganizationFeatureSet featureSet,
        String managementAccountId,
        PolicyTypeStatus aiPolicyTypeStatus,
        Map<String, String> descriptions) {

    public LiveOrganization {
        descriptions = Map.copyOf(descriptions);
    }
}
