package dev.aioptout.cli;

import com.hashicorp.cdktf.providers.aws.data_aws_organizations_organization.DataAwsOrganizationsOrganization;
import com.hashicorp.cdktf.providers.aws.organizations_organization.OrganizationsOrganization;
import com.hashicorp.cdktf.providers.aws.organizations_policy.OrganizationsPolicy;
import com.hashicorp.cdktf.providers.aws.organizations_policy_attachment.OrganizationsPolicyAttachment;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.jsii.Jsii;
import software.amazon.jsii.JsiiEngine;

/**
 * The one thread that runs CDKTF. jsii, which drives CDKTF's JavaScript in a Node.js process, is
 * not thread-safe, so every CDKTF call goes through here, one task at a time. {@link #warmUp()}
 * starts that process and loads the provider bindings on this thread while the command reads and
 * proves the layout, so the two overlap instead of adding up.
 */
final class CdktfThread {

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "cdktf");
        // Never keeps the JVM alive: a command that fails before synth exits at once.
        thread.setDaemon(true);
        return thread;
    });

    /** The provider's classes AiOptOutStack builds: only a hint of what to load early. */
    private static final List<Class<?>> STACK_TYPES = List.of(
            AwsProvider.class,
            OrganizationsOrganization.class,
            DataAwsOrganizationsOrganization.class,
            OrganizationsPolicy.class,
            OrganizationsPolicyAttachment.class);

    private CdktfThread() {}

    /**
     * Starts jsii's Node.js process and loads the CDKTF library and the AWS provider bindings, with
     * the modules of the resources the stack uses; returns at once. A failure here (Node.js
     * missing, say) is left for the synth that follows to meet and report.
     */
    static void warmUp() {
        THREAD.execute(() -> {
            try {
                JsiiEngine engine = JsiiEngine.getInstance();
                engine.loadModule(com.hashicorp.cdktf.providers.aws.$Module.class);
                // Reading a static property loads that class's JavaScript module. Asked of jsii
                // directly, so that no Java class is initialised here, and none can be left
                // half-initialised by a failure.
                for (Class<?> type : STACK_TYPES) {
                    engine.getClient()
                            .getStaticPropertyValue(
                                    type.getAnnotation(Jsii.class).fqn(), "tfResourceType");
                }
            } catch (RuntimeException e) {
                // Reported by the synth that follows, which meets the same failure.
            }
        });
    }

    /** Runs {@code work} on the CDKTF thread and waits for it; what it throws is thrown here. */
    static void run(Runnable work) {
        Future<?> done = THREAD.submit(work);
        try {
            done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.cancel(true);
            throw new IllegalStateException("interrupted while CDKTF synthesised", e);
        }
    }
}
