package dev.aioptout.runtime;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What makes ai-optout's synth faster than jsii's stock set-up, lever by lever, and the switch that
 * turns each off: {@code AI_OPTOUT_JSII}, {@code plain} or a comma-separated list of
 * {@code no-<lever>}. Every lever writes the same Terraform as jsii's stock behaviour does without it
 * (docs/cdktf-runtime.md). The levers of jsii's Node.js process are read by runtime-env.sh, which
 * matches these same words; this class reads the Java ones and refuses a word it does not know.
 */
public enum JsiiLevers {
    /** jsii-kernel.sh runs jsii's kernel with the JVM's pipes, not through jsii's relay process. */
    DIRECT_CHANNEL,
    /** lazy-provider-index.cjs: the AWS provider's index loads each module when it is first read. */
    LAZY_INDEX,
    /** {@link ResourceBatch}: the policies and attachments are created in one jsii call. */
    BATCH,
    /** runtime-index-builder.cjs: jsii's runtime index is built after the run instead of killed with it. */
    INDEX_BUILDER,
    /** fresh-cache.cjs: a fresh jsii cache entry gets the index the build shipped, not a parse. */
    FRESH_CACHE,
    /** {@link CdktfThread#warmUp()}: Node.js starts and loads the provider while the layout is read. */
    WARM_UP,
    /** {@link KernelExit}: the command ends as soon as jsii's kernel has, not up to 100 ms later. */
    QUICK_EXIT,
    /** synth: CDKTF synthesises the plan while the layout is proven (main's EarlySynth). */
    EARLY_SYNTH,
    /** AiOptOutStack.prepareStack: CDKTF's stack preparation without its resolve run for cross-stack references. */
    LEAN_PREPARE,
    /** {@link TypeList}: the AWS provider's jsii types are looked up, not all read, when jsii loads it. */
    LAZY_TYPES;

    /** The environment variable. */
    public static final String VARIABLE = "AI_OPTOUT_JSII";
    /** Every lever off. */
    public static final String PLAIN = "plain";

    /** The switch that turns this lever off, such as {@code no-lazy-index}. */
    public String off() {
        return "no-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether this lever is on in this process. */
    public boolean on() {
        return !off(System.getenv(VARIABLE)).contains(this);
    }

    /** The levers a value of {@link #VARIABLE} turns off (none when it is unset); unknown words count for none. */
    static Set<JsiiLevers> off(String value) {
        Set<JsiiLevers> off = EnumSet.noneOf(JsiiLevers.class);
        if (value == null || value.isEmpty()) {
            return off;
        }
        for (String word : value.split(",", -1)) {
            if (word.equals(PLAIN)) {
                return EnumSet.allOf(JsiiLevers.class);
            }
            Arrays.stream(values()).filter(l -> l.off().equals(word)).forEach(off::add);
        }
        return off;
    }

    /**
     * What is wrong with this process's {@link #VARIABLE}, if anything: the words that are neither
     * {@code plain} nor a lever's switch (exactly, no spaces: runtime-env.sh matches them so).
     */
    public static Optional<String> problem() {
        return problem(System.getenv(VARIABLE));
    }

    static Optional<String> problem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        List<String> unknown = Arrays.stream(value.split(",", -1))
                .filter(word -> !word.equals(PLAIN)
                        && Arrays.stream(values()).noneMatch(l -> l.off().equals(word)))
                .toList();
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(unknown.stream().map(w -> "\"" + w + "\"").collect(Collectors.joining(", "))
                + (unknown.size() == 1 ? " is not a switch" : " are not switches"));
    }

    /** What {@link #VARIABLE} may hold. */
    public static String allowed() {
        return PLAIN + ", or a comma-separated list (no spaces) of "
                + Arrays.stream(values()).map(JsiiLevers::off).collect(Collectors.joining(", "));
    }
}
