package dev.aioptout.audit.testing;

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
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.Planner;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * One audit as {@code verify} runs it without a layout (the secure default's plan): the reading, the
 * cross-check, the checks. Everything it read and concluded is kept, so that a measurement can tell
 * what the audit holds at its end and what its result holds alone.
 *
 * @param live  the organization read
 * @param cross what DescribeEffectivePolicy and ListAccountsWithInvalidEffectivePolicy answered
 */
public record AuditRun(LiveOrganization live, CrossCheck.Result cross, AuditResult result) {

    public static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    /** @param perSecond DescribeEffectivePolicy calls a second at most */
    public static AuditRun of(URI endpoint, CrossCheck.Mode mode, double perSecond) {
        ApiCalls calls = new ApiCalls();
        AwsSettings settings =
                new AwsSettings(null, "us-east-1", endpoint, AwsSettings.MAX_PAGE_SIZE, AwsSettings.DEFAULT_ATTEMPTS);
        try (Session session = OrganizationsClients.open(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")),
                settings,
                Deadline.after(Duration.ofMinutes(30)),
                AuditProgress.silent(calls))) {
            LiveOrganization live = new OrganizationReader(session).read();
            CrossCheck.Result cross =
                    CrossCheck.run(session, live.organization().root(), mode, perSecond);
            AuditResult result = Audit.run(
                    live,
                    Planner.plan(
                            LayoutFile.embeddedDefault(LayoutOptions.forAudit()).layout()),
                    false,
                    cross,
                    calls,
                    TODAY);
            return new AuditRun(live, cross, result);
        }
    }
}
