package dev.aioptout.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aioptout.audit.testing.FakeOrganizations;
import dev.aioptout.audit.testing.FakeOrganizations.Answer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;
import software.amazon.awssdk.services.organizations.model.TooManyRequestsException;

/**
 * Whatever goes wrong in a call becomes one line naming the call, what was wrong and what to do,
 * never the text of a Java exception.
 */
class AwsCallTest extends WithFakeOrganization {

    private AuditFailure failure(URI endpoint) {
        try (Session session =
                Sessions.open(new AwsSettings(null, "us-east-1", endpoint, 20, 2), Duration.ofSeconds(30))) {
            return catchThrowableOfType(() -> new OrganizationReader(session).read(), AuditFailure.class);
        }
    }

    private AuditFailure failure() {
        return failure(aws.endpoint());
    }

    @Test
    void anAccountOutsideAnyOrganizationIsToldWhoseCredentialsToUse() {
        aws.answer(
                "DescribeOrganization",
                request -> Answer.error(400, "AWSOrganizationsNotInUseException", "not in an organization"));
        AuditFailure f = failure();
        assertThat(f.describe())
                .isEqualTo("DescribeOrganization failed: this account is not a member of an organization (run with"
                        + " credentials of the organization's management account or a delegated administrator)");
    }

    @Test
    void accessDeniedNamesThePermissionAndQuotesAwsOnOneLine() {
        aws.answer(
                "ListPolicies",
                request -> Answer.error(400, "AccessDeniedException", "You don't have permissions\nsecond line"));
        AuditFailure f = failure();
        assertThat(f.operation()).isEqualTo("ListPolicies AISERVICES_OPT_OUT_POLICY");
        assertThat(f.getMessage()).isEqualTo("access denied: You don't have permissions");
        assertThat(f.hint()).startsWith("the caller needs organizations:ListPolicies;");
    }

    @Test
    void anAnswerInAnotherFormatSaysSomethingElseAnswered() {
        aws.answer("ListRoots", request -> new Answer(403, "text/xml", "<Error><Code>Forbidden</Code></Error>"));
        AuditFailure f = failure();
        assertThat(f.getMessage()).isEqualTo("HTTP 403 with an answer that is not AWS Organizations JSON");
        assertThat(f.hint()).startsWith("something between here and AWS refused the call");
        aws.answer("ListRoots", request -> new Answer(404, "text/html", "<h1>Not Found</h1>"));
        assertThat(failure().hint()).isEqualTo("check --endpoint-url and the network path to AWS Organizations");
    }

    @Test
    void anAwsErrorKeepsItsCodeAndStatus() {
        aws.answer("DescribePolicy", request -> Answer.error(400, "PolicyNotFoundException", "gone"));
        AuditFailure f = failure();
        assertThat(f.summary())
                .isEqualTo("DescribePolicy p-baseline01 failed: PolicyNotFoundException: gone (HTTP 400)");
    }

    @Test
    void anAnswerThatIsNotJsonCannotBeRead() {
        aws.answer("ListRoots", request -> new Answer(200, "application/x-amz-json-1.1", "{\"Roots\": [tru"));
        AuditFailure f = failure();
        assertThat(f.getMessage())
                .isEqualTo("the answer could not be read (it is not the JSON AWS Organizations returns)");
    }

