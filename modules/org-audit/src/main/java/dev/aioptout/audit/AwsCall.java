package dev.aioptout.audit;

import dev.aioptout.policy.AwsIds;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;

/**
 * One call to AWS Organizations and the reading of its answer. The call is held to the run's
 * deadline and its own attempt timeout ({@link Session#limits}). Whatever goes wrong, in the call
 * (after the retries) or in the answer (a field the call must return is missing, an id that is not
 * one, a shape that cannot be read), becomes an {@link AuditFailure}: one line naming the call and
 * what was wrong, never the text of a Java exception (that stays in the failure's cause, for --debug).
 */
final class AwsCall {

    /** An answer without what the call must return; thrown while reading an answer. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** What moto_server (Werkzeug) answers, with HTTP 500, for an action it has not implemented. */
    static final String EMULATOR_UNIMPLEMENTED_PAGE = "<h1>Internal Server Error</h1>";

    private AwsCall() {}

    /** The value, or {@link Malformed}: "the answer has no FIELD". */
    static <T> T required(T value, String field) {
        if (value == null) {
            throw new Malformed("the answer has no " + field);
        }
        return value;
    }

    /**
     * The id, or {@link Malformed} when it is not of the kind AWS documents for the field: an id is
     * written into files and printed in commands, so one that is not an id never gets in.
     */
    static String id(String value, AwsIds.Kind kind, String field) {
        required(value, field);
        if (!kind.matches(value)) {
            throw new Malformed(
                    "the answer's " + field + " \"" + value + "\" is not " + kind.what() + " (" + kind.shape() + ")");
        }
        return value;
    }

    /**
     * @param operation the API operation, for the permission it needs
     * @param subject   how messages name the call: the operation and what it was about ({@code DescribePolicy p-...})
     * @param request   the call, given the limits to send it with
     */
    static <R, T> T run(
            Session session,
            CallKind kind,
            String operation,
            String subject,
            Function<AwsRequestOverrideConfiguration, R> request,
            Function<R, T> read) {
        AwsRequestOverrideConfiguration limits = session.limits(kind, subject);
        R answer;
        try {
            answer = request.apply(limits);
        } catch (SdkException e) {
            throw failure(session, kind, operation, subject, e);
        } catch (AuditRetries.WaitPastDeadline e) {
            throw new AuditFailure(
                    subject,
                    "still throttled: "
                            + (e.retryAfter()
                                    ? "AWS asked to wait " + e.waitFor().toSeconds() + " s (Retry-After)"
                                    : "the next retry would wait " + e.waitFor().toMillis() + " ms")
                            + ", past the deadline (--deadline " + session.deadline() + "); " + session.soFar(),
                    Session.THROTTLED_HINT,
                    e);
        }
        try {
            return read.apply(answer);
        } catch (Malformed e) {
            throw new AuditFailure(subject, e.getMessage(), "the endpoint did not answer as AWS Organizations does", e);
        } catch (RuntimeException e) {
            throw new AuditFailure(
                    subject,
                    "the answer could not be understood",
                    "run with --debug to see where reading it failed",
                    e);
        }
    }

    /**
     * An emulator's answer that it does not implement the operation: HTTP 501, or moto_server's HTTP
     * 500 page, which is not an AWS error (no error code). AWS itself answers an operation it knows,
     * so only an endpoint that is not AWS's is ever asked this ({@link Session#emulator()}).
     */
    static boolean unimplemented(Throwable e) {
        if (!(e instanceof AwsServiceException aws)) {
            return false;
        }
        if (aws.statusCode() == 501) {
            return true;
        }
        return aws.statusCode() == 500
                && errorCode(aws).isEmpty()
                && aws.awsErrorDetails().rawResponse() != null
                && aws.awsErrorDetails().rawResponse().asUtf8String().contains(EMULATOR_UNIMPLEMENTED_PAGE);
    }

