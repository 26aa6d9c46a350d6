package dev.aioptout.engine;

import dev.aioptout.policy.ChildControl;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.PolicyDocument;
import dev.aioptout.policy.PolicyDocument.OptOutSetting;
import dev.aioptout.policy.PolicyDocument.ServiceEntry;
import dev.aioptout.policy.PolicyDocumentParser;
import dev.aioptout.policy.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes every account's effective AI opt-out policy by merging root, then each OU on the path,
 * then the account, following AWS's inheritance rules. docs/policy-semantics.md states each rule
 * with the AWS page it comes from (sections 2 to 4) and the readings taken where AWS is ambiguous
 * (section 5):
 * <ul>
 *   <li>{@code @@assign} overwrites an inherited value or adds one;</li>
 *   <li>child controls at three levels: under {@code services} they govern adding service keys,
 *       on an entry adding keys beneath it, on {@code opt_out_policy} changing the value;</li>
 *   <li>controls of several policies at one node intersect, and lower nodes can only narrow them;</li>
 *   <li>a change a parent's control forbids is ignored, and recorded as such;</li>
 *   <li>at one node the first attached policy's value wins; when the attachment order is not
 *       known the value is recorded as order-dependent;</li>
 *   <li>a decision that a child control naming an operator AWS does not document for this type
 *       could sway, and a policy whose document does not parse, are recorded as unknowns.</li>
 * </ul>
 * Each node's merged state is computed once, so the cost is linear in the size of the tree.
 */
public final class EffectivePolicyEngine {

    private final Map<String, OrgPolicy> policies;
    private final Organization organization;
    private final Map<String, PolicyDocument> parsed = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<AccountOutcome> outcomes = new ArrayList<>();
    private final Distinct<EffectivePolicy> effectivePolicies = new Distinct<>();
    private MergeState belowRoot = MergeState.EMPTY;

    private EffectivePolicyEngine(Organization organization) {
        this.policies = organization.policiesById();
        this.organization = organization;
    }

    public static Evaluation evaluate(Organization organization) {
        EffectivePolicyEngine engine = new EffectivePolicyEngine(organization);
        engine.walk(organization.root(), MergeState.EMPTY, List.of(), List.of());
        return new Evaluation(engine.outcomes, engine.problems, new Locks(engine.belowRoot));
    }

    /**
     * The problems of an organization's policies without merging: documents that do not parse,
     * and attachments of policies the organization does not list.
     */
    public static List<Problem> problems(Organization organization) {
        EffectivePolicyEngine engine = new EffectivePolicyEngine(organization);
        organization.policies().forEach(p -> engine.document(p.id()));
        engine.attachedIds(organization.root());
        return engine.problems;
    }

    private void attachedIds(OrgNode node) {
        node.policyIds().forEach(this::document);
        node.children().forEach(this::attachedIds);
    }

    /**
     * @param path the nodes above this one, root first: one list shared by every account of a parent,
     *     as their effective policies are shared when equal ({@link Distinct})
     */
    private void walk(OrgNode node, MergeState inherited, List<OrgNode> path, List<Note> inheritedNotes) {
        List<Note> notes = new ArrayList<>(inheritedNotes);
        MergeState state = apply(node, inherited, notes);
        List<Note> frozen = notes.size() == inheritedNotes.size() ? inheritedNotes : List.copyOf(notes);
        if (node.kind() == NodeKind.ROOT) {
            belowRoot = state;
        }
        if (node.isAccount()) {
            outcomes.add(new AccountOutcome(node, path, effectivePolicies.of(state.effective()), frozen));
            return;
        }
        List<OrgNode> below = new ArrayList<>(path.size() + 1);
        below.addAll(path);
        below.add(node);
        List<OrgNode> shared = List.copyOf(below);
        for (OrgNode child : node.children()) {
            walk(child, state, shared, frozen);
        }
    }

