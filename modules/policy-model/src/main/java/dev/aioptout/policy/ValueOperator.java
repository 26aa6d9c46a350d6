package dev.aioptout.policy;

/** Value-setting inheritance operators; only {@link #ASSIGN} is valid in AI opt-out policies. */
public enum ValueOperator {
    ASSIGN("@@assign"),
    APPEND("@@append"),
    REMOVE("@@remove");

    private final String json;

    ValueOperator(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}
