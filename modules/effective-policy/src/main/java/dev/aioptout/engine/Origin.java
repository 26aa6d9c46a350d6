package dev.aioptout.engine;

/** Which policy, attached where, set a value or a lock. */
public record Origin(String policyId, String policyName, String nodeId, String nodeName) {

    public String describe() {
        return "policy " + label(policyName, policyId) + " attached to " + label(nodeName, nodeId);
    }

    /** The name, with the id beside it when the id is AWS's own (p-, r-, ou-, or an account number). */
    private static String label(String name, String id) {
        if (name == null || name.isEmpty() || name.equals(id)) {
            return id;
        }
        boolean awsId = id.startsWith("p-") || id.startsWith("r-") || id.startsWith("ou-") || id.matches("\\d{12}");
        return "\"" + name + "\"" + (awsId ? " (" + id + ")" : "");
    }
}
