package dev.aioptout.audit;

import dev.aioptout.audit.testing.FakeOrganizations;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Sessions on a local endpoint (the fake, or a proxy in front of it), with test credentials and short limits. */
final class Sessions {

    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    private Sessions() {}

    /** Page size 20, 10 attempts, each call's own attempt timeout, the deadline given. */
    static Session open(URI endpoint, Duration deadline) {
        return open(settings(endpoint), deadline);
    }

    static Session open(AwsSettings settings, Duration deadline) {
        return OrganizationsClients.open(
                CREDENTIALS, settings, Deadline.after(deadline), AuditProgress.silent(new ApiCalls()));
    }

    static AwsSettings settings(URI endpoint) {
        return new AwsSettings(null, "us-east-1", endpoint, AwsSettings.MAX_PAGE_SIZE, AwsSettings.DEFAULT_ATTEMPTS);
    }

    /**
     * The fake's organization: two OUs (one below the other), five accounts, the baseline at the root and
     * one exception on the lower OU.
     */
    static FakeOrganizations organization() throws Exception {
        FakeOrganizations aws = new FakeOrganizations();
        aws.ous.put("ou-fake-11111111", aws.rootId);
        aws.ouNames.put("ou-fake-11111111", "Workloads");
        aws.ous.put("ou-fake-22222222", "ou-fake-11111111");
        aws.ouNames.put("ou-fake-22222222", "Prod");
        aws.accounts.add(new FakeOrganizations.Account("222222222222", "workload-1", "ou-fake-11111111", "ACTIVE"));
        aws.accounts.add(new FakeOrganizations.Account("333333333333", "workload-2", "ou-fake-11111111", "ACTIVE"));
        aws.accounts.add(new FakeOrganizations.Account("444444444444", "prod-1", "ou-fake-22222222", "ACTIVE"));
        aws.accounts.add(new FakeOrganizations.Account("555555555555", "closed-1", "ou-fake-22222222", "SUSPENDED"));
        aws.policies.add(new FakeOrganizations.Policy(
                "p-baseline01",
                Documents.BASELINE_NAME,
                "baseline",
                Documents.FULL_BASELINE,
                java.util.List.of(aws.rootId)));
        aws.policies.add(new FakeOrganizations.Policy(
                "p-exception1",
                "lex-team",
                "Exception lex-team: chatbot (expires 2099-01-01)",
                Documents.LEX_OPT_IN,
                java.util.List.of("ou-fake-22222222")));
        return aws;
    }
}
