package dev.aioptout.policy;

import java.util.Optional;
import java.util.regex.Pattern;

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

    // The shapes the Organizations API model gives for these ids.
    static final Pattern OU = Pattern.compile("^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$");
    static final Pattern ACCOUNT = Pattern.compile("^\\d{12}$");
    static final Pattern ROOT_ID = Pattern.compile("^r-[0-9a-z]{4,32}$");

    public static final String ALLOWED = "\"root\", an OU id like ou-ab12-34567890, or a 12-digit account id in quotes";

    public static Optional<TargetId> parse(String text) {
        if (ROOT_WORD.equals(text)) {
            return Optional.of(ROOT);
        }
        if (OU.matcher(text).matches()) {
            return Optional.of(new TargetId(Kind.ORGANIZATIONAL_UNIT, text));
        }
        if (ACCOUNT.matcher(text).matches()) {
            return Optional.of(new TargetId(Kind.ACCOUNT, text));
        }
        return Optional.empty();
    }

    public static boolean isRootId(String text) {
        return ROOT_ID.matcher(text).matches();
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
