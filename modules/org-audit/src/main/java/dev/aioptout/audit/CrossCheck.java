package dev.aioptout.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.policy.OptValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.EffectivePolicyNotFoundException;
import software.amazon.awssdk.services.organizations.model.EffectivePolicyType;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;

/**
 * Asks AWS for accounts' effective policies where it answers, so the engine's result can be
 * compared with AWS's own. An API that does not answer (the emulator does not implement it, or an
 * older partition) is "unavailable", never a reason to call an account compliant.
 */
public final class CrossCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param available false when the first call showed the API does not answer here
     * @param effective AWS's effective values per account id; absent for accounts AWS has none for
     * @param failures  accounts whose call failed after the API had answered for others
     * @param invalid   account ids AWS lists as having an invalid effective policy, or null when that API is unavailable
     */
    public record Result(
            boolean available,
            String unavailableReason,
            Map<String, SortedMap<String, OptValue>> effective,
            Map<String, String> failures,
            List<String> invalid) {

        public static Result notRun(String reason) {
            return new Result(false, reason, Map.of(), Map.of(), null);
        }
    }

    private CrossCheck() {}

    public static Result run(OrganizationsClient client, List<String> accountIds) {
        Map<String, SortedMap<String, OptValue>> effective = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        boolean answered = false;
        for (String account : accountIds) {
            try {
                String content = client.describeEffectivePolicy(
                                r -> r.policyType(EffectivePolicyType.AISERVICES_OPT_OUT_POLICY)
                                        .targetId(account))
                        .effectivePolicy()
                        .policyContent();
                effective.put(account, parse(content));
                answered = true;
            } catch (EffectivePolicyNotFoundException e) {
                effective.put(account, new TreeMap<>());
                answered = true;
            } catch (AccessDeniedException e) {
                if (!answered) {
                    return Result.notRun(
                            "DescribeEffectivePolicy: access denied (needs organizations:DescribeEffectivePolicy)");
                }
                failures.put(account, "access denied");
            } catch (OrganizationsException e) {
                if (!answered) {
                    return Result.notRun("DescribeEffectivePolicy does not answer here (HTTP " + e.statusCode() + ")");
                }
                failures.put(account, "HTTP " + e.statusCode() + " after retries");
            } catch (RuntimeException e) {
                if (!answered) {
                    return Result.notRun("DescribeEffectivePolicy does not answer here ("
                            + e.getClass().getSimpleName() + ")");
                }
                failures.put(account, e.getClass().getSimpleName());
            }
        }
        return new Result(true, null, effective, failures, invalidAccounts(client));
    }

    /** ListAccountsWithInvalidEffectivePolicy for the AI type, every page; null when the API does not answer. */
    static List<String> invalidAccounts(OrganizationsClient client) {
        try {
            List<String> ids = new ArrayList<>();
            client.listAccountsWithInvalidEffectivePolicyPaginator(
                            r -> r.policyType(EffectivePolicyType.AISERVICES_OPT_OUT_POLICY))
                    .forEach(page -> page.accounts().forEach(a -> ids.add(a.id())));
            return ids;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code {"services":{"lex":{"opt_out_policy":"optIn"}}}} to key -> value. */
    static SortedMap<String, OptValue> parse(String content) {
        SortedMap<String, OptValue> values = new TreeMap<>();
        try {
            JsonNode services = JSON.readTree(content).path("services");
            services.fields().forEachRemaining(f -> {
                Optional<OptValue> v =
                        OptValue.parse(f.getValue().path("opt_out_policy").asText());
                v.ifPresent(value -> values.put(f.getKey(), value));
            });
        } catch (Exception e) {
            throw new IllegalStateException("unreadable effective policy: " + e.getMessage(), e);
        }
        return values;
    }
}
