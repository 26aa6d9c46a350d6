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

    /**
     * @param operation the call and what it was about, e.g. {@code ListAccountsForParent ou-ab12-11111111}
     * @param hint      what to do about it, or null
     */
    public AuditFailure(String operation, String message, String hint, Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.hint = hint;
    }

    public String operation() {
        return operation;
    }

    public String hint() {
        return hint;
    }

    /**
     * One line: {@code ListAccountsForParent failed: ... (hint)}. It may quote an answer from AWS,
     * so it goes through {@link DisplayText}.
     */
    public String describe() {
        return DisplayText.of(operation + " failed: " + getMessage() + (hint == null ? "" : " (" + hint + ")"));
    }
}
