package dev.aioptout.runtime;

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
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.jsii.Jsii;
import software.amazon.jsii.JsiiEngine;

/**
 * The one thread that runs CDKTF. jsii, which drives CDKTF's JavaScript in a Node.js process, is
 * not thread-safe, so every CDKTF call goes through here, one task at a time. {@link #warmUp()}
 * starts that process and loads the provider bindings on this thread while the command reads and
 * proves the layout, so the two overlap instead of adding up. When Node.js does not start, every
 * task fails with one {@link NodeStartFailure} that says why, instead of jsii's "Client not created".
 */
public final class CdktfThread {

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

    /** How long jsii's Java runtime takes at most to copy what Node.js printed (it looks every 100 ms). */
    private static final long NODE_OUTPUT_SETTLES_MS = 250;

    /** Whether {@link #warmUp()} was asked for already (it runs once). */
    private static final AtomicBoolean WARMING = new AtomicBoolean();

    /** Confined to the CDKTF thread: whether the kernel answered, or why it did not. */
    private static boolean started;

    private static NodeStartFailure startFailure;

    private CdktfThread() {}

    /**
     * Starts jsii's Node.js process and loads the CDKTF library and the AWS provider bindings, with
     * the modules of the resources the stack uses; returns at once. A failure here is left for the
     * task that follows to meet and report. Once; not with {@code AI_OPTOUT_JSII=no-warm-up}.
     */
    public static void warmUp() {
        // An AI_OPTOUT_JSII word it does not know: the command refuses it (exit 2) before Node.js starts.
        if (!JsiiLevers.WARM_UP.on() || JsiiLevers.problem().isPresent() || WARMING.getAndSet(true)) {
            return;
        }
        THREAD.execute(() -> {
            try {
                JsiiEngine engine = start();
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
                // Reported by the task that follows, which meets the same failure.
            }
        });
    }

    /**
     * Runs {@code work} on the CDKTF thread once jsii's kernel is up, and waits for it; what it
     * throws is thrown here, and a kernel that did not start is a {@link NodeStartFailure}.
     */
    public static void run(Runnable work) {
        submit(work).await();
    }

    /**
     * Queues {@code work} for the CDKTF thread (after what is queued already), to run once jsii's
     * kernel is up; returns at once. {@link Task#await()} waits for it.
     */
    public static Task submit(Runnable work) {
        return new Task(THREAD.submit(() -> {
            start();
            work.run();
        }));
    }

    /** Work queued for the CDKTF thread. */
    public static final class Task {

        private final Future<?> done;

        private Task(Future<?> done) {
            this.done = done;
        }

        /**
         * Waits until the work has run; what it threw is thrown here, and a kernel that did not
         * start is a {@link NodeStartFailure}.
         */
        public void await() {
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

        /** Waits until the work has run, or failed; a failure is not the caller's concern. */
        public void settle() {
            try {
                await();
            } catch (RuntimeException e) {
                // What it made is discarded: how it ended does not matter.
            }
        }
    }

    /** jsii's engine, its kernel started (on the first call) and answering. */
    private static JsiiEngine start() {
        if (startFailure != null) {
            throw startFailure;
        }
        JsiiEngine engine = JsiiEngine.getInstance();
        if (!started) {
            try {
                // The first request starts the kernel and waits for its hello.
                engine.getClient();
            } catch (RuntimeException e) {
                startFailure = NodeStartFailure.of(e, nodeOutput(), System.getenv());
                throw startFailure;
            }
            started = true;
            NodeOutputFilter.started();
            KernelExit.watch(engine);
        }
        return engine;
    }

    /** What Node.js printed before it ended, once jsii's Java runtime has copied all of it. */
    private static List<String> nodeOutput() {
        List<String> printed = NodeOutputFilter.heldLines();
        for (int settled = 0; settled < 2; ) {
            try {
                Thread.sleep(NODE_OUTPUT_SETTLES_MS / 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            List<String> now = NodeOutputFilter.heldLines();
            settled = now.size() == printed.size() ? settled + 1 : 0;
            printed = now;
        }
        return printed;
    }
}
