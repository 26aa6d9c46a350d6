package dev.aioptout.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.audit.ApiCalls;
import dev.aioptout.audit.Audit;
import dev.aioptout.audit.AuditProgress;
import dev.aioptout.audit.AuditResult;
import dev.aioptout.audit.AwsSettings;
import dev.aioptout.audit.CrossCheck;
import dev.aioptout.audit.Deadline;
import dev.aioptout.audit.LiveOrganization;
import dev.aioptout.audit.OrganizationReader;
import dev.aioptout.audit.OrganizationsClients;
import dev.aioptout.audit.Session;
import dev.aioptout.audit.testing.FaultInjectingProxy;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.Planner;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptOutDocuments;
import dev.aioptout.policy.OptValue;
import dev.aioptout.reports.AuditReport;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * verify's calls, retries, wall time and memory on a large emulated organization, unthrottled and
 * behind a throttling proxy (issue 19). Two steps, each its own JVM so that an audit's memory is
 * its own:
 *
 * <pre>
 * VerifyCalls populate URL ACCOUNTS OUS EFFECTIVE.json   builds the organization in the emulator
 * VerifyCalls audit URL SHARE EFFECTIVE.json             one audit through the proxy, SHARE of requests throttled
 * </pre>
 *
 * The audit is verify's own (OrganizationReader, the secure default's plan, the cross-check of a
 * sample of 20 accounts paced at 5 a second, Audit, the JSON report) against moto_server, through
 * a {@link FaultInjectingProxy} that throttles the share of requests given (the three throttling
 * answers in turn, every 25th with {@code Retry-After: 1}) and answers DescribeEffectivePolicy
 * and ListAccountsWithInvalidEffectivePolicy, which moto does not implement, as AWS would for this
 * organization. Goal: at most accounts/15 + 2 per OU + 3 per policy + 10 calls for the reading,
 * the cross-check and the retries counted apart, and the same report whatever the share.
 *
 * <pre>bench/verify-bench.sh [ACCOUNTS] [OUS]   (starts moto_server, runs both steps)</pre>
 */
