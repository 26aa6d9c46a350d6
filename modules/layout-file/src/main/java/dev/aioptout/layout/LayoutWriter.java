package dev.aioptout.layout;

import dev.aioptout.policy.AwsIds;
import dev.aioptout.policy.CanonicalJson;
import dev.aioptout.policy.DisplayText;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.TargetId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes a layout file: the YAML that {@link LayoutReader} reads, block style, two-space indents,
 * with a comment beside a line where the person who reviews it needs one. Values are written the
 * way the schema reads them back: free text (a policy name, a reason) as a double-quoted JSON
 * string, which YAML reads the same; an account id quoted, so that YAML does not read it as a
 * number; ids and keys the schema limits to letters, digits and '-' as they are. A comment is
 * one line, whatever text from an organization it holds ({@link DisplayText}).
 */
public final class LayoutWriter {

    /** The only version of the layout file there is. */
    static final int VERSION = 1;

    /**
     * A value and the comment written beside it.
     *
     * @param comment null for none
     */
    public record Commented<T>(T value, String comment) {}

    /**
     * A layout to write, key by key, in the order the README documents them.
     *
     * @param header comment lines at the top of the file
     */
    public record Draft(
            List<String> header,
            Layout.Kind kind,
            Layout.OrganizationSpec organization,
            Policy policy,
            List<Commented<TargetId>> attach,
            List<ExceptionEntry> exceptions) {
        public Draft {
            header = List.copyOf(header);
            attach = List.copyOf(attach);
            exceptions = List.copyOf(exceptions);
        }
    }

    /**
     * The {@code policy:} section.
     *
     * @param adopt     the adopted policy's id; null to create one
     * @param lockNotes comment lines written just above {@code lock:}
     */
    public record Policy(
            Commented<String> adopt,
            String name,
            OptValue defaultValue,
            List<String> lockNotes,
            Commented<LockLevel> lock,
            SortedMap<String, OptValue> services) {
        public Policy {
            lockNotes = List.copyOf(lockNotes);
        }
    }

    /**
     * One entry of {@code exceptions:}.
     *
     * @param adopt the adopted policy's id; null to create one
     */
    public record ExceptionEntry(
            String name,
            Commented<String> adopt,
            List<Commented<TargetId>> targets,
            SortedMap<String, OptValue> services,
            String reason) {
        public ExceptionEntry {
            targets = List.copyOf(targets);
        }
    }

    private final StringBuilder out = new StringBuilder();

    private LayoutWriter() {}

    /** The layout file's text: the lines end in "\n", the last one too. */
    public static String write(Draft draft) {
        return new LayoutWriter().draft(draft);
    }

    private String draft(Draft draft) {
        draft.header()
                .forEach(line -> out.append("# ").append(DisplayText.of(line)).append('\n'));
        line("", "version", String.valueOf(VERSION), null);
        line("", "layout", draft.kind().yaml(), null);
        out.append("organization:\n");
        line("  ", "mode", draft.organization().mode().name().toLowerCase(Locale.ROOT), null);
        if (draft.organization().id() != null) {
            line("  ", "id", draft.organization().id(), null);
        }
        policy(draft.policy());
        out.append("attach:\n");
        draft.attach().forEach(t -> target(t, "  "));
        if (!draft.exceptions().isEmpty()) {
            out.append("exceptions:\n");
        }
        draft.exceptions().forEach(this::exception);
        return out.toString();
    }

    private void policy(Policy policy) {
        out.append("policy:\n");
        adopt(policy.adopt(), "  ");
        line("  ", "name", CanonicalJson.write(policy.name()), null);
        line("  ", "default", policy.defaultValue().json(), null);
        policy.lockNotes()
                .forEach(note -> out.append("  # ").append(DisplayText.of(note)).append('\n'));
        line("  ", "lock", policy.lock().value().yaml(), policy.lock().comment());
        services(policy.services(), "  ");
    }

    private void exception(ExceptionEntry e) {
        out.append("  - ");
        line("", "name", e.name(), null);
        adopt(e.adopt(), "    ");
        out.append("    targets:\n");
        e.targets().forEach(t -> target(t, "      "));
        services(e.services(), "    ");
        line("    ", "reason", CanonicalJson.write(e.reason()), null);
    }

    private void adopt(Commented<String> adopt, String indent) {
        if (adopt != null) {
            line(indent, "adopt", adopt.value(), adopt.comment());
        }
    }

    private void services(Map<String, OptValue> values, String indent) {
        if (values.isEmpty()) {
            return;
        }
        out.append(indent).append("services:\n");
        values.forEach((key, value) -> line(indent + "  ", key, value.json(), null));
    }

    /** {@code - root}, {@code - ou-...}, {@code - "111122223333"}; an OU path as a quoted string. */
    private void target(Commented<TargetId> target, String indent) {
        TargetId t = target.value();
        String text = t.isRoot() || AwsIds.isOu(t.value()) ? t.value() : CanonicalJson.write(t.value());
        out.append(indent).append("- ").append(text);
        comment(target.comment());
    }

    private void line(String indent, String key, String value, String comment) {
        out.append(indent).append(key).append(": ").append(value);
        comment(comment);
    }

    private void comment(String comment) {
        if (comment != null) {
            out.append("  # ").append(DisplayText.of(comment));
        }
        out.append('\n');
    }
}