    @Test
    void aRefusedConnectionSaysWhereToLook() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AuditFailure f = failure(URI.create("http://127.0.0.1:" + port));
        assertThat(f.operation()).isEqualTo("DescribeOrganization");
        assertThat(f.getMessage()).isEqualTo("could not reach AWS Organizations: connection refused");
        assertThat(f.hint()).contains("--endpoint-url", "--region");
    }

    @Test
    void anUnknownHostIsNamed() {
        AuditFailure f = failure(URI.create("http://organizations.invalid"));
        assertThat(f.getMessage()).startsWith("could not reach AWS Organizations: unknown host");
    }

    @Test
    void onlyAnEmulatorsOwnNotImplementedAnswersAreReadAsSuch() {
        assertThat(AwsCall.unimplemented(answer(501, null, "{}"))).isTrue();
        assertThat(AwsCall.unimplemented(answer(500, null, FakeOrganizations.MOTO_NOT_IMPLEMENTED)))
                .isTrue();
        assertThat(AwsCall.unimplemented(answer(500, "InternalFailure", FakeOrganizations.MOTO_NOT_IMPLEMENTED)))
                .as("an AWS error code: AWS answered")
                .isFalse();
        assertThat(AwsCall.unimplemented(answer(500, null, "<html>nginx: 500 Internal Server Error</html>")))
                .isFalse();
        assertThat(AwsCall.unimplemented(answer(400, null, FakeOrganizations.MOTO_NOT_IMPLEMENTED)))
                .isFalse();
        assertThat(AwsCall.unimplemented(new IllegalStateException())).isFalse();
    }

    @Test
    void theEndpointsOfEveryAwsPartitionAreAwsAndEverythingElseIsNot() {
        for (String aws : List.of(
                "https://organizations.us-east-1.amazonaws.com",
                "https://organizations.cn-northwest-1.amazonaws.com.cn",
                "https://organizations.us-gov-west-1.amazonaws.com",
                "https://vpce-0123-abcd.organizations.us-east-1.vpce.amazonaws.com",
                "https://organizations.us-east-1.api.aws")) {
            assertThat(OrganizationsClients.notAws(URI.create(aws))).as(aws).isFalse();
        }
        for (String other : List.of(
                "http://127.0.0.1:5000",
                "http://localhost:4566",
                "https://amazonaws.com.evil.example",
                "http://moto")) {
            assertThat(OrganizationsClients.notAws(URI.create(other))).as(other).isTrue();
        }
    }

    @Test
    void throttlingIsEveryFormAwsUses() {
        assertThat(AuditRetries.isThrottling(TooManyRequestsException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("TooManyRequestsException")
                                .build())
                        .build()))
                .isTrue();
        assertThat(AuditRetries.isThrottling(answer(400, "ThrottlingException", "{}")))
                .isTrue();
        assertThat(AuditRetries.isThrottling(answer(429, null, ""))).isTrue();
        assertThat(AuditRetries.isThrottling(answer(400, "ConstraintViolationException", "{}")))
                .isFalse();
        assertThat(AuditRetries.isThrottling(answer(500, null, ""))).isFalse();
    }

    @Test
    void settingsOutOfRangeAreNamedAndRefused() {
        assertThat(AwsSettings.check(0, 0, Duration.ZERO))
                .containsExactly(
                        AwsSettings.Invalid.PAGE_SIZE,
                        AwsSettings.Invalid.MAX_ATTEMPTS,
                        AwsSettings.Invalid.ATTEMPT_TIMEOUT);
        assertThat(AwsSettings.check(21, 1, null)).containsExactly(AwsSettings.Invalid.PAGE_SIZE);
        assertThat(AwsSettings.check(20, 1, Duration.ofMillis(1))).isEmpty();
        AwsSettings settings = new AwsSettings(null, "us-east-1", null, 20, 3);
        assertThat(settings.attemptTimeout(CallKind.LISTING)).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.attemptTimeout(CallKind.EFFECTIVE_POLICY)).isEqualTo(Duration.ofSeconds(10));
        AwsSettings one = new AwsSettings(null, "us-east-1", null, 20, 3, Duration.ofSeconds(2));
        assertThat(one.attemptTimeout(CallKind.LISTING)).isEqualTo(Duration.ofSeconds(2));
        assertThat(AwsSettings.Invalid.MAX_ATTEMPTS.allowed()).isEqualTo("1 or more");
    }

    @Test
    void aFailureIsOneLineWhateverTheAnswerHeld() {
        AuditFailure f =
                new AuditFailure("ListRoots", "InternalFailure: a\u001b[8mhidden\nline (HTTP 500)", null, null);
        assertThat(f.describe())
                .isEqualTo("ListRoots failed: InternalFailure: a\\u001b[8mhidden\\u000aline (HTTP 500)")
                .doesNotContain("\n");
        assertThat(f.summary()).contains("\n");
        assertThat(f.isUnimplemented()).isFalse();
    }

    private static OrganizationsException answer(int status, String code, String body) {
        return (OrganizationsException) OrganizationsException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .rawResponse(SdkBytes.fromString(body, StandardCharsets.UTF_8))
                        .sdkHttpResponse(
                                SdkHttpResponse.builder().statusCode(status).build())
                        .build())
                .build();
    }

    @Test
    void progressIsWrittenWithThousandsSeparatorsAndTheCrossCheckOnceStarted() {
        ApiCalls calls = new ApiCalls();
        AuditProgress p = AuditProgress.silent(calls);
        p.policies(3);
        for (int i = 0; i < 2000; i++) {
            p.ou();
        }
        p.accounts(10_001);
        assertThat(p.describe()).isEqualTo("3 AI opt-out policies, 2,000 OUs, 10,001 accounts read");
        p.crossCheck(5, 20);
        assertThat(p.describe()).endsWith("; cross-check 5 of 20 accounts");
        calls.throttled();
        assertThat(p.line()).endsWith("0 API calls, 0 retries (1 throttled)");
    }
}
