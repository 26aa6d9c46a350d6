package dev.aioptout.bench;

import dev.aioptout.audit.ApiCalls;
import dev.aioptout.audit.Audit;
import dev.aioptout.audit.AuditResult;
import dev.aioptout.audit.AwsSettings;
import dev.aioptout.audit.CrossCheck;
import dev.aioptout.audit.LiveOrganization;
import dev.aioptout.audit.OrganizationReader;
import dev.aioptout.audit.OrganizationsClients;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.Planner;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptOutDocuments;
import dev.aioptout.policy.OptValue;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * Issue 5's goal, measured against the emulator: verify on 5,000 accounts under 500 OUs, counting
 * API calls and wall time, next to the calls the per-account DescribeEffectivePolicy approach needs.
 * Goal: at most one call per 15 accounts, plus two per OU and three per policy.
 *
 * <pre>bench/verify-bench.sh   (starts moto_server, builds the organization, runs this)</pre>
 */
public final class VerifyCalls {

    private VerifyCalls() {}

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int ous = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        AwsSettings settings =
                new AwsSettings(null, "us-east-1", endpoint, AwsSettings.MAX_PAGE_SIZE, AwsSettings.DEFAULT_ATTEMPTS);
        int policies = populate(settings, accounts, ous);

        ApiCalls calls = new ApiCalls();
        long start = System.nanoTime();
        AuditResult result;
        try (OrganizationsClient client = OrganizationsClients.create(settings, calls, settings.maxAttempts());
                OrganizationsClient cross = OrganizationsClients.create(settings, calls, 3)) {
            LiveOrganization live = new OrganizationReader(client, settings.pageSize(), p -> {}).read();
            CrossCheck.Result crossCheck =
                    CrossCheck.run(cross, live.organization().root(), CrossCheck.Mode.sample);
            result = Audit.run(
                    live,
                    Planner.plan(
                            LayoutFile.embeddedDefault(LayoutOptions.defaults()).layout()),
                    false,
                    crossCheck,
                    calls,
                    LocalDate.now());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int allAccounts = accounts + 1;
        int budget = allAccounts / 15 + 2 * ous + 3 * policies + 10;
        int perAccount = (allAccounts + 19) / 20 + allAccounts;
        System.out.printf("organization: %d accounts, %d OUs, %d AI opt-out policies%n", allAccounts, ous, policies);
        System.out.printf(
                "verify: %.1f s wall, %d API calls (%d HTTP requests), %s, %d accounts evaluated%n",
                seconds,
                calls.total(),
                calls.attempts(),
                result.outcome(),
                result.accounts().size());
        System.out.printf("calls by operation: %s%n", calls.byOperation());
        System.out.printf(
                "goal: at most %d calls (accounts/15 + 2 x OUs + 3 x policies + 10): %s%n",
                budget, calls.total() <= budget ? "met" : "NOT met");
        System.out.printf(
                "per-account DescribeEffectivePolicy approach: at least %d calls (ListAccounts pages + one per account)%n",
                perAccount);
    }

    /** OUs two levels deep (the first tenth at the top), accounts spread over them, a baseline and a few exceptions. */
    private static int populate(AwsSettings settings, int accounts, int ous) {
        try (OrganizationsClient c = OrganizationsClients.create(settings, new ApiCalls(), 10)) {
            c.createOrganization(r -> r.featureSet(OrganizationFeatureSet.ALL));
            String root = c.listRoots().roots().get(0).id();
            c.enablePolicyType(r -> r.rootId(root).policyType(PolicyType.AISERVICES_OPT_OUT_POLICY));
            List<String> ouIds = new ArrayList<>();
            int top = Math.max(1, ous / 10);
            for (int i = 0; i < ous; i++) {
                String parent = i < top ? root : ouIds.get(i % top);
                String name = "ou-" + i;
                ouIds.add(c.createOrganizationalUnit(r -> r.parentId(parent).name(name))
                        .organizationalUnit()
                        .id());
            }
            for (int i = 0; i < accounts; i++) {
                String name = "account-" + i;
                String request = c.createAccount(r -> r.accountName(name).email(name + "@example.com"))
                        .createAccountStatus()
                        .id();
                String id = c.describeCreateAccountStatus(r -> r.createAccountRequestId(request))
                        .createAccountStatus()
                        .accountId();
                String target = ouIds.get(i % ouIds.size());
                c.moveAccount(r -> r.accountId(id).sourceParentId(root).destinationParentId(target));
            }
            String baseline = c.createPolicy(r -> r.type(PolicyType.AISERVICES_OPT_OUT_POLICY)
                            .name("ai-optout-all-services")
                            .description("baseline")
                            .content(OptOutDocuments.baseline(OptValue.OPT_OUT, Map.of(), LockLevel.FULL, Set.of("lex"))
                                    .toCanonicalJson()))
                    .policy()
                    .policySummary()
                    .id();
            c.attachPolicy(r -> r.policyId(baseline).targetId(root));
            int policies = 1;
            for (int i = 0; i < 4; i++) {
                String target = ouIds.get(i * 7 % ouIds.size());
                String name = "exception-" + i;
                String id = c.createPolicy(r -> r.type(PolicyType.AISERVICES_OPT_OUT_POLICY)
                                .name(name)
                                .description(name)
                                .content(OptOutDocuments.exception(Map.of("lex", OptValue.OPT_IN), LockLevel.FULL)
                                        .toCanonicalJson()))
                        .policy()
                        .policySummary()
                        .id();
                c.attachPolicy(r -> r.policyId(id).targetId(target));
                policies++;
            }
            return policies;
        }
    }
}
