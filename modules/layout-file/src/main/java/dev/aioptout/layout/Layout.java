package dev.aioptout.layout;

import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.SourceLocation;
import dev.aioptout.policy.TargetId;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A validated layout file with every default filled in.
 *
 * @param source  the file's name as the user gave it (relative paths stay relative), for messages
 * @param alerts  the tamper alerts; null when the layout has no alerts section (no alerting resources)
 * @param providerVersion {@code provider.version} as written: the hashicorp/aws constraint the user
 *                set; null when not set (the stack then chooses)
 * @param locator source positions, so later stages can point at the line that caused a problem
 */
public record Layout(
        String source,
        Kind kind,
        OrganizationSpec organization,
        String stackName,
        PolicySpec policy,
        List<TargetId> attach,
        List<ExceptionSpec> exceptions,
        BackendSpec backend,
        String region,
        AlertsSpec alerts,
        String providerVersion,
        Locator locator) {

    public Layout {
        attach = List.copyOf(attach);
        exceptions = List.copyOf(exceptions);
    }

    public enum Kind {
        SINGLE_ACCOUNT("single-account"),
        MULTI_OU("multi-ou");

        private final String yaml;

        Kind(String yaml) {
            this.yaml = yaml;
        }

        public String yaml() {
            return yaml;
        }
    }

    public enum Mode {
        CREATE,
        ADOPT
    }

    /** @param id the existing organization's id; required to adopt, null otherwise */
    public record OrganizationSpec(Mode mode, String id) {}

    /**
     * The baseline policy.
     *
     * @param adopt the id of a policy already in the organization that becomes the baseline (its
     *              content replaced, its id and attachments kept); null to create a new one
     */
    public record PolicySpec(
            String name,
            String description,
            OptValue defaultValue,
            LockLevel lock,
            SortedMap<String, OptValue> services,
            SortedMap<String, String> tags,
            String adopt) {
        public PolicySpec {
            services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
            tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
        }
    }

    /**
     * One declared exception.
     *
     * @param expires  last day it applies; null when open-ended
     * @param pointer  JSON pointer of the entry in the file, e.g. {@code /exceptions/0}
     * @param adopt    the id of a policy already in the organization that becomes this exception's
     *                 policy; null to create a new one
     */
    public record ExceptionSpec(
            String name,
            List<TargetId> targets,
            SortedMap<String, OptValue> services,
            String reason,
            LocalDate expires,
            String pointer,
            String adopt) {
        /** What joins the baseline's name and the exception's into the exception policy's name. */
        public static final String POLICY_NAME_INFIX = "-exception-";

        public ExceptionSpec {
            targets = List.copyOf(targets);
            services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
        }

        /** The exception policy's name: {@code <policy.name>-exception-<name>}, in every output format. */
        public String policyName(String baselineName) {
            return policyName(baselineName, name);
        }

        public static String policyName(String baselineName, String exceptionName) {
            return baselineName + POLICY_NAME_INFIX + exceptionName;
        }

        public ExceptionSpec withTargets(List<TargetId> resolved) {
            return new ExceptionSpec(name, resolved, services, reason, expires, pointer, adopt);
        }
    }

    /** Where Terraform keeps state. Never credentials: Terraform reads those from the environment. */
    public sealed interface BackendSpec permits LocalBackend, S3Backend, CloudBackend {}

    /** @param path relative to the synthesised stack folder */
    public record LocalBackend(String path) implements BackendSpec {}

    /**
     * @param region        null: the provider's region
     * @param useLockfile   null when not set
     * @param dynamodbTable null when not set
     */
    public record S3Backend(String bucket, String key, String region, Boolean useLockfile, String dynamodbTable)
            implements BackendSpec {}

    /**
     * Terraform Cloud or Enterprise: one named workspace, or the workspaces with all the tags.
     *
     * @param hostname null: app.terraform.io
     */
    public record CloudBackend(String organization, String workspace, List<String> tags, String hostname)
            implements BackendSpec {
        public CloudBackend {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /**
     * Who is told when someone changes what the opt-out rests on.
     *
     * @param emails      e-mail addresses subscribed to the topic ai-optout creates
     * @param httpsUrls   https endpoints subscribed to that topic
     * @param snsTopicArn an existing topic the rule publishes to as well; null when not given
     */
    public record AlertsSpec(List<String> emails, List<String> httpsUrls, String snsTopicArn) {
        public AlertsSpec {
            emails = List.copyOf(emails);
            httpsUrls = List.copyOf(httpsUrls);
        }

        /** ai-optout creates a topic only for subscriptions of its own; a given topic's are managed where it is. */
        public boolean createsTopic() {
            return !emails.isEmpty() || !httpsUrls.isEmpty();
        }
    }

    public SourceLocation at(String pointer) {
        return locator.value(pointer);
    }

    /** The same layout with other targets: its OU paths resolved to ids. */
    public Layout withTargets(List<TargetId> resolvedAttach, List<ExceptionSpec> resolvedExceptions) {
        return new Layout(
                source,
                kind,
                organization,
                stackName,
                policy,
                resolvedAttach,
                resolvedExceptions,
                backend,
                region,
                alerts,
                providerVersion,
                locator);
    }

    /** {@code provider.version}, read; null when not set. Only for a layout that passed its checks. */
    public ProviderConstraint providerConstraint() {
        return providerVersion == null
                ? null
                : ProviderConstraint.parse(providerVersion).orElseThrow();
    }

    /** Every OU the layout names by its path, still to be resolved from an organization file. */
    public boolean hasOuPaths() {
        return attach.stream().anyMatch(TargetId::unresolved)
                || exceptions.stream().anyMatch(e -> e.targets().stream().anyMatch(TargetId::unresolved));
    }

    /** Whether any policy is taken over from the organization ({@code adopt:}). */
    public boolean adoptsPolicies() {
        return policy.adopt() != null || exceptions.stream().anyMatch(e -> e.adopt() != null);
    }
}
