package dev.aioptout.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.engine.AccountState;
import dev.aioptout.engine.OrgNode;
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
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.EffectivePolicyNotFoundException;
import software.amazon.awssdk.services.organizations.model.EffectivePolicyType;
import software.amazon.awssdk.services.organizations.model.ListAccountsWithInvalidEffectivePolicyResponse;
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

    /** Which accounts to ask about: every ACTIVE one, an evenly spread sample of them, or none. */
    public enum Mode {
        all,
        sample,
        none
    }

    /** Accounts asked about with {@link Mode#sample}. */
    public static final int SAMPLE = 20;

    private CrossCheck() {}

    /** Asks AWS about the organization's ACTIVE accounts (the ones AWS answers for), as the mode says. */
    public static Result run(OrganizationsClient client, OrgNode root, Mode mode) {
        if (mode == Mode.none) {
            return Result.notRun("--cross-check=none");
        }
        List<String> active = new ArrayList<>();
        collectActive(root, active);
        if (active.isEmpty()) {
            return Result.notRun("no ACTIVE account to ask about");
        }
        return run(client, mode == Mode.all ? active : sample(active));
    }

    /** At most {@link #SAMPLE} accounts, spread evenly over the tree order. */
    static List<String> sample(List<String> accounts) {
        if (accounts.size() <= SAMPLE) {
            return accounts;
        }
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < SAMPLE; i++) {
            sample.add(accounts.get(i * accounts.size() / SAMPLE));
        }
        return sample;
    }

    private static void collectActive(OrgNode node, List<String> out) {
        if (node.isAccount()) {
            if (node.state() == AccountState.ACTIVE) {
                out.add(node.id());
            }
            return;
        }
        node.children().forEach(c -> collectActive(c, out));
    }

    static Result run(OrganizationsClient client, List<String> accountIds) {
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
                // A network failure, or an answer that is not an effective policy.
                if (!answered) {
                    return Result.notRun("DescribeEffectivePolicy does not answer here (its answer could not be read)");
                }
                failures.put(account, "its answer could not be read");
            }
        }
        return new Result(true, null, effective, failures, invalidAccounts(client));
    }

    /**
     * ListAccountsWithInvalidEffectivePolicy for the AI type, every page; null when the API does
     * not answer here. A listing that answered and then broke (a NextToken given twice) is an
     * {@link AuditFailure}, like any other listing.
     */
    static List<String> invalidAccounts(OrganizationsClient client) {
        boolean[] answered = {false};
        try {
            return Pages.all(
                            "ListAccountsWithInvalidEffectivePolicy",
                            "",
                            OrganizationReader.MAX_PAGES,
                            token -> {
                                var page = client.listAccountsWithInvalidEffectivePolicy(
                                        r -> r.policyType(EffectivePolicyType.AISERVICES_OPT_OUT_POLICY)
                                                .nextToken(token));
                                answered[0] = true;
                                return page;
                            },
                            ListAccountsWithInvalidEffectivePolicyResponse::accounts,
                            ListAccountsWithInvalidEffectivePolicyResponse::nextToken,
                            Account::id)
                    .stream()
                    .map(Account::id)
                    .toList();
        } catch (AuditFailure e) {
            if (!answered[0]) {
                return null;
            }
            throw e;
        }
    }

    /** {@code {"services":{"lex":{"opt_out_policy":"optIn"}}}} to key -> value. */
    static SortedMap<String, OptValue> parse(String content) {
        SortedMap<String, OptValue> values = new TreeMap<>();
        if (content == null) {
            throw new IllegalStateException("no effective policy content");
        }
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
