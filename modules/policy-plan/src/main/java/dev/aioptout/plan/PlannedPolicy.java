package dev.aioptout.plan;

import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.PolicyDocument;
import dev.aioptout.policy.TargetId;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One policy to create and where to attach it.
 *
 * @param key        "baseline", or the exception's name: stable, used for Terraform names
 * @param reason     the exception's reason; null for the baseline
 * @param expires    the exception's last day; null for the baseline and an exception that does not expire
 * @param services   the values the layout gives by service key: the baseline's {@code policy.services}
 *                   (its default is the plan's), an exception's {@code services}
 * @param content    the document as compact canonical JSON, exactly what is sent to AWS
 * @param pointer    where it comes from in the layout file, for messages
 * @param adopt      the id of the policy in the organization that this one takes over (imported,
 *                   its content replaced); null when it is created
 * @param attachedAlready the targets the adopted policy is attached to already, as the
 *                   organization file shows: their attachments are imported, not created
 */
public record PlannedPolicy(
        Role role,
        String key,
        String name,
        String description,
        String reason,
        LocalDate expires,
        SortedMap<String, OptValue> services,
        PolicyDocument document,
        String content,
        SortedMap<String, String> tags,
        List<TargetId> targets,
        String pointer,
        String adopt,
        List<TargetId> attachedAlready) {

    public enum Role {
        BASELINE,
        EXCEPTION
    }

    public static final String BASELINE_KEY = "baseline";

    public PlannedPolicy {
        services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
        tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
        targets = List.copyOf(targets);
        attachedAlready = List.copyOf(attachedAlready);
    }

    /** The id the engine knows a planned policy by, before AWS gives it a p- id. */
    public String plannedId() {
        return role == Role.BASELINE ? "planned-baseline" : "planned-exception-" + key;
    }

    /** Where its targets are listed in the layout file: {@code /attach}, or the exception's {@code targets}. */
    public String targetsPointer() {
        return role == Role.BASELINE ? "/attach" : pointer + "/targets";
    }

    /** How messages name it. */
    public String label() {
        return role == Role.BASELINE ? "the baseline policy" : "exception \"" + key + "\"";
    }

    /** Where its {@code adopt:} key is in the layout file. */
    public String adoptPointer() {
        return pointer + "/adopt";
    }
}
