package dev.aioptout.audit;

import java.util.Locale;

/**
 * One audit check: a fixed id, a status and a message a person can act on.
 *
 * @param call for a check that could not complete, the call that stopped it ({@code DescribeEffectivePolicy
 *     111111111111}); null otherwise
 */
public record Check(String id, Status status, String message, String call) {

    public enum Status {
        PASS,
        FAIL,
        /** Completed, but could not evaluate something (an unverified account, an undocumented control). */
        ERROR,
        SKIP,
        /** Could not complete: a call it needed failed (throttled past the deadline, denied, stalled). */
        INCOMPLETE;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final String ALL_FEATURES = "organization-all-features";
    public static final String POLICY_TYPE_ENABLED = "policy-type-enabled";
    public static final String BASELINE_ATTACHED = "baseline-attached-to-root";
    public static final String BASELINE_CONTENT = "baseline-content-matches";
    public static final String CHILD_OVERRIDE_LOCKED = "child-override-locked";
    public static final String ACCOUNTS_EFFECTIVE = "accounts-effective-optout";
    public static final String NO_EXPIRED_EXCEPTIONS = "no-expired-exceptions";
    public static final String NO_UNMANAGED_WEAKENING = "no-unmanaged-weakening-policies";
    public static final String CROSS_CHECK = "effective-policy-cross-check";
    public static final String INVALID_EFFECTIVE = "no-invalid-effective-policies";

    public Check(String id, Status status, String message) {
        this(id, status, message, null);
    }

    public static Check pass(String id, String message) {
        return new Check(id, Status.PASS, message);
    }

    public static Check fail(String id, String message) {
        return new Check(id, Status.FAIL, message);
    }

    public static Check error(String id, String message) {
        return new Check(id, Status.ERROR, message);
    }

    public static Check skip(String id, String message) {
        return new Check(id, Status.SKIP, message);
    }

    /** {@code could not complete[ after WHAT]: CALL failed: WHY (HINT)}. */
    public static Check incomplete(String id, String after, AuditFailure failure) {
        return new Check(
                id,
                Status.INCOMPLETE,
                "could not complete" + (after == null ? "" : " " + after) + ": " + failure.summary(),
                failure.operation());
    }
}
