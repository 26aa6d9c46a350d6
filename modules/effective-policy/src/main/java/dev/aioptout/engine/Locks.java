package dev.aioptout.engine;

/** What child policies may still change below one node, as the merge left it. */
public final class Locks {

    private final EffectivePolicyEngine.MergeState state;

    Locks(EffectivePolicyEngine.MergeState state) {
        this.state = state;
    }

    /** The control on adding service keys (under {@code services}). */
    public Lock addingServiceKeys() {
        return state.services();
    }

    /**
     * The control that decides whether a child's {@code @@assign} of the key takes effect: on the
     * value when one is inherited, on the entry when only the key is, on adding keys otherwise.
     */
    public Lock assigning(String key) {
        return state.governing(key);
    }
}
