package dev.aioptout.audit;

import dev.aioptout.engine.Organization;
import java.util.Map;

/**
 * What was read from AWS: the organization in the engine's model (attachment order not known),
 * and the facts the checks need beyond it.
 *
 * @param aiPolicyTypeStatus the AI opt-out policy type's status on the root, as ListRoots reports it; null when absent
 * @param descriptions       AI opt-out policy descriptions by policy id
 */
public record LiveOrganization(
        Organization organization,
        String featureSet,
        String managementAccountId,
        String aiPolicyTypeStatus,
        Map<String, String> descriptions) {

    public LiveOrganization {
        descriptions = Map.copyOf(descriptions);
    }
}