public final class VerifyCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEX = "lex";

    private VerifyCalls() {}

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[1]);
        switch (args[0]) {
            case "populate" ->
                populate(endpoint, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
            case "audit" -> audit(endpoint, Double.parseDouble(args[2]), Path.of(args[3]));
            default -> throw new IllegalArgumentException("populate or audit, not " + args[0]);
        }
    }

    /**
     * OUs two levels deep (the first tenth under the root), accounts spread over them, a baseline at
     * the root whose door is Lex, and four exceptions opting Lex in on top-level OUs. Writes each
     * account's effective Lex value, which the proxy answers DescribeEffectivePolicy with.
     */
    static void populate(URI endpoint, int accounts, int ous, Path effectiveFile) throws Exception {
        long t0 = System.nanoTime();
        try (OrganizationsClient c = OrganizationsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            var org = c.createOrganization(r -> r.featureSet(OrganizationFeatureSet.ALL))
                    .organization();
            String root = c.listRoots().roots().get(0).id();
            c.enablePolicyType(r -> r.rootId(root).policyType(PolicyType.AISERVICES_OPT_OUT_POLICY));
            List<String> ouIds = new ArrayList<>();
            Map<String, String> parentOf = new LinkedHashMap<>();
            int top = Math.max(1, ous / 10);
            for (int i = 0; i < ous; i++) {
                String parent = i < top ? root : ouIds.get(i % top);
                String name = "ou-" + i;
                String id = c.createOrganizationalUnit(r -> r.parentId(parent).name(name))
                        .organizationalUnit()
                        .id();
                ouIds.add(id);
                parentOf.put(id, parent);
            }
            String baseline = c.createPolicy(r -> r.type(PolicyType.AISERVICES_OPT_OUT_POLICY)
                            .name("ai-optout-all-services")
                            .description("baseline")
                            .content(OptOutDocuments.baseline(OptValue.OPT_OUT, Map.of(), LockLevel.FULL, Set.of(LEX))
                                    .toCanonicalJson()))
                    .policy()
                    .policySummary()
                    .id();
            c.attachPolicy(r -> r.policyId(baseline).targetId(root));
            Set<String> optedIn = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                String target = ouIds.get(i * 7 % ouIds.size());
                String name = "exception-" + i;
                String id = c.createPolicy(r -> r.type(PolicyType.AISERVICES_OPT_OUT_POLICY)
                                .name(name)
                                .description(name)
                                .content(OptOutDocuments.exception(Map.of(LEX, OptValue.OPT_IN), LockLevel.FULL)
                                        .toCanonicalJson()))
                        .policy()
                        .policySummary()
                        .id();
                c.attachPolicy(r -> r.policyId(id).targetId(target));
                optedIn.add(target);
            }
            Map<String, String> lex = new LinkedHashMap<>();
            lex.put(org.masterAccountId(), OptValue.OPT_OUT.json());
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
                boolean in = optedIn.contains(target) || optedIn.contains(parentOf.get(target));
                lex.put(id, (in ? OptValue.OPT_IN : OptValue.OPT_OUT).json());
            }
            JSON.writeValue(effectiveFile.toFile(), lex);
            System.out.printf(
                    "organization: %d accounts, %d OUs, 5 AI opt-out policies; built in %.0f s%n",
                    accounts + 1, ous, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** One audit through the proxy; one line of figures. */
    static void audit(URI moto, double share, Path effectiveFile) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, String> lex = JSON.readValue(effectiveFile.toFile(), Map.class);
        Map<String, java.util.function.Function<String, String>> answers = Map.of(
                "DescribeEffectivePolicy", body -> effectivePolicy(lex, body),
                "ListAccountsWithInvalidEffectivePolicy", body -> "{\"Accounts\":[]}");
        ApiCalls calls = new ApiCalls();
        AuditResult result;
        long start;
        double seconds;
        FaultInjectingProxy proxy =
                FaultInjectingProxy.answering(moto, answers, FaultInjectingProxy.throttlingShare(share, 25, "1"), 19);
        try (proxy) {
            AwsSettings settings = new AwsSettings(
                    null, "us-east-1", proxy.endpoint(), AwsSettings.MAX_PAGE_SIZE, AwsSettings.DEFAULT_ATTEMPTS);
            start = System.nanoTime();
            try (Session session = OrganizationsClients.open(
                    credentials(), settings, Deadline.after(Duration.ofMinutes(30)), AuditProgress.silent(calls))) {
                LiveOrganization live = new OrganizationReader(session).read();
                CrossCheck.Result cross = CrossCheck.run(
                        session, live.organization().root(), CrossCheck.Mode.sample, CrossCheck.DEFAULT_PER_SECOND);
                result = Audit.run(
                        live,
                        Planner.plan(LayoutFile.embeddedDefault(LayoutOptions.forAudit())
                                .layout()),
                        false,
                        cross,
                        calls,
                        LocalDate.now(ZoneOffset.UTC));
            }
            seconds = (System.nanoTime() - start) / 1e9;
        }
        String report = AuditReport.render(result, AuditReport.Format.json, null);
        System.gc();
        long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int accounts = result.accounts().size();
        int ous = countOus(result.root());
        int policies = 5;
        int crossCalls = calls.of("DescribeEffectivePolicy") + calls.of("ListAccountsWithInvalidEffectivePolicy");
        int reading = calls.total() - crossCalls;
        int budget = accounts / 15 + 2 * ous + 3 * policies + 10;
        boolean completed =
                result.checks().stream().noneMatch(c -> c.status() == dev.aioptout.audit.Check.Status.INCOMPLETE);
        System.out.printf(
                "%d accounts, %d OUs, %2.0f%% throttled: %s, every check completed: %s, report sha256 %s;"
                        + " %.1f s wall; reading %d calls (budget %d: %s), cross-check %d calls; %d retries,"
                        + " %d throttled answers (proxy: %d, %d with Retry-After); peak RSS %d MB, heap after GC %d MB%n",
                accounts,
                ous,
                share * 100,
                result.outcome(),
                completed ? "yes" : "NO",
                sha256(report).substring(0, 12),
                seconds,
                reading,
                budget,
                reading <= budget ? "met" : "NOT met",
                crossCalls,
                calls.retries(),
                calls.throttledAnswers(),
                proxy.throttled(),
                proxy.throttledWithRetryAfter(),
                peakRssMb(),
                retained >> 20);
    }

    /** What AWS answers for the account: its effective policy of this organization (default and Lex). */
    private static String effectivePolicy(Map<String, String> lex, String body) {
        try {
            String account = JSON.readTree(body).path("TargetId").asText();
            String content = "{\"services\":{\"default\":{\"opt_out_policy\":\"optOut\"},\"lex\":{\"opt_out_policy\":\""
                    + lex.get(account) + "\"}}}";
            return JSON.writeValueAsString(Map.of(
                    "EffectivePolicy",
                    Map.of(
                            "PolicyContent", content,
                            "TargetId", account,
                            "PolicyType", "AISERVICES_OPT_OUT_POLICY")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int countOus(dev.aioptout.engine.OrgNode node) {
        int n = 0;
        for (var child : node.children()) {
            if (!child.isAccount()) {
                n += 1 + countOus(child);
            }
        }
        return n;
    }

    /** The process's peak resident set (Linux: VmHWM), in MB; -1 elsewhere. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }
}
