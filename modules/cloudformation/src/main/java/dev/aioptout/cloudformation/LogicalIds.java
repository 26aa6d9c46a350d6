package dev.aioptout.cloudformation;

import dev.aioptout.plan.PlannedPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CloudFormation logical ids. They must be letters and digits only, and never be shared by two
 * resources (the second would overwrite the first in the template). A planned policy's id stays the
 * same for an exception as long as its name does (a new logical id makes CloudFormation create a
 * second policy with the same name, which AWS refuses); an alert subscription's comes from its
 * endpoint's digest ({@link #fromDigests}).
 */
final class LogicalIds {

    static final String BASELINE = "Baseline";
    static final String EXCEPTION_PREFIX = "Exception";
    /** A '-' that no letter follows; "-q" is written "Qq", so a 'Q' alone always reads back as '-'. */
    private static final char LONE_DASH = 'Q';
    /** Hex digits of the SHA-256 in an id from a digest, unless two inputs share them. */
    static final int DIGEST_DIGITS = 8;
    /** After the whole digest, when two inputs share it: what a hex digit never is, then the input's rank. */
    private static final char SAME_DIGEST = 'N';

    private LogicalIds() {}

    static String of(PlannedPolicy policy) {
        return policy.role() == PlannedPolicy.Role.BASELINE ? BASELINE : exception(policy.key());
    }

    /**
     * {@code sandbox-lex} becomes {@code ExceptionSandboxLex}: the first character and every letter
     * after a '-' upper-cased. Exception names are lowercase letters, digits and '-', so an upper-case
     * letter only ever stands for a '-'; {@code team-2} becomes {@code ExceptionTeamQ2} so that it
     * cannot meet {@code team2} ({@code ExceptionTeam2}).
     */
    static String exception(String name) {
        StringBuilder id = new StringBuilder(EXCEPTION_PREFIX);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i == 0) {
                id.append(Character.toUpperCase(c));
            } else if (c != '-') {
                id.append(c);
            } else if (i + 1 < name.length() && isLetter(name.charAt(i + 1))) {
                char letter = name.charAt(++i);
                id.append(Character.toUpperCase(letter));
                if (letter == 'q') {
                    id.append('q');
                }
            } else {
                id.append(LONE_DASH);
            }
        }
        return id.toString();
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    /**
     * An id per input: {@code prefix} and the first {@value #DIGEST_DIGITS} hex digits of the
     * input's SHA-256, so that adding or removing an input leaves the others' ids as they were,
     * unless digests begin alike. Inputs whose digests begin alike (a52783@example.com and
     * a61965@example.com share e41683a7) each get as many digits as tell their digest from every
     * other one, as git abbreviates commits: an id of n digits is the only one of that length,
     * since no other digest shares its first n digits. So an input's id does change when an input
     * whose digest shares its first {@value #DIGEST_DIGITS} digits or more is added (longer) or
     * removed (shorter): rare (2^-32 a pair), and then CloudFormation replaces that resource (an
     * e-mail subscription must be confirmed again). Distinct inputs with the same whole digest,
     * which SHA-256 makes practically impossible, are told apart by their rank in sorted order
     * after a letter no hex digit is.
     *
     * @return each input's id, in the order of {@code inputs} (which holds each input once)
     */
    static Map<String, String> fromDigests(String prefix, List<String> inputs) {
        return fromDigests(prefix, inputs, LogicalIds::digest);
    }

    /** {@link #fromDigests(String, List)} with another digest (hex, of one length) for each input, for the tests. */
    static Map<String, String> fromDigests(String prefix, List<String> inputs, Function<String, String> digestOf) {
        Map<String, String> digests = new LinkedHashMap<>();
        inputs.forEach(input -> digests.put(input, digestOf.apply(input)));
        List<String> sorted = new ArrayList<>(inputs);
        sorted.sort(
                Comparator.comparing((String input) -> digests.get(input)).thenComparing(Comparator.naturalOrder()));
        Map<String, String> ids = new LinkedHashMap<>();
        inputs.forEach(input -> ids.put(input, null));
        for (int i = 0; i < sorted.size(); i++) {
            String own = digests.get(sorted.get(i));
            // In sorted order, the longest prefix shared with any other digest is shared with a neighbour.
            int shared = 0;
            if (i > 0) {
                shared = commonPrefix(own, digests.get(sorted.get(i - 1)));
            }
            if (i + 1 < sorted.size()) {
                shared = Math.max(shared, commonPrefix(own, digests.get(sorted.get(i + 1))));
            }
            String id = prefix + own.substring(0, Math.min(own.length(), Math.max(DIGEST_DIGITS, shared + 1)));
            if (shared == own.length()) {
                int rank = 0;
                while (rank < i && digests.get(sorted.get(i - rank - 1)).equals(own)) {
                    rank++;
                }
                id += SAME_DIGEST + Integer.toString(rank);
            }
            ids.put(sorted.get(i), id);
        }
        return ids;
    }

    /** The SHA-256 of the text (UTF-8) in upper-case hex. */
    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }
}
