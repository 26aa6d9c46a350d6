package dev.aioptout.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An organization file for {@code plan --org} of any size, the same every time: 1,200 accounts
 * directly under the root (more than one screenful of children), 8 OUs under it, 8 under each of
 * those and 8 under each of those (584 OUs), and the other accounts spread over the 512 lowest OUs.
 * Every 97th account has a policy that opts Lex in (non-compliant against a layout that opts
 * everything out and locks nothing), every 250th has no state (unverified).
 */
final class LargeOrganizationFile {

    static final int ROOT_ACCOUNTS = 1_200;
    static final int TOP_OUS = 8;
    static final int FANOUT = 8;
    static final String LEX_IN = "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";

    /** What a plan against the layout that opts everything out should count. */
    record Counts(int compliant, int nonCompliant, int unverified) {}

    private LargeOrganizationFile() {}

    static String accountId(int i) {
        return String.format("%012d", 100_000_000_000L + i);
    }

    static Counts write(Path file, int accounts) throws IOException {
        List<Map<String, Object>> rootChildren = new ArrayList<>();
        List<Map<String, Object>> leaves = new ArrayList<>();
        int[] number = {0};
        for (int i = 0; i < TOP_OUS; i++) {
            rootChildren.add(ou(number, 1, leaves));
        }
        int compliant = 0;
        int nonCompliant = 0;
        int unverified = 0;
        for (int i = 0; i < accounts; i++) {
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("type", "ACCOUNT");
            account.put("id", accountId(i));
            account.put("name", "account-" + i);
            boolean stateKnown = i % 250 != 0;
            boolean optedIn = i % 97 == 0;
            if (stateKnown) {
                account.put("state", "ACTIVE");
            }
            account.put("policies", optedIn ? List.of("p-00000001") : List.of());
            if (!stateKnown) {
                unverified++;
            } else if (optedIn) {
                nonCompliant++;
            } else {
                compliant++;
            }
            if (i < ROOT_ACCOUNTS) {
                rootChildren.add(account);
            } else {
                children(leaves.get((i - ROOT_ACCOUNTS) % leaves.size())).add(account);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("id", "r-lrge");
        root.put("name", "Root");
        root.put("policies", List.of());
        root.put("children", rootChildren);
        Map<String, Object> org = new LinkedHashMap<>();
        org.put("organizationId", "o-largeorg000");
        org.put("rootId", "r-lrge");
        org.put("enabledPolicyTypes", List.of("AISERVICES_OPT_OUT_POLICY"));
        org.put("policies", List.of(Map.of("id", "p-00000001", "name", "lex-in", "content", LEX_IN)));
        org.put("root", root);
        Files.writeString(file, new ObjectMapper().writeValueAsString(org));
        return new Counts(compliant, nonCompliant, unverified);
    }

    private static Map<String, Object> ou(int[] number, int level, List<Map<String, Object>> leaves) {
        Map<String, Object> ou = new LinkedHashMap<>();
        int n = number[0]++;
        ou.put("type", "ORGANIZATIONAL_UNIT");
        ou.put("id", String.format("ou-lrge-%08d", n));
        ou.put("name", "ou-" + level + "-" + n);
        ou.put("policies", List.of());
        List<Map<String, Object>> children = new ArrayList<>();
        ou.put("children", children);
        if (level == 3) {
            leaves.add(ou);
        } else {
            for (int i = 0; i < FANOUT; i++) {
                children.add(ou(number, level + 1, leaves));
            }
        }
        return ou;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> children(Map<String, Object> ou) {
        return (List<Map<String, Object>>) ou.get("children");
    }
}
