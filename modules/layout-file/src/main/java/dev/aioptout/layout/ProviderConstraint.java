package dev.aioptout.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hashicorp/aws version constraint as Terraform writes one ({@code ">= 6.30.0, < 7.0.0"}), and
 * the range of versions it allows. The stack can only reason about the oldest version a constraint
 * allows (a configuration cannot ask which provider runs it), so that is what this computes.
 *
 * <p>The grammar is Terraform's, without pre-releases: clauses joined by commas, each an optional
 * operator ({@code = != > >= < <= ~>}, none meaning {@code =}) and a version of one to three
 * numbers. A pre-release can only be chosen by an exact constraint in Terraform, and the stack is
 * only checked against releases.
 *
 * @param text   the constraint as written (trimmed): the stack carries it verbatim
 * @param oldest the oldest version it allows
 * @param below  the version every allowed one is below, or at most (see {@code belowInclusive}); null when unbounded
 */
public record ProviderConstraint(String text, Version oldest, Version below, boolean belowInclusive) {

    /** The version the provider bindings were generated for: the oldest the stack's resources are checked with. */
    public static final Version SUPPORTED_FROM = Version.of(5, 23, 1);
    /**
     * Every 6.x has the stack's resources and data source with the same arguments (checked against
     * the prebuilt 6.x bindings; see the README); 7.0 may change them.
     */
    public static final Version SUPPORTED_BELOW = Version.of(7, 0, 0);

    /** One clause: an optional operator and a version of one to three numbers. */
    private static final String CLAUSE = " *(=|!=|>=|>|<=|<|~>)? *\\d{1,9}(\\.\\d{1,9}){0,2} *";
    /** The whole constraint: the schema's pattern for {@code provider.version}. */
    public static final String PATTERN = "^" + CLAUSE + "(," + CLAUSE + ")*$";

    private static final Pattern ONE_CLAUSE = Pattern.compile(CLAUSE);
    private static final Pattern OPERATOR = Pattern.compile("^[=!<>~]*");

    /** {@code >= MIN, < 7.0.0}: any version from {@code minimum} on that the stack is checked with. */
    public static ProviderConstraint atLeast(Version minimum) {
        return new ProviderConstraint(">= " + minimum + ", < " + SUPPORTED_BELOW, minimum, SUPPORTED_BELOW, false);
    }

    /** The constraint, or empty when it is not one Terraform reads or allows no version at all. */
    public static Optional<ProviderConstraint> parse(String text) {
        Version low = Version.of(0, 0, 0);
        Version high = null;
        boolean highInclusive = false;
        List<Version> excluded = new ArrayList<>();
        for (String clause : text.split(",", -1)) {
            if (!ONE_CLAUSE.matcher(clause).matches()) {
                return Optional.empty();
            }
            String bare = clause.replace(" ", "");
            Matcher operator = OPERATOR.matcher(bare);
            operator.find();
            String op = operator.group().isEmpty() ? "=" : operator.group();
            String number = bare.substring(operator.end());
            int parts = number.split("\\.").length;
            Version v = Version.parse(number);
            Version upper = null;
            boolean upperInclusive = false;
            switch (op) {
                case "=" -> {
                    low = max(low, v);
                    upper = v;
                    upperInclusive = true;
                }
                case ">=", ">" -> low = max(low, op.equals(">") ? v.next() : v);
                case "<" -> upper = v;
                case "<=" -> {
                    upper = v;
                    upperInclusive = true;
                }
                case "~>" -> {
                    // ~> 6.2 allows 6.2 up to 7.0; ~> 6.2.1 allows 6.2.1 up to 6.3.0; ~> 6 allows 6.x.
                    low = max(low, v);
                    upper = parts == 3 ? Version.of(v.major(), v.minor() + 1, 0) : Version.of(v.major() + 1, 0, 0);
                }
                default -> excluded.add(v);
            }
            if (upper != null
                    && (high == null || upper.compareTo(high) < 0 || upper.compareTo(high) == 0 && !upperInclusive)) {
                high = upper;
                highInclusive = upperInclusive;
            }
        }
        if (high != null) {
            int c = low.compareTo(high);
            if (c > 0 || c == 0 && (!highInclusive || excluded.contains(low))) {
                return Optional.empty();
            }
        }
        return Optional.of(new ProviderConstraint(text.trim(), low, high, highInclusive));
    }

    /** Whether every version it allows is below {@link #SUPPORTED_BELOW}. */
    public boolean boundedBySupported() {
        return below != null
                && (below.compareTo(SUPPORTED_BELOW) < 0 || below.equals(SUPPORTED_BELOW) && !belowInclusive);
    }

    /** Whether every version it allows is {@code version} or newer. */
    public boolean requiresAtLeast(Version version) {
        return oldest.compareTo(version) >= 0;
    }

    @Override
    public String toString() {
        return text;
    }

    private static Version max(Version a, Version b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A release version: three numbers, compared numerically. */
    public record Version(int major, int minor, int patch) implements Comparable<Version> {

        public static Version of(int major, int minor, int patch) {
            return new Version(major, minor, patch);
        }

        /** {@code 6.22.0}; a version of fewer numbers has zeros for the rest. */
        public static Version parse(String text) {
            String[] p = text.split("\\.");
            return new Version(
                    Integer.parseInt(p[0]),
                    p.length > 1 ? Integer.parseInt(p[1]) : 0,
                    p.length > 2 ? Integer.parseInt(p[2]) : 0);
        }

        /** The smallest version above this one, for {@code >}. */
        Version next() {
            return new Version(major, minor, patch + 1);
        }

        @Override
        public int compareTo(Version o) {
            int c = Integer.compare(major, o.major);
            if (c == 0) {
                c = Integer.compare(minor, o.minor);
            }
            return c == 0 ? Integer.compare(patch, o.patch) : c;
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }
}
