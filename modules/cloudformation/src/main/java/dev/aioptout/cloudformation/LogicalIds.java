package dev.aioptout.cloudformation;

import dev.aioptout.plan.PlannedPolicy;

/**
 * CloudFormation logical ids for planned policies. They must be letters and digits only, stay the
 * same for an exception as long as its name does (a new logical id makes CloudFormation create a
 * second policy with the same name, which AWS refuses), and never be shared by two exceptions.
 */
final class LogicalIds {

    static final String BASELINE = "Baseline";
    static final String EXCEPTION_PREFIX = "Exception";
    /** A '-' that no letter follows; "-q" is written "Qq", so a 'Q' alone always reads back as '-'. */
    private static final char LONE_DASH = 'Q';

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
}
