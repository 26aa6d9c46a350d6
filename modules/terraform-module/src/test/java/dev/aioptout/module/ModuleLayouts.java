package dev.aioptout.module;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.layout.LayoutFile;
import dev.aioptout.layout.LayoutOptions;
import dev.aioptout.plan.Planner;
import dev.aioptout.plan.PolicyPlan;
import dev.aioptout.policy.CanonicalJson;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.ServiceKeys;
import dev.aioptout.testing.Gen;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Layouts for the module's tests: one that sets every input, and seeded random ones. */
final class ModuleLayouts {

    static final LayoutOptions OPTIONS = new LayoutOptions(false, LocalDate.of(2026, 1, 15));

    /** Every input differs from the built-in defaults, so a default can only come from here. */
    static final String FULL = """
            version: 1
            layout: multi-ou
            organization: {mode: adopt, id: o-exampleorgid}
            stack: {name: corp-optout}
            policy:
              name: corp-ai-optout
              description: Opt out of AI data use (security team)
              default: optIn
              lock: default
              services:
                rekognition: optOut
                lex: optOut
              tags:
                owner: platform-security
                cost-center: "cc 42"
            attach: [root, ou-ab12-34567890]
            exceptions:
              - name: sandbox-lex
                targets: [ou-ab12-11111111, "111122223333"]
                services: {lex: optIn}
                reason: Chatbot team evaluation, ticket "SEC-123"
                expires: 2099-06-30
              - name: research
                targets: ["444455556666"]
                services: {transcribe: optIn}
                reason: Speech research
            alerts:
              email: [security@example.com]
              https: [https://hooks.example.com/ai]
              sns_topic_arn: arn:aws:sns:us-east-1:111122223333:security-alerts
            """;

    /** The smallest layout: every input at its built-in default, no exceptions, no alerts. */
    static final String MINIMAL = "version: 1\n";

    private static final List<String> SERVICES =
            ServiceKeys.KNOWN.stream().filter(k -> !k.equals("default")).toList();
    private static final List<String> OUS =
            List.of("ou-ab12-11111111", "ou-ab12-22222222", "ou-ab12-33333333", "ou-cd34-44444444", "ou-cd34-55555555");
    private static final List<String> ACCOUNTS = List.of("111122223333", "444455556666", "012345678901");
    /** Free text a layout accepts (no "${", "%{", '<' or '>'), with what quoting must get right. */
    private static final String TEXT = "abcxyzABC 0129 \"'\\$%}#:&|`!?,.;=/é中-";

    private static final String NAME = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String TAG = "abcXYZ09 _.:/=+-@";

    private ModuleLayouts() {}

    /** The plan of a layout that must load without errors. */
    static PolicyPlan plan(String yaml) {
        return plan("ai-optout.yaml", yaml);
    }

    static PolicyPlan plan(String file, String yaml) {
        LayoutFile.Loaded loaded = LayoutFile.parse(file, yaml, OPTIONS);
        assertThat(loaded.problems()).as(yaml).noneMatch(Problem::isError);
        return Planner.plan(loaded.layout());
    }

    /**
     * A random layout: free-text names, descriptions, reasons and tags; any lock and default;
     * services for the baseline and each exception (an exception's may include "default");
     * targets among a few OUs and accounts; sometimes an expiry, a stack name, alerts.
     */
    static String random(Gen gen) {
        StringBuilder out = new StringBuilder("version: 1\nlayout: multi-ou\norganization: {id: o-exampleorgid}\n");
        boolean alerts = gen.chance(0.4);
        if (alerts || gen.chance(0.2)) {
            out.append("stack: {name: ")
                    .append("s")
                    .append(gen.string(NAME, 0, 20))
                    .append("}\n");
        }
        out.append("policy:\n")
                .append("  name: ")
                .append(json(gen.string(NAME + " -_.()", 1, 40).strip() + "x"))
                .append('\n');
        if (gen.chance(0.7)) {
            out.append("  description: ").append(json(gen.string(TEXT, 0, 60))).append('\n');
        }
        out.append("  default: ").append(gen.oneOf(OptValue.class).json()).append('\n');
        out.append("  lock: ").append(gen.oneOf(LockLevel.class).yaml()).append('\n');
        out.append("  services: ")
                .append(values(gen, gen.subset(SERVICES, 0, 5)))
                .append('\n');
        Map<String, String> tags = gen.map(0, 3, () -> gen.string(TAG, 1, 12), () -> gen.string(TAG, 0, 16));
        out.append("  tags: {")
                .append(tags.entrySet().stream()
                        .map(t -> json(t.getKey()) + ": " + json(t.getValue()))
                        .collect(Collectors.joining(", ")))
                .append("}\n");
        List<String> attach = new ArrayList<>(gen.subset(OUS, 0, 2));
        attach.addAll(gen.subset(ACCOUNTS, 0, 1));
        if (attach.isEmpty() || gen.chance(0.6)) {
            attach.add(0, "root");
        }
        out.append("attach: ").append(list(attach)).append('\n');
        int exceptions = gen.between(0, 4);
        if (exceptions > 0) {
            out.append("exceptions:\n");
        }
        for (int i = 0; i < exceptions; i++) {
            List<String> services = new ArrayList<>(gen.subset(SERVICES, 1, 4));
            if (gen.chance(0.15)) {
                services.add("default");
            }
            List<String> targets = new ArrayList<>(gen.subset(OUS, 0, 2));
            targets.addAll(gen.subset(ACCOUNTS, targets.isEmpty() ? 1 : 0, 2));
            out.append("  - name: ")
                    .append(gen.string(NAME, 1, 10))
                    .append(gen.chance(0.5) ? "-" + gen.string(NAME, 1, 6) : "")
                    .append('-')
                    .append(i)
                    .append("\n    targets: ")
                    .append(list(targets))
                    .append("\n    services: ")
                    .append(values(gen, services))
                    .append("\n    reason: ")
                    .append(json(gen.string(TEXT, 1, 80)))
                    .append('\n');
            if (gen.chance(0.5)) {
                out.append("    expires: 2099-0")
                        .append(gen.between(1, 9))
                        .append("-1")
                        .append(gen.between(0, 9));
                out.append('\n');
            }
        }
        if (alerts) {
            out.append("alerts:\n");
            List<String> emails = gen.subset(List.of("security@example.com", "ops+ai@example.org"), 0, 2);
            List<String> urls = gen.subset(List.of("https://hooks.example.com/a?b=1", "https://x.example.net"), 0, 1);
            if (!emails.isEmpty()) {
                out.append("  email: ").append(list(emails)).append('\n');
            }
            if (!urls.isEmpty()) {
                out.append("  https: ").append(list(urls)).append('\n');
            }
            if (emails.isEmpty() && urls.isEmpty() || gen.chance(0.4)) {
                out.append("  sns_topic_arn: arn:aws:sns:us-east-1:111122223333:sec-alerts\n");
            }
        }
        return out.toString();
    }

    private static String values(Gen gen, List<String> keys) {
        return keys.stream()
                .map(k -> k + ": " + gen.oneOf(OptValue.class).json())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String list(List<String> items) {
        return items.stream().map(ModuleLayouts::json).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A JSON string, which YAML reads as the same double-quoted scalar. */
    static String json(String text) {
        return CanonicalJson.write(text);
    }
}
