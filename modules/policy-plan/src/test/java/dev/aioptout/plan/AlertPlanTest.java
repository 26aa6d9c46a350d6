package dev.aioptout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.event.ruler.Ruler;

/**
 * The tamper-alert rule's event pattern, field by field, and what it matches: CloudTrail events in
 * the shape EventBridge delivers them, matched by Event Ruler, the pattern engine AWS publishes
 * for EventBridge's pattern language.
 */
class AlertPlanTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AI = "AISERVICES_OPT_OUT_POLICY";
    private static final String SCP = "SERVICE_CONTROL_POLICY";

    @Test
    void thePatternIsExactlyTheDocumentedOne() throws Exception {
        JsonNode pattern = JSON.readTree(AlertPlan.eventPattern());
        assertThat(names(pattern)).containsExactly("detail", "detail-type", "source");
        assertThat(pattern.path("source").toString()).isEqualTo("[\"aws.organizations\"]");
        assertThat(pattern.path("detail-type").toString()).isEqualTo("[\"AWS API Call via CloudTrail\"]");
        JsonNode detail = pattern.path("detail");
        assertThat(names(detail)).containsExactly("$or", "eventSource");
        assertThat(detail.path("eventSource").toString()).isEqualTo("[\"organizations.amazonaws.com\"]");
        JsonNode or = detail.path("$or");
        assertThat(or).hasSize(4);
        String aiOrAbsent = "[\"" + AI + "\",{\"exists\":false}]";
        assertThat(or.get(0).toString())
                .isEqualTo("{\"eventName\":[\"AttachPolicy\",\"DeletePolicy\",\"DetachPolicy\"]}");
        assertThat(or.get(1).toString())
                .isEqualTo("{\"eventName\":[\"CreatePolicy\"],\"requestParameters\":{\"type\":" + aiOrAbsent + "}}");
        assertThat(or.get(2).toString())
                .isEqualTo(
                        "{\"eventName\":[\"DisablePolicyType\",\"EnablePolicyType\"],\"requestParameters\":{\"policyType\":"
                                + aiOrAbsent + "}}");
        assertThat(or.get(3).toString())
                .isEqualTo(
                        "{\"eventName\":[\"UpdatePolicy\"],\"responseElements\":{\"policy\":{\"policySummary\":{\"type\":"
                                + aiOrAbsent + "}}}}");
        assertThat(AlertPlan.eventNames())
                .containsExactly(
                        "AttachPolicy",
                        "CreatePolicy",
                        "DeletePolicy",
                        "DetachPolicy",
                        "DisablePolicyType",
                        "EnablePolicyType",
                        "UpdatePolicy");
        // Compact, keys sorted: what jsonencode writes, so the HCL's jsonencode({...}) is the same text.
        assertThat(JSON.writeValueAsString(pattern)).isEqualTo(AlertPlan.eventPattern());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // Calls that name only a policy id: every one, whatever the policy's type.
        "AttachPolicy, '{\"policyId\":\"p-examplescp\",\"targetId\":\"r-ab12\"}', null, true",
        "DetachPolicy, '{\"policyId\":\"p-examplescp\",\"targetId\":\"111122223333\"}', null, true",
        "DeletePolicy, '{\"policyId\":\"p-examplescp\"}', null, true",
        // The type is in the request.
        "CreatePolicy, '{\"name\":\"x\",\"type\":\"AISERVICES_OPT_OUT_POLICY\",\"content\":\"{}\"}', null, true",
        "CreatePolicy, '{\"name\":\"x\",\"type\":\"SERVICE_CONTROL_POLICY\",\"content\":\"{}\"}', null, false",
        "CreatePolicy, '{\"name\":\"x\",\"content\":\"{}\"}', null, true",
        "CreatePolicy, null, null, true",
        "EnablePolicyType, '{\"rootId\":\"r-ab12\",\"policyType\":\"AISERVICES_OPT_OUT_POLICY\"}', null, true",
        "DisablePolicyType, '{\"rootId\":\"r-ab12\",\"policyType\":\"AISERVICES_OPT_OUT_POLICY\"}', null, true",
        "DisablePolicyType, '{\"rootId\":\"r-ab12\",\"policyType\":\"SERVICE_CONTROL_POLICY\"}', null, false",
        "EnablePolicyType, '{\"rootId\":\"r-ab12\",\"policyType\":\"BACKUP_POLICY\"}', null, false",
        "DisablePolicyType, '{\"rootId\":\"r-ab12\"}', null, true",
        // The type is in the answer only.
        "UpdatePolicy, '{\"policyId\":\"p-x\",\"content\":\"{}\"}', '{\"policy\":{\"policySummary\":{\"id\":\"p-x\",\"type\":\"AISERVICES_OPT_OUT_POLICY\"}}}', true",
        "UpdatePolicy, '{\"policyId\":\"p-x\",\"content\":\"{}\"}', '{\"policy\":{\"policySummary\":{\"id\":\"p-x\",\"type\":\"TAG_POLICY\"}}}', false",
        "UpdatePolicy, '{\"policyId\":\"p-x\",\"content\":\"{}\"}', null, true",
        // Calls that cannot weaken the policy.
        "ListPolicies, '{\"filter\":\"AISERVICES_OPT_OUT_POLICY\"}', null, false",
        "DescribePolicy, '{\"policyId\":\"p-x\"}', null, false",
        "MoveAccount, '{\"accountId\":\"111122223333\"}', null, false",
        "TagResource, '{\"resourceId\":\"p-x\"}', null, false",
    })
    void matchesTheCallsThatCanWeakenTheOptOut(String eventName, String request, String response, boolean alerts)
            throws Exception {
        ObjectNode event = event(eventName, request, response);
        assertThat(Ruler.matchesRule(event.toString(), AlertPlan.eventPattern()))
                .as(event.toString())
                .isEqualTo(alerts);
    }

    @Test
    void aRefusedAttemptAlertsToo() throws Exception {
        ObjectNode event = event("DetachPolicy", "{\"policyId\":\"p-x\",\"targetId\":\"r-ab12\"}", "null");
        ((ObjectNode) event.path("detail")).put("errorCode", "AccessDeniedException");
        assertThat(Ruler.matchesRule(event.toString(), AlertPlan.eventPattern()))
                .isTrue();
        ObjectNode create = event("CreatePolicy", "null", "null");
        ((ObjectNode) create.path("detail")).put("errorCode", "AccessDeniedException");
        assertThat(Ruler.matchesRule(create.toString(), AlertPlan.eventPattern()))
                .isTrue();
    }

    @Test
    void otherServicesAndOtherKindsOfEventDoNotMatch() throws Exception {
        // IAM has a DeletePolicy of its own.
        ObjectNode iam = event("DeletePolicy", "{\"policyArn\":\"arn:aws:iam::111122223333:policy/x\"}", "null");
        iam.put("source", "aws.iam");
        ((ObjectNode) iam.path("detail")).put("eventSource", "iam.amazonaws.com");
        assertThat(Ruler.matchesRule(iam.toString(), AlertPlan.eventPattern())).isFalse();
        ObjectNode serviceEvent = event("DetachPolicy", "{\"policyId\":\"p-x\"}", "null");
        serviceEvent.put("detail-type", "AWS Service Event via CloudTrail");
        assertThat(Ruler.matchesRule(serviceEvent.toString(), AlertPlan.eventPattern()))
                .isFalse();
    }

    @Test
    void theTopicPolicyLetsOnlyTheRulePublish() throws Exception {
        JsonNode policy = JSON.readTree(AlertPlan.topicPolicy("arn:aws:sns:us-east-1:111122223333:t", "RULE"));
        assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
        assertThat(policy.path("Statement")).hasSize(1);
        JsonNode statement = policy.path("Statement").get(0);
        assertThat(names(statement)).containsExactly("Action", "Condition", "Effect", "Principal", "Resource", "Sid");
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.path("Action").asText()).isEqualTo("sns:Publish");
        assertThat(statement.path("Principal").toString()).isEqualTo("{\"Service\":\"events.amazonaws.com\"}");
        assertThat(statement.path("Resource").asText()).isEqualTo("arn:aws:sns:us-east-1:111122223333:t");
        assertThat(statement.path("Condition").toString()).isEqualTo("{\"ArnEquals\":{\"aws:SourceArn\":\"RULE\"}}");
    }

    @Test
    void theLayoutsAlertsBecomeThePlan() {
        LayoutFile.Loaded loaded = LayoutFile.parse("a.yaml", """
                version: 1
                stack: {name: corp}
                alerts:
                  email: [security@example.com]
                  sns_topic_arn: arn:aws:sns:us-east-1:111122223333:soc
                """, new LayoutOptions(false, LocalDate.of(2026, 1, 1)));
        AlertPlan plan = AlertPlan.of(loaded.layout()).orElseThrow();
        assertThat(plan.name()).isEqualTo("corp-tamper-alerts");
        assertThat(plan.emails()).containsExactly("security@example.com");
        assertThat(plan.httpsUrls()).isEmpty();
        assertThat(plan.givenTopicArn()).isEqualTo("arn:aws:sns:us-east-1:111122223333:soc");
        assertThat(plan.createsTopic()).isTrue();
        assertThat(AlertPlan.of(
                        LayoutFile.parse("b.yaml", "version: 1\n", new LayoutOptions(false, LocalDate.of(2026, 1, 1)))
                                .layout()))
                .isEmpty();
    }

    /** An EventBridge event of detail-type "AWS API Call via CloudTrail" from AWS Organizations. */
    private static ObjectNode event(String eventName, String request, String response) throws Exception {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("eventVersion", "1.08");
        detail.put("eventTime", "2026-01-15T10:00:00Z");
        detail.put("eventSource", "organizations.amazonaws.com");
        detail.put("eventName", eventName);
        detail.put("awsRegion", "us-east-1");
        detail.set("requestParameters", JSON.readTree(request));
        detail.set("responseElements", JSON.readTree(response));
        detail.put("readOnly", false);
        detail.put("eventType", "AwsApiCall");
        detail.put("managementEvent", true);
        detail.put("recipientAccountId", "111122223333");
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", "6a7e8feb-b491-4cf7-a9f1-bf3703467718");
        event.put("detail-type", "AWS API Call via CloudTrail");
        event.put("source", "aws.organizations");
        event.put("account", "111122223333");
        event.put("time", "2026-01-15T10:00:00Z");
        event.put("region", "us-east-1");
        event.putArray("resources");
        event.set("detail", detail);
        return event;
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
