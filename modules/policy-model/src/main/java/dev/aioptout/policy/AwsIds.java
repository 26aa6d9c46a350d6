package dev.aioptout.policy;

import java.util.regex.Pattern;

/**
 * The shapes of the AWS Organizations ids this project reads, as the Organizations API model gives
 * them: the one home of these rules. Each source is a regular expression without anchors, written in
 * the subset that Java, ECMA-262 (JSON Schema's {@code pattern}) and RE2 (Terraform's
 * {@code regex()}) read alike ({@code [0-9]}, not {@code \d}); the layout schema's patterns are
 * built from them (a test in the layout-file module compares the two) and the Terraform module's
 * validation too. Java checks always match the whole value ({@link #matches}), never a prefix or a
 * value with a trailing line break.
 */
public final class AwsIds {

    /** An account id: 12 digits. */
    public static final String ACCOUNT = "[0-9]{12}";
    /** An organizational unit id, e.g. ou-ab12-34567890. */
    public static final String OU = "ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}";
    /** The id of an organization's root, e.g. r-ab12. */
    public static final String ROOT = "r-[0-9a-z]{4,32}";
    /** An organization id, e.g. o-exampleorgid. */
    public static final String ORGANIZATION = "o-[a-z0-9]{10,32}";
    /** A partition's name in an ARN: aws, aws-cn, aws-us-gov, aws-iso-b, ... */
    public static final String PARTITION = "aws(-[a-z]+)*";
    /** A standard SNS topic's name: 1 to 256 letters, digits, '-' or '_' (a FIFO topic adds ".fifo"). */
    public static final String SNS_TOPIC_NAME = "[A-Za-z0-9_-]{1,256}";
    /** A policy id, e.g. p-12345678 (AWS managed policies, such as p-FullAWSAccess, use letters and '_' too). */
    public static final String POLICY = "p-[0-9a-zA-Z_]{8,128}";

    private static final Pattern ACCOUNT_PATTERN = Pattern.compile(ACCOUNT);
    private static final Pattern OU_PATTERN = Pattern.compile(OU);
    private static final Pattern ROOT_PATTERN = Pattern.compile(ROOT);
    private static final Pattern ORGANIZATION_PATTERN = Pattern.compile(ORGANIZATION);
    private static final Pattern PARTITION_PATTERN = Pattern.compile(PARTITION);
    private static final Pattern SNS_TOPIC_NAME_PATTERN = Pattern.compile(SNS_TOPIC_NAME);

    /** Region prefixes of the partitions other than aws. */
    private static final java.util.Map<String, String> OTHER_PARTITIONS = java.util.Map.of(
            "cn-", "aws-cn",
            "us-gov-", "aws-us-gov",
            "us-iso-", "aws-iso",
            "us-isob-", "aws-iso-b",
            "eu-isoe-", "aws-iso-e",
            "us-isof-", "aws-iso-f",
            "eusc-", "aws-eusc");

    private static final Pattern POLICY_PATTERN = Pattern.compile(POLICY);

    private AwsIds() {}

    /**
     * The kinds of id that enter from outside (AWS's answers, organization files), each with how
     * messages name it and describe its shape: the one home of those words, so that an answer and
     * a file are refused alike.
     */
    public enum Kind {
        ACCOUNT("an account id", "12 digits"),
        OU("an OU id", "like ou-ab12-34567890"),
        ROOT("a root id", "r- and 4 to 32 lowercase letters or digits"),
        POLICY("a policy id", "p- and 8 to 128 letters, digits or '_'"),
        ORGANIZATION("an organization id", "like o-exampleorgid"),
        /** What a policy can be attached to (AWS's PolicyTargetId): a root, an OU or an account. */
        TARGET("a root, OU or account id", "r-..., ou-...-... or 12 digits");

        private final String what;
        private final String shape;

        Kind(String what, String shape) {
            this.what = what;
            this.shape = shape;
        }

        /** How a message names it: "an account id". */
        public String what() {
            return what;
        }

        /** What it looks like, for a hint: "12 digits". */
        public String shape() {
            return shape;
        }

        /** The whole text has this kind's shape. */
        public boolean matches(String text) {
            return switch (this) {
                case ACCOUNT -> isAccount(text);
                case OU -> isOu(text);
                case ROOT -> isRoot(text);
                case POLICY -> isPolicy(text);
                case ORGANIZATION -> isOrganization(text);
                case TARGET -> isRoot(text) || isOu(text) || isAccount(text);
            };
        }
    }

    public static boolean isAccount(String text) {
        return matches(ACCOUNT_PATTERN, text);
    }

    public static boolean isOu(String text) {
        return matches(OU_PATTERN, text);
    }

    public static boolean isRoot(String text) {
        return matches(ROOT_PATTERN, text);
    }

    public static boolean isOrganization(String text) {
        return matches(ORGANIZATION_PATTERN, text);
    }

    public static boolean isPartition(String text) {
        return matches(PARTITION_PATTERN, text);
    }

    public static boolean isSnsTopicName(String text) {
        return matches(SNS_TOPIC_NAME_PATTERN, text);
    }

    /** A standard SNS topic's ARN in one partition and region, any account: {@code arn:aws:sns:us-east-1:ACCOUNT:NAME}. */
    public static String snsTopicArn(String partition, String region) {
        return "arn:" + partition + ":sns:" + region + ":" + ACCOUNT + ":" + SNS_TOPIC_NAME;
    }

    /**
     * The partition a region belongs to, by the prefixes AWS gives the regions of its other partitions
     * (China, GovCloud, the isolated and sovereign ones); every other region is in {@code aws}.
     */
    public static String partitionOf(String region) {
        return OTHER_PARTITIONS.entrySet().stream()
                .filter(e -> region.startsWith(e.getKey()))
                .map(java.util.Map.Entry::getValue)
                .findFirst()
                .orElse("aws");
    }

    public static boolean isPolicy(String text) {
        return matches(POLICY_PATTERN, text);
    }

    /** A whole-value pattern in the common syntax: {@code ^(a|b)$}. */
    public static String anchored(String... alternatives) {
        return "^(" + String.join("|", alternatives) + ")$";
    }

    /** The whole text, not a part of it: {@code matches()}, which no trailing line break satisfies. */
    private static boolean matches(Pattern pattern, String text) {
        return text != null && pattern.matcher(text).matches();
    }
}
