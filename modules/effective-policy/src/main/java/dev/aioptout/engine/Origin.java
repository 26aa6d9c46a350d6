package dev.aioptout.engine;

/** Which policy, attached where, set a value or a lock. */
public record Origin(String policyId, String policyName, String nodeId, String nodeName) {

    public String describe() {
        return "policy " + label(policyName, policyId) + " attached to " + label(nodeName, nodeId);
    }

    private static String label(String name, String id) {
        return name == null || name.isEmpty() || name.equals(id) ? id : "\"" + name + "\" (" + id + ")";
    }
}