    /** Applies one node's own policies, in attachment order, to what the node inherits. */
    private MergeState apply(OrgNode node, MergeState inherited, List<Note> notes) {
        if (node.policyIds().isEmpty()) {
            return inherited;
        }
        MergeState.Builder next = inherited.toBuilder();
        Map<String, Origin> valueSetHere = new HashMap<>();
        Set<String> keysAddedHere = new HashSet<>();
        for (String policyId : node.policyIds()) {
            PolicyDocument doc = document(policyId);
            OrgPolicy policy = policies.get(policyId);
            Origin origin = new Origin(policyId, policy == null ? null : policy.name(), node.id(), node.name());
            if (doc == null) {
                notes.add(new Note(
                        Note.Kind.UNREADABLE_POLICY,
                        "services",
                        origin,
                        null,
                        origin.describe()
                                + (policy == null ? " is not listed" : " is not a valid AI opt-out policy document")
                                + ", so what it does is not known"));
                continue;
            }
            if (doc.servicesControl() != null) {
                next.restrictServices(doc.servicesControl(), origin);
            }
            doc.services()
                    .forEach((key, entry) ->
                            applyEntry(key, entry, origin, inherited, next, valueSetHere, keysAddedHere, notes));
        }
        return next.build();
    }

    private void applyEntry(
            String key,
            ServiceEntry entry,
            Origin origin,
            MergeState inherited,
            MergeState.Builder next,
            Map<String, Origin> valueSetHere,
            Set<String> keysAddedHere,
            List<Note> notes) {
        MergeState.Entry parent = inherited.entries().get(key);
        if (parent == null && !keysAddedHere.contains(key)) {
            Lock adding = inherited.services();
            if (adding.uncertain()) {
                notes.add(undocumented(key, origin, adding, origin.describe() + " adds service key \"" + key + "\""));
            }
            if (!adding.allowsAssign()) {
                notes.add(new Note(
                        Note.Kind.IGNORED_CHANGE,
                        key,
                        origin,
                        adding.lockedBy(),
                        origin.describe() + " adds service key \"" + key + "\", but "
                                + adding.lockedBy().describe()
                                + " does not allow child policies to add service keys (\"services\" is locked)"));
                return;
            }
            keysAddedHere.add(key);
            next.addEntry(key);
        }
        OptOutSetting setting = entry.optOutPolicy();
        OptValue value = setting == null ? null : setting.assign();
        if (value != null) {
            Origin earlier = valueSetHere.get(key);
            if (earlier != null) {
                OptValue kept = next.value(key);
                if (kept != value) {
                    notes.add(sameNodeConflict(key, origin, earlier, kept, value));
                }
            } else if (parent != null) {
                Lock lock = inherited.governing(key);
                // A value set again to what it already is changes nothing, whatever the lock: no note.
                boolean changes = parent.value() != value;
                if (changes && lock.uncertain()) {
                    notes.add(undocumented(
                            key, origin, lock, origin.describe() + " sets \"" + key + "\" to " + value.json()));
                }
                if (lock.allowsAssign()) {
                    valueSetHere.put(key, origin);
                    next.setValue(key, value, origin);
                } else if (changes) {
                    notes.add(ignoredUnderLock(key, value, origin, parent, lock));
                }
            } else {
                valueSetHere.put(key, origin);
                next.setValue(key, value, origin);
            }
        }
        if (entry.control() != null) {
            next.restrictEntry(key, entry.control(), origin);
        }
        if (setting != null && setting.control() != null) {
            next.restrictValue(key, setting.control(), origin);
        }
    }

    private static Note undocumented(String key, Origin origin, Lock lock, String change) {
        return new Note(
                Note.Kind.UNDOCUMENTED_CONTROL,
                key,
                origin,
                lock.undocumentedBy(),
                change + ", and whether that takes effect depends on " + lock.describeUndocumented()
                        + ": the outcome is not known");
    }

    private static Note ignoredUnderLock(
            String key, OptValue value, Origin origin, MergeState.Entry parent, Lock lock) {
        String level = parent.value() != null ? "the value of \"" + key + "\"" : "keys under \"" + key + "\"";
        return new Note(
                Note.Kind.IGNORED_CHANGE,
                key,
                origin,
                lock.lockedBy(),
                origin.describe() + " sets \"" + key + "\" to " + value.json() + ", but "
                        + lock.lockedBy().describe() + " locks " + level
                        + " (@@operators_allowed_for_child_policies does not include @@assign)");
    }

