package dev.aioptout.audit.testing;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The heap an object keeps alive: the live set with it, less the live set before it was made.
 * Whatever the making left behind besides the object (caches, pools, classes' statics) counts too,
 * so a caller measures after a first run has warmed them.
 *
 * <p>The live set is the class histogram's total ({@code jcmd PID GC.class_histogram}, which collects
 * first), not the used heap after {@code System.gc()}: a full collection may leave dead objects where
 * they lie (the serial collector's MarkSweepDeadRatio, 5% of the old generation by default), which made
 * the used heap vary by megabytes from one measurement to the next.
 */
public final class RetainedHeap {

    private RetainedHeap() {}

    /** @param value what was made, and the bytes it keeps alive */
    public record Measured<T>(T value, long bytes) {}

    public static <T> Measured<T> of(Supplier<T> make) {
        long before = liveSet();
        T value = make.get();
        long after = liveSet();
        Reference.reachabilityFence(value);
        return new Measured<>(value, after - before);
    }

    /** Bytes of every object reachable now. */
    public static long liveSet() {
        return total(histogram());
    }

    /** A class histogram's total bytes. */
    public static long total(String histogram) {
        String[] lines = histogram.strip().split("\n");
        String[] total = lines[lines.length - 1].trim().split("\\s+");
        if (!total[0].equals("Total")) {
            throw new IllegalStateException("a class histogram without its total: " + lines[lines.length - 1]);
        }
        return Long.parseLong(total[2]);
    }

    /** The live objects by class, most bytes first. */
    public static String histogram() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {null},
                            new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("no class histogram in this JVM: " + e.getMessage(), e);
        }
    }
}
