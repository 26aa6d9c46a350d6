package dev.aioptout.audit;

/**
 * The audit could not complete: which call failed, why, and what permission or role it needs.
 * The command line maps it to exit code 3.
 */
public final class AuditFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String hint;

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

    /** {@code ListAccountsForParent failed: ... (hint)}. */
    public String describe() {
        return operation + " failed: " + getMessage() + (hint == null ? "" : " (" + hint + ")");
    }
}