    /** What the retries could not cure, as a failure naming the call and the permission it needs. */
    static AuditFailure failure(Session session, CallKind kind, String operation, String subject, SdkException e) {
        if (e instanceof ApiCallTimeoutException || session.deadline().passed()) {
            return session.deadlinePassed(subject, true, e);
        }
        if (session.emulator() && unimplemented(e)) {
            return AuditFailure.unimplemented(
                    subject,
                    "the endpoint does not implement " + operation + " (HTTP " + ((AwsServiceException) e).statusCode()
                            + ", not an AWS answer)",
                    e);
        }
        if (e instanceof ApiCallAttemptTimeoutException) {
            return new AuditFailure(
                    subject,
                    "no answer within " + Deadline.format(session.settings().attemptTimeout(kind)) + ", "
                            + session.settings().maxAttempts() + " times",
                    "check the network path to AWS Organizations (a proxy holding connections open?)",
                    e);
        }
        if (e instanceof AwsOrganizationsNotInUseException) {
            return new AuditFailure(
                    subject,
                    "this account is not a member of an organization",
                    "run with credentials of the organization's management account or a delegated administrator",
                    e);
        }
        if (e instanceof AccessDeniedException denied) {
            return new AuditFailure(
                    subject,
                    "access denied" + awsMessage(denied).map(m -> ": " + m).orElse(""),
                    "the caller needs organizations:" + operation
                            + "; run as the management account, or as a delegated administrator"
                            + " for AISERVICES_OPT_OUT_POLICY (organizations:PolicyType condition)",
                    e);
        }
        if (AuditRetries.isThrottling(e)) {
            // Throttling is retried until the deadline; this is the guard of AuditRetries.MAX_THROTTLED_ATTEMPTS.
            return new AuditFailure(
                    subject,
                    "still throttled after " + AuditRetries.MAX_THROTTLED_ATTEMPTS + " attempts ("
                            + errorCode((AwsServiceException) e).orElse("HTTP 429") + ")",
                    "run again off-peak",
                    e);
        }
        if (e instanceof OrganizationsException aws) {
            Optional<String> code = errorCode(aws);
            if (code.isEmpty()) {
                // A proxy, a firewall or a wrong endpoint answers in its own format (HTML, XML, nothing).
                return new AuditFailure(
                        subject,
                        "HTTP " + aws.statusCode() + " with an answer that is not AWS Organizations JSON",
                        aws.statusCode() == 403
                                ? "something between here and AWS refused the call; check --endpoint-url, proxies and"
                                        + " the credentials' permissions"
                                : "check --endpoint-url and the network path to AWS Organizations",
                        e);
            }
            return new AuditFailure(
                    subject,
                    code.get() + awsMessage(aws).map(m -> ": " + m).orElse("") + " (HTTP " + aws.statusCode() + ")",
                    null,
                    e);
        }
        if (e instanceof SdkClientException) {
            IOException io = cause(e, IOException.class);
            // The JSON parser's errors are IOExceptions too: an answer read, but not understood.
            if (io != null && !io.getClass().getName().contains(".jackson.")) {
                return new AuditFailure(
                        subject,
                        "could not reach AWS Organizations: " + network(io),
                        "check the network, the endpoint (--endpoint-url, AWS_ENDPOINT_URL) and --region",
                        e);
            }
            return new AuditFailure(
                    subject,
                    "the answer could not be read (it is not the JSON AWS Organizations returns)",
                    "check --endpoint-url; run with --debug to see where reading it failed",
                    e);
        }
        return new AuditFailure(subject, "the AWS SDK failed to make the call", "run with --debug for details", e);
    }

    private static Optional<String> errorCode(AwsServiceException e) {
        return Optional.ofNullable(e.awsErrorDetails()).map(d -> d.errorCode()).filter(c -> !c.isEmpty());
    }

    private static Optional<String> awsMessage(AwsServiceException e) {
        if (e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null) {
            return Optional.empty();
        }
        String message = e.awsErrorDetails().errorMessage().strip();
        return message.isEmpty()
                ? Optional.empty()
                : Optional.of(message.lines().findFirst().orElse(message));
    }

    private static String network(IOException e) {
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        return "network error (" + e.getClass().getSimpleName() + ")";
    }

    private static <E extends Throwable> E cause(Throwable e, Class<E> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
