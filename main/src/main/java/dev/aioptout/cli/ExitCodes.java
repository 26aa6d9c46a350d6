package dev.aioptout.cli;

/** What the command line returns, as the README documents it. */
public final class ExitCodes {

    public static final int OK = 0;
    /** Anything that is not the user's input: a crash, a failed write. */
    public static final int FAILURE = 1;
    /** {@code plan}: some account would not get what the layout intends. */
    public static final int NON_COMPLIANT = 1;
    /** {@code verify} and {@code snapshot}: the organization could not be read or fully evaluated. */
    public static final int INCOMPLETE = 3;
    /** Bad input: the layout file, an option, a refused plan. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {}
}
