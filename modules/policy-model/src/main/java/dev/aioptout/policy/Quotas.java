package dev.aioptout.policy;

/** AWS Organizations limits that apply to AI opt-out policies; sources in docs/policy-semantics.md, section 7. */
public final class Quotas {

    /** Characters in one AI opt-out policy document, counted on the bytes sent (compact JSON). */
    public static final int MAX_DOCUMENT_CHARS = 2_500;
    /** AI opt-out policies attached directly to one root, OU or account; inherited ones do not count. */
    public static final int MAX_POLICIES_PER_TARGET = 5;
    /** AI opt-out policies in one organization. */
    public static final int MAX_POLICIES_PER_ORGANIZATION = 1_000;
    /** OU levels under the root. */
    public static final int MAX_OU_DEPTH = 5;
    /** OUs in one organization. */
    public static final int MAX_OUS = 2_000;

    public static final int MAX_POLICY_NAME = 128;
    public static final int MAX_POLICY_DESCRIPTION = 512;

    private Quotas() {}
}
