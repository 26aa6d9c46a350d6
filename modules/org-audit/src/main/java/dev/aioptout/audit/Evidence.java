package dev.aioptout.audit;

import java.util.List;

/** How an account's verdict is known: from the engine, confirmed by AWS, or not at all. */
public sealed interface Evidence {

    /** The report's {@code source}: {@code engine}, {@code engine+aws} or {@code unverified}. */
    String source();

    /** Computed by the engine from the policies read. */
    Engine ENGINE = new Engine();

    /** Computed by the engine, and DescribeEffectivePolicy says the same. */
    EngineAndAws ENGINE_AND_AWS = new EngineAndAws();

    /** Computed by the engine from the policies read; one for every account ({@link #ENGINE}). */
    record Engine() implements Evidence {
        @Override
        public String source() {
            return "engine";
        }
    }

    /** Computed by the engine, and DescribeEffectivePolicy says the same; one for every account ({@link #ENGINE_AND_AWS}). */
    record EngineAndAws() implements Evidence {
        @Override
        public String source() {
            return "engine+aws";
        }
    }

    /**
     * Not known, so never compliant.
     *
     * @param reasons one sentence each, saying what is not known and how to resolve it, beyond what
     *                the verdict says itself
     */
    record Unverified(Reason reason, List<String> reasons) implements Evidence {

        public enum Reason {
            /**
             * The engine could not know the outcome (an unreadable policy, an undocumented control, an
             * unknown order) or the account's state: the verdict is unverified and says why.
             */
            ENGINE_UNKNOWN,
            /** DescribeEffectivePolicy disagrees with the engine. */
            AWS_DISAGREES
        }

        public Unverified {
            reasons = List.copyOf(reasons);
        }

        @Override
        public String source() {
            return "unverified";
        }
    }
}
