package dev.aioptout.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An {@code @@operators_allowed_for_child_policies} setting: which value-setting operators
 * child policies may still use at one level. Absent means {@code @@all}. Children of this policy
 * type can only use {@code @@assign}, so {@link #allowsAssign()} is what the engine asks; what that
 * means for {@code @@append} and {@code @@remove}, which AWS does not document for this type, is in
 * docs/policy-semantics.md, section 5.4.
 */
public record ChildControl(Set<ValueOperator> allowed) {

    public static final String KEY = "@@operators_allowed_for_child_policies";
    public static final ChildControl ALL = new ChildControl(EnumSet.allOf(ValueOperator.class));
    public static final ChildControl NONE = new ChildControl(EnumSet.noneOf(ValueOperator.class));
    public static final ChildControl ASSIGN_ONLY = new ChildControl(EnumSet.of(ValueOperator.ASSIGN));

    public ChildControl {
        allowed = Collections.unmodifiableSet(
                allowed.isEmpty() ? EnumSet.noneOf(ValueOperator.class) : EnumSet.copyOf(allowed));
    }

    public boolean allowsAssign() {
        return allowed.contains(ValueOperator.ASSIGN);
    }

    public boolean isAll() {
        return allowed.size() == ValueOperator.values().length;
    }

    /**
     * Whether AWS documents this control for AI opt-out policies: {@code @@all}, {@code @@assign}
     * or {@code @@none}. Any other list (one naming {@code @@append} or {@code @@remove}) has no
     * documented meaning for this type, so what it allows must not be guessed.
     */
    public boolean documented() {
        return isAll() || allowed.isEmpty() || equals(ASSIGN_ONLY);
    }

    /** Several controls at one node, or a parent's and a child's: only what all allow survives. */
    public ChildControl intersect(ChildControl other) {
        EnumSet<ValueOperator> both = allowed.isEmpty() ? EnumSet.noneOf(ValueOperator.class) : EnumSet.copyOf(allowed);
        both.retainAll(other.allowed);
        return new ChildControl(both);
    }

    /** The JSON array form: {@code ["@@all"]}, {@code ["@@none"]} or the operators in their fixed order. */
    public List<String> toJson() {
        if (isAll()) {
            return List.of("@@all");
        }
        if (allowed.isEmpty()) {
            return List.of("@@none");
        }
        List<String> out = new ArrayList<>();
        for (ValueOperator op : ValueOperator.values()) {
            if (allowed.contains(op)) {
                out.add(op.json());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.join(",", toJson());
    }
}