    private Note sameNodeConflict(String key, Origin later, Origin earlier, OptValue kept, OptValue ignored) {
        if (organization.orderKnownBefore(later.nodeId(), later.policyId())) {
            return new Note(
                    Note.Kind.IGNORED_CHANGE,
                    key,
                    later,
                    earlier,
                    later.describe() + " sets \"" + key + "\" to " + ignored.json() + ", but " + earlier.describe()
                            + " was attached to the same node first and sets " + kept.json()
                            + " (first attached wins)");
        }
        return new Note(
                Note.Kind.ORDER_DEPENDENT,
                key,
                later,
                earlier,
                earlier.describe() + " and " + later.describe() + " set \"" + key + "\" to " + kept.json() + " and "
                        + ignored.json()
                        + " at the same node; the one attached first wins, and the attachment order is not known");
    }

    private PolicyDocument document(String policyId) {
        if (parsed.containsKey(policyId)) {
            return parsed.get(policyId);
        }
        OrgPolicy policy = policies.get(policyId);
        PolicyDocument doc = null;
        if (policy == null) {
            problems.add(Problem.error(null, "policies", "policy " + policyId + " is attached but not listed", null));
        } else {
            PolicyDocumentParser.Parsed result = PolicyDocumentParser.parse(policy.content(), policyId);
            result.problems()
                    .forEach(p -> problems.add(new Problem(
                            p.severity(),
                            p.location(),
                            "policy " + policyId + (p.field().isEmpty() ? "" : " " + p.field()),
                            p.message(),
                            p.hint())));
            doc = result.document();
        }
        parsed.put(policyId, doc);
        return doc;
    }

    /**
     * The merged state below one node; immutable, shared by every child that adds nothing. Each
     * control is narrowed by intersection and never widened (docs/policy-semantics.md, section 3).
     */
    record MergeState(Lock services, Map<String, Entry> entries) {

        static final MergeState EMPTY = new MergeState(Lock.OPEN, Map.of());

        /**
         * @param entryLock on adding keys beneath the entry (a value where none is inherited)
         * @param valueLock on changing the inherited value
         */
        record Entry(Lock entryLock, Lock valueLock, OptValue value, Origin setBy) {
            static final Entry NEW = new Entry(Lock.OPEN, Lock.OPEN, null, null);
        }

        /** The lock on a child's {@code @@assign} of the key: the value's, else the entry's, else the one on adding keys (docs/policy-semantics.md, section 5.1). */
        Lock governing(String key) {
            Entry e = entries.get(key);
            if (e == null) {
                return services;
            }
            return e.value() != null ? e.valueLock() : e.entryLock();
        }

        EffectivePolicy effective() {
            TreeMap<String, Setting> settings = new TreeMap<>();
            entries.forEach((k, e) -> {
                if (e.value() != null) {
                    settings.put(k, new Setting(e.value(), e.setBy()));
                }
            });
            return new EffectivePolicy(settings);
        }

        Builder toBuilder() {
            return new Builder(this);
        }

        static final class Builder {
            private Lock services;
            private final Map<String, Entry> entries;

            Builder(MergeState from) {
                services = from.services;
                entries = new HashMap<>(from.entries);
            }

            void restrictServices(ChildControl control, Origin origin) {
                services = services.narrow(control, origin);
            }

            void addEntry(String key) {
                entries.putIfAbsent(key, Entry.NEW);
            }

            OptValue value(String key) {
                return entries.get(key).value();
            }

            void setValue(String key, OptValue value, Origin origin) {
                Entry e = entries.get(key);
                entries.put(key, new Entry(e.entryLock(), e.valueLock(), value, origin));
            }

            void restrictEntry(String key, ChildControl control, Origin origin) {
                Entry e = entries.get(key);
                entries.put(key, new Entry(e.entryLock().narrow(control, origin), e.valueLock(), e.value(), e.setBy()));
            }

            void restrictValue(String key, ChildControl control, Origin origin) {
                Entry e = entries.get(key);
                entries.put(key, new Entry(e.entryLock(), e.valueLock().narrow(control, origin), e.value(), e.setBy()));
            }

            MergeState build() {
                return new MergeState(services, Map.copyOf(entries));
            }
        }
    }
}
