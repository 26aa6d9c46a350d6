package dev.aioptout.layout;

import java.util.regex.Pattern;

/**
 * What a tamper alert may be sent to: the one home of the e-mail and https URL rules, which the
 * layout checks and the Terraform module's input validation both use. Each source is a regular
 * expression without anchors in the syntax Java and RE2 (Terraform's {@code regex()}) read alike,
 * with no backslash, so it can stand inside a quoted HCL string as it is.
 */
public final class AlertEndpoints {

    /** The characters of an e-mail address's local part but the dot, as a character class's body. */
    static final String EMAIL_LOCAL_CHARACTERS = "A-Za-z0-9_%+-";

    /** The characters a URL may hold unencoded after its host, as a character class's body. */
    static final String URL_CHARACTERS = "A-Za-z0-9._~:/?#@!$&'()*+,;=%-";

    /**
     * An e-mail address as SNS takes it, in plain ASCII: a local part of letters, digits and
     * {@code . _ % + -} (no dot first, last or twice in a row), {@code @}, and a domain of at least
     * two labels, the last starting with a letter. Braces, quotes and the rarer characters RFC 5322
     * allows are left out: Terraform would read {@code ${} as a template.
     */
    public static final String EMAIL = "[" + EMAIL_LOCAL_CHARACTERS + "]+([.][" + EMAIL_LOCAL_CHARACTERS + "]+)*@" + "("
            + label() + "[.])+"
            + "[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

    public static final int MAX_EMAIL = 254;
    public static final int MAX_EMAIL_LOCAL_PART = 64;

    /**
     * An https URL without credentials: {@code https://}, a host name of letters, digits and '-'
     * in labels, an optional port, then path, query and fragment in the characters RFC 3986 allows
     * unencoded (no space, quote, brace, angle bracket, backslash, '^', '`' or '|'; brackets left out
     * too). No '@' can stand in the host part, so no user name or password can.
     */
    public static final String HTTPS_URL =
            "https://" + label() + "([.]" + label() + ")*" + "(:" + port() + ")?" + "([/?#][" + URL_CHARACTERS + "]*)?";

    public static final int MAX_URL = 2048;

    private static final Pattern EMAIL_PATTERN = Pattern.compile(EMAIL);
    private static final Pattern HTTPS_URL_PATTERN = Pattern.compile(HTTPS_URL);

    private AlertEndpoints() {}

    /** The whole text is an address of at most {@link #MAX_EMAIL} characters, its local part at most {@link #MAX_EMAIL_LOCAL_PART}. */
    public static boolean isEmail(String text) {
        return text.length() <= MAX_EMAIL
                && EMAIL_PATTERN.matcher(text).matches()
                && text.indexOf('@') <= MAX_EMAIL_LOCAL_PART;
    }

    /** The whole text is an https URL of at most {@link #MAX_URL} characters. */
    public static boolean isHttpsUrl(String text) {
        return text.length() <= MAX_URL && HTTPS_URL_PATTERN.matcher(text).matches();
    }

    /** What follows {@code scheme://} up to the first '/', '?' or '#'. */
    static String authority(String url) {
        int start = url.indexOf("://");
        String rest = start < 0 ? url : url.substring(start + 3);
        int end = 0;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        return rest.substring(0, end);
    }

    /** A port number, 0 to 65535. */
    private static String port() {
        return "(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})";
    }

    /** One DNS label: letters, digits and '-', neither first nor last, at most 63. */
    private static String label() {
        return "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    }
}
