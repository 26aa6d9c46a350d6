package dev.aioptout.audit.testing;

import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptOutDocuments;
import dev.aioptout.policy.OptValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link FakeOrganizations} of any size, in the shape bench/verify-bench.sh builds in the
 * emulator: OUs two levels deep (the first tenth under the root), accounts spread over them, the
 * baseline at the root with a door for Lex, and four exceptions opting Lex in on OUs. It answers
 * DescribeEffectivePolicy as AWS would for it (the baseline's default and each account's Lex value)
 * and ListAccountsWithInvalidEffectivePolicy with none, so that every check of an audit completes
 * and the cross-check agrees with the engine. For measuring what an audit holds per account
 * without populating an emulator, which takes minutes at 10,000 accounts.
 */
public final class LargeFakeOrganization {

    public static final String LEX = "lex";

    private LargeFakeOrganization() {}

    /** @param accounts accounts besides the management account; @param ous at least 1 */
    public static FakeOrganizations start(int accounts, int ous) throws IOException {
        FakeOrganizations aws = new FakeOrganizations();
        List<String> ouIds = new ArrayList<>();
        Map<String, String> parentOf = new HashMap<>();
        int top = Math.max(1, ous / 10);
        for (int i = 0; i < ous; i++) {
            String id = String.format("ou-fake-%08d", i);
            String parent = i < top ? aws.rootId : ouIds.get(i % top);
            ouIds.add(id);
            parentOf.put(id, parent);
            aws.ous.put(id, parent);
            aws.ouNames.put(id, "ou-" + i);
        }
        aws.policies.add(new FakeOrganizations.Policy(
                "p-baseline01",
                "ai-optout-all-services",
                "baseline",
                OptOutDocuments.baseline(OptValue.OPT_OUT, Map.of(), LockLevel.FULL, Set.of(LEX))
                        .toCanonicalJson(),
                List.of(aws.rootId)));
        Set<String> optedIn = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            String target = ouIds.get(i * 7 % ouIds.size());
            aws.policies.add(new FakeOrganizations.Policy(
                    "p-exceptn0" + i,
                    "exception-" + i,
                    "exception-" + i,
                    OptOutDocuments.exception(Map.of(LEX, OptValue.OPT_IN), LockLevel.FULL)
                            .toCanonicalJson(),
                    List.of(target)));
            optedIn.add(target);
        }
        Map<String, OptValue> lex = new HashMap<>();
        lex.put(aws.managementAccountId, OptValue.OPT_OUT);
        for (int i = 0; i < accounts; i++) {
            String id = String.format("%012d", 200_000_000_000L + i);
            String parent = ouIds.get(i % ouIds.size());
            aws.accounts.add(new FakeOrganizations.Account(id, "account-" + i, parent, "ACTIVE"));
            boolean in = optedIn.contains(parent) || optedIn.contains(parentOf.get(parent));
            lex.put(id, in ? OptValue.OPT_IN : OptValue.OPT_OUT);
        }
        aws.answer("DescribeEffectivePolicy", request -> {
            String account = request.path("TargetId").asText();
            String content = "{\"services\":{\"default\":{\"opt_out_policy\":\"optOut\"},\"" + LEX
                    + "\":{\"opt_out_policy\":\"" + lex.get(account).json() + "\"}}}";
            return FakeOrganizations.Answer.json(Map.of(
                    "EffectivePolicy",
                    Map.of("PolicyContent", content, "TargetId", account, "PolicyType", "AISERVICES_OPT_OUT_POLICY")));
        });
        aws.answer(
                "ListAccountsWithInvalidEffectivePolicy",
                request -> FakeOrganizations.Answer.json(Map.of("Accounts", List.of())));
        return aws;
    }
}
