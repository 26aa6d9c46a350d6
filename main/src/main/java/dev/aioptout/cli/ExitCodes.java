package dev.aioptout.cli;

import dev.aioptout.audit.AuditResult;

/** What the command line returns, as the README documents it: the one home of every exit code. */
public final class ExitCodes {

    public static final int OK = 0;
    /** {@code plan} and {@code verify}: some account is (or would be) non-compliant. Nothing else returns 1. */
    public static final int NON_COMPLIANT = 1;
    /**
     * Bad input: the layout file, an organization file, an option, a refused plan, an output the user's
     * file system refused (permission denied, a full or read-only disk), an output folder another run
     * holds.
     */
    public static final int BAD_INPUT = 2;
    /** {@code verify} and {@code snapshot}: the organization could not be read or fully evaluated. */
    public static final int INCOMPLETE = 3;
    /** Any command: an internal error (a bug), or a failure that neither the input nor the user's file system explains. */
    public static final int FAULT = 70;

    /** The lines of picocli's exit code lists, so every command's help says the same. */
    static final String LIST_OK = "0:success";

    static final String LIST_BAD_INPUT =
            "2:bad input (layout file, organization file, options, a refused plan, an output that cannot be written there)";
    static final String LIST_FAULT =
            "70:an internal error or a failure not caused by the input (the message says which; --debug shows where)";

    private ExitCodes() {}

    static int of(AuditResult.Outcome outcome) {
        return switch (outcome) {
            case COMPLIANT -> OK;
            case NON_COMPLIANT -> NON_COMPLIANT;
            case INCOMPLETE, COULD_NOT_COMPLETE -> INCOMPLETE;
        };
    }
}
