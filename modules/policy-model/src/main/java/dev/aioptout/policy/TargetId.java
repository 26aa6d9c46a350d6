package dev.aioptout.policy;

import java.util.Optional;

/** Where a policy can be attached: the organization root, an OU or an account. */
public record TargetId(Kind kind, String value) implements Comparable<TargetId> {

    public enum Kind {
        ROOT,
        ORGANIZATIONAL_UNIT,
        ACCOUNT
    }

    /** The word a layout uses for the organization's root, whatever its r- id turns out to be. */
    public static final String ROOT_WORD = "root";

    public static final TargetId ROOT = new TargetId(Kind.ROOT, ROOT_WORD);

    public static final String ALLOWED = "\"root\", an OU id like ou-ab12-34567890, or a 12-digit account id in quotes";

    public static Optional<TargetId> parse(String text) {
        if (ROOT_WORD.equals(text)) {
            return Optional.of(ROOT);
        }
        if (AwsIds.isOu(text)) {
            return Optional.of(new TargetId(Kind.ORGANIZATIONAL_UNIT, text));
        }
        if (AwsIds.isAccount(text)) {
            return Optional.of(new TargetId(Kind.ACCOUNT, text));
        }
        return Optional.empty();
    }

    public static boolean isRootId(String text) {
        return AwsIds.isRoot(text);
    }

    public boolean isRoot() {
        return kind == Kind.ROOT;
    }

    @Override
    public int compareTo(TargetId o) {
        int byKind = kind.compareTo(o.kind);
        return byKind != 0 ? byKind : value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
