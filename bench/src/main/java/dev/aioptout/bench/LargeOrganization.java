package dev.aioptout.bench;

import dev.aioptout.engine.AccountState;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.engine.OrgPolicy;
import dev.aioptout.engine.Organization;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.OptOutDocuments;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.Quotas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A generated organization at AWS's limits: OUs five levels deep, accounts spread over them, and
 * AI opt-out policies attached at every level (at most five per target). Seeded, so every run
 * measures the same tree.
 */
final class LargeOrganization {

    private static final List<String> SERVICES = List.of(
            "lex",
            "polly",
            "rekognition",
            "textract",
            "transcribe",
            "translate",
            "comprehend",
            "codeguruprofiler",
            "frauddetector",
            "guardduty");

    private LargeOrganization() {}

    static Organization build(int ous, int accounts, int policies, long seed) {
        Random random = new Random(seed);
        List<OrgPolicy> documents = new ArrayList<>();
        // The baseline: fully locked except a door for each service some policy below may change.
        documents.add(new OrgPolicy(
                "p-baseline0",
                "baseline",
                OptOutDocuments.baseline(OptValue.OPT_OUT, Map.of(), LockLevel.FULL, Set.copyOf(SERVICES.subList(0, 5)))
                        .toCanonicalJson()));
        for (int i = 1; i < policies; i++) {
            String service = SERVICES.get(random.nextInt(SERVICES.size()));
            OptValue value = random.nextBoolean() ? OptValue.OPT_IN : OptValue.OPT_OUT;
            LockLevel lock = random.nextInt(4) == 0 ? LockLevel.FULL : LockLevel.NONE;
            documents.add(new OrgPolicy(
                    String.format("p-%08d", i),
                    "policy-" + i,
                    OptOutDocuments.exception(Map.of(service, value), lock).toCanonicalJson()));
        }

        int perLevel = ous / Quotas.MAX_OU_DEPTH;
        List<List<Builder>> levels = new ArrayList<>();
        Builder root = new Builder(NodeKind.ROOT, "r-bench", "Root");
        root.policies.add("p-baseline0");
        List<Builder> parents = List.of(root);
        int ouNumber = 0;
        for (int level = 1; level <= Quotas.MAX_OU_DEPTH; level++) {
            List<Builder> current = new ArrayList<>();
            for (int i = 0; i < perLevel; i++) {
                Builder ou = new Builder(
                        NodeKind.ORGANIZATIONAL_UNIT, String.format("ou-bnch-%08d", ouNumber), "ou-" + ouNumber);
                ouNumber++;
                parents.get(i % parents.size()).children.add(ou);
                current.add(ou);
            }
            levels.add(current);
            parents = current;
        }
        List<Builder> allOus = levels.stream().flatMap(List::stream).toList();
        List<Builder> accountNodes = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            Builder account =
                    new Builder(NodeKind.ACCOUNT, String.format("%012d", 100_000_000_000L + i), "account-" + i);
            allOus.get(i % allOus.size()).children.add(account);
            accountNodes.add(account);
        }
        // Attach the other policies to OUs and accounts, at most five per target.
        List<Builder> targets = new ArrayList<>(allOus);
        targets.addAll(accountNodes);
        for (int i = 1; i < policies; i++) {
            Builder target;
            do {
                target = targets.get(random.nextInt(targets.size()));
            } while (target.policies.size() >= Quotas.MAX_POLICIES_PER_TARGET);
            target.policies.add(documents.get(i).id());
        }
        return new Organization(
                "o-benchmark0001", "r-bench", List.of("AISERVICES_OPT_OUT_POLICY"), documents, root.build(), false);
    }

    private static final class Builder {
        final NodeKind kind;
        final String id;
        final String name;
        final List<String> policies = new ArrayList<>();
        final List<Builder> children = new ArrayList<>();

        Builder(NodeKind kind, String id, String name) {
            this.kind = kind;
            this.id = id;
            this.name = name;
        }

        OrgNode build() {
            return new OrgNode(
                    kind,
                    id,
                    name,
                    kind == NodeKind.ACCOUNT ? AccountState.ACTIVE : null,
                    policies,
                    children.stream().map(Builder::build).toList());
        }
    }
}
