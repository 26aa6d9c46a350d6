package dev.aioptout.audit;

import java.time.Duration;

/**
 * The calls an audit makes, by how long one attempt may take before it is abandoned and retried.
 * AWS documents no latency; these are choices (docs/policy-semantics.md, section 10). An attempt
 * that takes longer is most likely stalled, and a retry on a new connection is the cure.
 */
public enum CallKind {
    /**
     * DescribeOrganization, ListRoots, DescribePolicy and the List calls: a page of at most 20
     * items, or one policy of at most 2,500 characters.
     */
    LISTING(Duration.ofSeconds(20)),
    /**
     * DescribeEffectivePolicy: one small document, made once per account (thousands of times), so
     * a stall must cost less.
     */
    EFFECTIVE_POLICY(Duration.ofSeconds(10));

    private final Duration attemptTimeout;

    CallKind(Duration attemptTimeout) {
        this.attemptTimeout = attemptTimeout;
    }

    public Duration attemptTimeout() {
        return attemptTimeout;
    }
}
