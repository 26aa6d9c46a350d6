package dev.aioptout.audit;

import dev.aioptout.policy.DisplayText;

/**
 * The audit could not complete: which call failed, why, and what permission or role it needs.
 * The command line maps it to exit code 3. The cause, when there is one, is for --debug only.
 */
public final class AuditFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String hint;
    private final boolean unimplemented;

    /**
     * @param operation the call and what it was about, e.g. {@code ListAccountsForParent ou-ab12-11111111}
     * @param hint      what to do about it, or null
     */
    public AuditFailure(String operation, String message, String hint, Throwable cause) {
        this(operation, message, hint, cause, false);
    }

    private AuditFailure(String operation, String message, String hint, Throwable cause, boolean unimplemented) {
        super(message, cause);
        this.operation = operation;
        this.hint = hint;
        this.unimplemented = unimplemented;
    }

    /**
     * The endpoint, which is not AWS's, answered that it does not implement the operation: an
     * emulator's gap, the one failure an optional check may call "unavailable here".
     */
    static AuditFailure unimplemented(String operation, String message, Throwable cause) {
        return new AuditFailure(
                operation,
                message,
                "the endpoint is an emulator that lacks it; against AWS this call is answered",
                cause,
                true);
    }

    public String operation() {
        return operation;
    }

    public String hint() {
        return hint;
    }

    /** See {@link #unimplemented(String, String, Throwable)}. */
    public boolean isUnimplemented() {
        return unimplemented;
    }

    /** {@code ListAccountsForParent failed: ... (hint)}, as AWS and the organization wrote it. */
    public String summary() {
        return operation + " failed: " + getMessage() + (hint == null ? "" : " (" + hint + ")");
    }

    /**
     * One line: {@link #summary()} through {@link DisplayText}, since it may quote an answer from AWS.
     */
    public String describe() {
        return DisplayText.of(summary());
    }
}
