package dev.aioptout.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aioptout.audit.testing.FakeOrganizations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;

/** The retry rules on their own, failure by failure, as the SDK hands them to the strategy. */
class AuditRetriesTest {

    private final ApiCalls calls = new ApiCalls();

    private AuditRetries retries(int maxAttempts, Duration deadline, boolean emulator) {
        return new AuditRetries(maxAttempts, Deadline.after(deadline), calls, () -> emulator);
    }

    private static OrganizationsException answer(int status, String code, String retryAfter, String body) {
        SdkHttpResponse.Builder http = SdkHttpResponse.builder().statusCode(status);
        if (retryAfter != null) {
            http.putHeader("Retry-After", retryAfter);
        }
        return (OrganizationsException) OrganizationsException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .rawResponse(SdkBytes.fromString(body, StandardCharsets.UTF_8))
                        .sdkHttpResponse(http.build())
                        .build())
                .build();
    }

    private static OrganizationsException throttled() {
        return answer(400, "TooManyRequestsException", null, "{}");
    }

    private static OrganizationsException serverError() {
        return answer(500, "InternalFailure", null, "{}");
    }

    private static RefreshRetryTokenResponse refresh(AuditRetries r, RetryToken token, Throwable failure) {
        return r.refreshRetryToken(RefreshRetryTokenRequest.builder()
                .token(token)
                .failure(failure)
                .suggestedDelay(Duration.ZERO)
                .build());
    }

    @Test
    void throttledAnswersAreRetriedBeyondMaxAttemptsAndCounted() {
        AuditRetries r = retries(2, Duration.ofHours(1), false);
        RetryToken token = r.acquireInitialToken(AcquireInitialTokenRequest.create("organizations"))
                .token();
        for (int i = 0; i < 12; i++) {
            RefreshRetryTokenResponse next = refresh(r, token, throttled());
            assertThat(next.delay()).isLessThanOrEqualTo(Duration.ofSeconds(20));
            token = next.token();
        }
        assertThat(calls.throttledAnswers()).isEqualTo(12);
        // The first failure that may pass still has its retry: maxAttempts 2 is one retry for those.
        token = refresh(r, token, serverError()).token();
        RetryToken last = token;
        assertThatThrownBy(() -> refresh(r, last, serverError())).isInstanceOf(TokenAcquisitionFailedException.class);
        assertThat(r.recordSuccess(RecordSuccessRequest.create(token)).token()).isSameAs(token);
    }

    @Test
    void aRetryAfterLongerThanWhatIsLeftOfTheDeadlineEndsTheCallSayingSo() {
        AuditRetries r = retries(10, Duration.ofSeconds(30), false);
        RetryToken token = r.acquireInitialToken(AcquireInitialTokenRequest.create("organizations"))
                .token();
        assertThatThrownBy(() -> r.refreshRetryToken(RefreshRetryTokenRequest.builder()
                        .token(token)
                        .failure(answer(429, null, "3600", ""))
                        .suggestedDelay(Duration.ofSeconds(3600))
                        .build()))
                .isInstanceOfSatisfying(AuditRetries.WaitPastDeadline.class, e -> {
                    assertThat(e.waitFor()).isEqualTo(Duration.ofSeconds(3600));
                    assertThat(e.retryAfter()).isTrue();
                });
        // Within the deadline, the wait asked for is the wait taken.
        RefreshRetryTokenResponse ok = r.refreshRetryToken(RefreshRetryTokenRequest.builder()
                .token(token)
                .failure(answer(429, null, "2", ""))
                .suggestedDelay(Duration.ofSeconds(2))
                .build());
        assertThat(ok.delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aRetryAfterGivenAsAnHttpDateIsWaitedFor() {
        AuditRetries r = retries(10, Duration.ofMinutes(5), false);
        RetryToken token = r.acquireInitialToken(AcquireInitialTokenRequest.create("organizations"))
                .token();
        String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        RefreshRetryTokenResponse next = refresh(r, token, answer(400, "ThrottlingException", in30s, "{}"));
        assertThat(next.delay()).isBetween(Duration.ofSeconds(28), Duration.ofSeconds(31));
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        assertThatThrownBy(() -> refresh(r, token, answer(400, "ThrottlingException", inAnHour, "{}")))
                .isInstanceOf(AuditRetries.WaitPastDeadline.class);
        // Not a date, not seconds: the backoff alone.
        assertThat(refresh(r, token, answer(400, "ThrottlingException", "soon", "{}"))
                        .delay())
                .isLessThan(Duration.ofSeconds(21));
    }

    @Test
    void anEmulatorsNotImplementedAnswerIsNotRetriedButAwssIs() {
        OrganizationsException moto = answer(500, null, null, FakeOrganizations.MOTO_NOT_IMPLEMENTED);
        AuditRetries emulator = retries(10, Duration.ofMinutes(5), true);
        RetryToken token = emulator.acquireInitialToken(AcquireInitialTokenRequest.create("organizations"))
                .token();
        assertThatThrownBy(() -> refresh(emulator, token, moto)).isInstanceOf(TokenAcquisitionFailedException.class);
        AuditRetries aws = retries(10, Duration.ofMinutes(5), false);
        RetryToken awsToken = aws.acquireInitialToken(AcquireInitialTokenRequest.create("organizations"))
                .token();
        assertThat(refresh(aws, awsToken, moto).delay()).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anErrorThatWillNotPassIsNotRetried() {
        AuditRetries r = retries(10, Duration.ofMinutes(5), false);
        RetryToken token = r.acquireInitialToken(AcquireInitialTokenRequest.create("organizations"))
                .token();
        assertThatThrownBy(() -> refresh(r, token, answer(400, "AccessDeniedException", null, "{}")))
                .isInstanceOf(TokenAcquisitionFailedException.class);
        assertThat(calls.throttledAnswers()).isZero();
    }

    @Test
    void itIsBuiltWithAwsDefaultsAlreadyAndNotThroughABuilder() {
        AuditRetries r = retries(3, Duration.ofMinutes(5), false);
        assertThat(r.useClientDefaults()).isFalse();
        assertThat(r.maxAttempts()).isEqualTo(AuditRetries.MAX_THROTTLED_ATTEMPTS);
        assertThatThrownBy(r::toBuilder).isInstanceOf(UnsupportedOperationException.class);
    }
}
