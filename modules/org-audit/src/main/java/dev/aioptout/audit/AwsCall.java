package dev.aioptout.audit;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;
import software.amazon.awssdk.services.organizations.model.TooManyRequestsException;

/**
 * One call to AWS Organizations and the reading of its answer. Whatever goes wrong, in the call
 * (after the SDK's retries) or in the answer (a field the call must return is missing, a shape
 * that cannot be read), becomes an {@link AuditFailure}: one line naming the call and what was
 * wrong, never the text of a Java exception (that stays in the failure's cause, for --debug).
 */
final class AwsCall {

    /** An answer without what the call must return; thrown while reading an answer. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private AwsCall() {}

    /** The value, or {@link Malformed}: "the answer has no FIELD". */
    static <T> T required(T value, String field) {
        if (value == null) {
            throw new Malformed("the answer has no " + field);
        }
        return value;
    }

    static <R, T> T run(String operation, Supplier<R> request, Function<R, T> read) {
        return run(operation, request, read, operation);
    }

    /**
     * @param operation the API operation, for the permission it needs
     * @param subject   how messages name the call: the operation and what it was about ({@code DescribePolicy p-...})
     */
    static <R, T> T run(String operation, Supplier<R> request, Function<R, T> read, String subject) {
        R answer;
        try {
            answer = request.get();
        } catch (SdkException e) {
            throw failure(operation, subject, e);
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

    /** What the SDK's retries could not cure, as a failure naming the call and the permission it needs. */
    static AuditFailure failure(String operation, String subject, SdkException e) {
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
        if (e instanceof TooManyRequestsException) {
            return new AuditFailure(subject, "still throttled after every retry", "run again later, or off-peak", e);
        }
        if (e instanceof OrganizationsException aws) {
            String code =
                    aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
            if (code == null || code.isEmpty()) {
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
                    code + awsMessage(aws).map(m -> ": " + m).orElse("") + " (HTTP " + aws.statusCode() + ")",
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

    private static java.util.Optional<String> awsMessage(OrganizationsException e) {
        if (e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null) {
            return java.util.Optional.empty();
        }
        String message = e.awsErrorDetails().errorMessage().strip();
        return message.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(message.lines().findFirst().orElse(message));
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
