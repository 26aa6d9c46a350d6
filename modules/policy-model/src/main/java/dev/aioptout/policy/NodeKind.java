package dev.aioptout.policy;

/** The three kinds of place in an organization a policy can be attached to. */
public enum NodeKind {
    ROOT,
    ORGANIZATIONAL_UNIT,
    ACCOUNT
}
