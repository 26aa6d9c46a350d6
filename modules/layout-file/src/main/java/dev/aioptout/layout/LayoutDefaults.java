package dev.aioptout.layout;

import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptValue;

/** What a layout file may leave out, in one place so the README, schema and code agree. */
public final class LayoutDefaults {

    public static final String STACK_NAME = "ai-optout";
    public static final String POLICY_NAME = "ai-optout-all-services";
    public static final String POLICY_DESCRIPTION = "Opt out of AI services data use. Managed by ai-optout.";
    public static final OptValue DEFAULT_VALUE = OptValue.OPT_OUT;
    public static final LockLevel LOCK = LockLevel.FULL;
    public static final String STATE_PATH = "terraform.ai-optout.tfstate";
    public static final String REGION = "us-east-1";
    /**
     * Tamper alerts live where AWS Organizations delivers its CloudTrail events to EventBridge:
     * us-east-1, in the aws partition.
     */
    public static final String ALERTS_PARTITION = "aws";

    public static final String ALERTS_REGION = "us-east-1";
    /** The alert rule and the topic ai-optout creates are named {@code <stack>-tamper-alerts}. */
    public static final String ALERTS_NAME_SUFFIX = "-tamper-alerts";
    /** EventBridge's limit on a rule's name. */
    public static final int MAX_RULE_NAME = 64;

    /** The file {@code synth} and {@code cdktf synth} read from the working directory when none is named. */
    public static final String FILE_NAME = "ai-optout.yaml";
    /** The same file with YAML's other extension; when both exist, neither is chosen. */
    public static final String OTHER_FILE_NAME = "ai-optout.yml";
    /** The environment variable that names the layout file for {@code cdktf synth}. */
    public static final String FILE_ENV = "AI_OPTOUT_CONFIG";

    private LayoutDefaults() {}
}
