package dev.aioptout.names;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What some strings mean in Terraform's JSON syntax, as the stack writes them and the HCL renderer
 * reads them back: an expression is a string that is one whole {@code ${...}}, a reference is an
 * expression that is a plain traversal ({@code ${aws_sns_topic.t.arn}}), and a block's comment is
 * a string in its {@code //} object, which Terraform ignores.
 */
public final class TerraformJson {

    /** The property of a block that Terraform's JSON syntax ignores; CDKTF keeps its metadata there. */
    public static final String COMMENT_PROPERTY = "//";

    /** The string in a block's {@link #COMMENT_PROPERTY} object that the HCL output writes as the block's comment. */
    public static final String COMMENT = "comment";

    /** {@code ${a.b[0].c}}: a plain traversal, no function call or operator. */
    private static final Pattern REFERENCE =
            Pattern.compile("^\\$\\{([A-Za-z_][A-Za-z0-9_-]*(?:\\.[A-Za-z_][A-Za-z0-9_-]*|\\[[0-9]+\\])*)\\}$");

    private TerraformJson() {}

    /** A traversal of an attribute: {@code aws_organizations_policy.baseline.id}. */
    public static String attribute(String address, String attribute) {
        return address + "." + attribute;
    }

    /** An expression as a JSON-syntax string: {@code ${expression}}. */
    public static String expression(String expression) {
        return "${" + expression + "}";
    }

    /** A reference to an attribute: {@code ${aws_organizations_policy.baseline.id}}. */
    public static String reference(String address, String attribute) {
        return expression(attribute(address, attribute));
    }

    /** The traversal of a string that is one whole plain reference, {@code a.b[0].c} of {@code ${a.b[0].c}}; null otherwise. */
    public static String traversal(String text) {
        Matcher m = REFERENCE.matcher(text);
        return m.matches() ? m.group(1) : null;
    }

    /** The CDKTF override path of a block's comment: {@code //.comment}. */
    public static String commentOverride() {
        return COMMENT_PROPERTY + "." + COMMENT;
    }
}
