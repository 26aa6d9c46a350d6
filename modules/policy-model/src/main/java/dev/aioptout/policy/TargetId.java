package dev.aioptout.policy;

import java.util.Optional;

/**
 * Where a policy can be attached: the organization root, an OU or an account.
 *
 * @param kind  the same kinds the engine's organization model has, so a target and the node it
 *              names are told apart by one enum
 * @param value the id ({@code root} for the root); for an OU named by a path that an organization
 *              file has not resolved yet, the path as written
 * @param path  the OU path the layout named this target by ({@link OuPath}), kept after it is
 *              resolved to an id so the generated configuration can say which OU was meant; null
 *              when the layout gave the id
 */
public record TargetId(NodeKind kind, String value, String path) implements Comparable<TargetId> {

    /** The word a layout uses for the organization's root, whatever its r- id turns out to be. */
    public static final String ROOT_WORD = "root";

    public static final TargetId ROOT = new TargetId(NodeKind.ROOT, ROOT_WORD);

    public TargetId(NodeKind kind, String value) {
        this(kind, value, null);
    }

    public static Optional<TargetId> parse(String text) {
        if (ROOT_WORD.equals(text)) {
            return Optional.of(ROOT);
        }
        if (AwsIds.isOu(text)) {
            return Optional.of(new TargetId(NodeKind.ORGANIZATIONAL_UNIT, text));
        }
        if (AwsIds.isAccount(text)) {
            return Optional.of(new TargetId(NodeKind.ACCOUNT, text));
        }
        if (OuPath.isPath(text)) {
            return Optional.of(new TargetId(NodeKind.ORGANIZATIONAL_UNIT, text, text));
        }
        return Optional.empty();
    }

    /** The OU with this id that the layout named by {@code path}. */
    public static TargetId resolvedOu(String id, String path) {
        return new TargetId(NodeKind.ORGANIZATIONAL_UNIT, id, path);
    }

    /** A path not resolved yet: its id is not known until an organization file is read. */
    public boolean unresolved() {
        return kind == NodeKind.ORGANIZATIONAL_UNIT && value.equals(path);
    }

    /** The same target, whichever way the layout wrote it. */
    public boolean sameTarget(TargetId other) {
        return kind == other.kind && value.equals(other.value);
    }

    public static boolean isRootId(String text) {
        return AwsIds.isRoot(text);
    }

    public boolean isRoot() {
        return kind == NodeKind.ROOT;
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
