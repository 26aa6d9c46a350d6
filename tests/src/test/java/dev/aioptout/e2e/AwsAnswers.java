package dev.aioptout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * AWS's answers to the two calls the emulator does not implement, for a proxy in front of it:
 * DescribeEffectivePolicy with each account's effective policy as a first run of the engine
 * computed it, and ListAccountsWithInvalidEffectivePolicy with no account.
 */
final class AwsAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsAnswers() {}

    /** Each account's effective policy, as the JSON report of a verify run gives it. */
    static Map<String, String> effective(JsonNode report) {
        Map<String, String> effective = new HashMap<>();
        report.get("accounts")
                .forEach(a ->
                        effective.put(a.get("id").asText(), a.get("effective").toString()));
        return effective;
    }

    static Map<String, Function<String, String>> crossCheck(Map<String, String> effective) {
        return Map.of(
                "DescribeEffectivePolicy", body -> effectivePolicy(body, effective),
                "ListAccountsWithInvalidEffectivePolicy",
                        body -> "{\"Accounts\":[],\"PolicyType\":\"AISERVICES_OPT_OUT_POLICY\"}");
    }

    /** DescribeEffectivePolicy's answer for the TargetId in the request. */
    private static String effectivePolicy(String requestBody, Map<String, String> effective) {
        try {
            JsonNode request = JSON.readTree(requestBody);
            String target = request.get("TargetId").asText();
            assertThat(request.get("PolicyType").asText()).isEqualTo("AISERVICES_OPT_OUT_POLICY");
            assertThat(effective)
                    .as("asked about an account verify did not list")
                    .containsKey(target);
            Map<String, Object> policy = new HashMap<>();
            policy.put("PolicyContent", effective.get(target));
            policy.put("TargetId", target);
            policy.put("PolicyType", "AISERVICES_OPT_OUT_POLICY");
            return JSON.writeValueAsString(Map.of("EffectivePolicy", policy));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
