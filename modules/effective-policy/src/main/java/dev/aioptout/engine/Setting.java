package dev.aioptout.engine;

import dev.aioptout.policy.OptValue;

/** One effective value and the policy that set it. */
public record Setting(OptValue value, Origin setBy) {}
