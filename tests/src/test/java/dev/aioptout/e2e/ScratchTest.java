package dev.aioptout.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

@ExtendWith(MotoExtension.class)
class ScratchTest {
    @TempDir Path dir;

    void show(Emulator emulator, VerifyTest.TestOrg org, String label) throws Exception {
        String layout = Files.readString(E2e.root().resolve("examples/multi-ou/ai-optout.yaml")).replace("o-exampleorgid", org.id);
        Path l = dir.resolve("l.yaml"); Files.writeString(l, layout);
        Path o = dir.resolve("org.json");
        VerifyTest.Run snap = VerifyTest.cli("snapshot", "--endpoint-url", emulator.endpoint().toString(), "--output", o.toString());
        VerifyTest.Run plan = VerifyTest.cli("plan", "--org", o.toString(), "--config", l.toString(), "--format", "json");
        VerifyTest.Run ver = VerifyTest.verify(emulator.endpoint(), "--config", l.toString());
        Map<String, String> m = new TreeMap<>();
        plan.json().get("accounts").forEach(a -> m.put(a.get("id").asText(), "plan=" + a.get("compliant") + " " + a.get("notes")));
        ver.json().get("accounts").forEach(a -> m.merge(a.get("id").asText(), " verify=" + a.get("compliant") + " " + a.get("notes"), String::concat));
        System.out.println("=== " + label + " plan exit " + plan.exit() + " verify exit " + ver.exit() + "\n" + plan.err() + ver.err());
        m.forEach((k, v) -> System.out.println(k + " " + v));
        System.out.println(ver.json().get("checks").toPrettyString());
    }

    @Test
    void explore(Emulator emulator) throws Exception {
        VerifyTest.TestOrg org = VerifyTest.TestOrg.create(emulator, OrganizationFeatureSet.ALL);
        org.tree(new int[]{2, 1});
        org.accounts(6);
        org.enableAiPolicies();
        String b = org.policy(VerifyTest.BASELINE, VerifyTest.FULL_BASELINE);
        org.attach(b, org.rootId);
        String f = org.policy("foreign", VerifyTest.LEX_OPT_IN);
        org.attach(f, org.ous.get(0));
        show(emulator, org, "A");
        String g = org.policy("foreign-root", "{\"services\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],\"lex\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],\"opt_out_policy\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],\"@@assign\":\"optIn\"}}}}");
        org.attach(g, org.rootId);
        show(emulator, org, "B");
    }
}
