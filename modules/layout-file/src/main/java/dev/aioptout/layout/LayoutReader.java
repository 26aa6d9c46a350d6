package dev.aioptout.layout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aioptout.layout.Layout.ExceptionSpec;
import dev.aioptout.layout.Layout.Kind;
import dev.aioptout.layout.Layout.LocalBackend;
import dev.aioptout.layout.Layout.Mode;
import dev.aioptout.layout.Layout.OrganizationSpec;
import dev.aioptout.layout.Layout.PolicySpec;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.TargetId;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns a tree that passed the schema into a {@link Layout}, filling in defaults. Everything it
 * reads has the shape the schema promises; dates that match the pattern but are not real dates
 * are read as null and reported by {@link LayoutChecks}.
 */
final class LayoutReader {

    private LayoutReader() {}

    static Layout read(String source, JsonNode root, Locator locator) {
        Kind kind =
                "multi-ou".equals(root.path("layout").asText("single-account")) ? Kind.MULTI_OU : Kind.SINGLE_ACCOUNT;
        JsonNode org = root.path("organization");
        Mode defaultMode = kind == Kind.MULTI_OU ? Mode.ADOPT : Mode.CREATE;
        Mode mode = org.has("mode")
                ? Mode.valueOf(org.path("mode").asText().toUpperCase(java.util.Locale.ROOT))
                : defaultMode;
        OrganizationSpec organization = new OrganizationSpec(mode, optional(org, "id"));

        JsonNode policy = root.path("policy");
        PolicySpec policySpec = new PolicySpec(
                policy.path("name").asText(LayoutDefaults.POLICY_NAME),
                policy.path("description").asText(LayoutDefaults.POLICY_DESCRIPTION),
                policy.has("default")
                        ? OptValue.parse(policy.path("default").asText()).orElseThrow()
                        : LayoutDefaults.DEFAULT_VALUE,
                policy.has("lock")
                        ? LockLevel.parse(policy.path("lock").asText()).orElseThrow()
                        : LayoutDefaults.LOCK,
                values(policy.path("services")),
                strings(policy.path("tags")),
                optional(policy, "adopt"));

        List<TargetId> attach = root.has("attach") ? targets(root.path("attach")) : List.of(TargetId.ROOT);

        List<ExceptionSpec> exceptions = new ArrayList<>();
        JsonNode list = root.path("exceptions");
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            exceptions.add(new ExceptionSpec(
                    e.path("name").asText(),
                    targets(e.path("targets")),
                    values(e.path("services")),
                    e.path("reason").asText(),
                    date(e.path("expires")),
                    "/exceptions/" + i,
                    optional(e, "adopt")));
        }

        return new Layout(
                source,
                kind,
                organization,
                root.path("stack").path("name").asText(LayoutDefaults.STACK_NAME),
                policySpec,
                attach,
                exceptions,
                backend(root.path("backend")),
                root.path("provider").path("region").asText(LayoutDefaults.REGION),
                alerts(root.path("alerts")),
                optional(root.path("provider"), "version"),
                locator);
    }

    private static Layout.BackendSpec backend(JsonNode backend) {
        if (backend.has("s3")) {
            JsonNode s3 = backend.get("s3");
            return new Layout.S3Backend(
                    s3.path("bucket").asText(),
                    s3.path("key").asText(),
                    optional(s3, "region"),
                    s3.has("use_lockfile") ? s3.get("use_lockfile").asBoolean() : null,
                    optional(s3, "dynamodb_table"));
        }
        if (backend.has("cloud")) {
            JsonNode cloud = backend.get("cloud");
            return new Layout.CloudBackend(
                    cloud.path("organization").asText(),
                    optional(cloud, "workspace"),
                    texts(cloud.path("tags")),
                    optional(cloud, "hostname"));
        }
        return new LocalBackend(backend.path("local").path("path").asText(LayoutDefaults.STATE_PATH));
    }

    private static Layout.AlertsSpec alerts(JsonNode alerts) {
        if (alerts.isMissingNode()) {
            return null;
        }
        return new Layout.AlertsSpec(
                texts(alerts.path("email")), texts(alerts.path("https")), optional(alerts, "sns_topic_arn"));
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(t -> out.add(t.asText()));
        return out;
    }

    private static String optional(JsonNode node, String key) {
        return node.has(key) ? node.get(key).asText() : null;
    }

    private static SortedMap<String, OptValue> values(JsonNode node) {
        SortedMap<String, OptValue> out = new TreeMap<>();
        node.fields()
                .forEachRemaining(f -> out.put(
                        f.getKey(), OptValue.parse(f.getValue().asText()).orElseThrow()));
        return out;
    }

    private static SortedMap<String, String> strings(JsonNode node) {
        SortedMap<String, String> out = new TreeMap<>();
        node.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        return out;
    }

    private static List<TargetId> targets(JsonNode node) {
        List<TargetId> out = new ArrayList<>();
        node.forEach(t -> out.add(TargetId.parse(t.asText()).orElseThrow()));
        return out;
    }

    static LocalDate date(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return LocalDate.parse(node.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
