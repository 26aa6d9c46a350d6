package dev.aioptout.audit;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts API calls (one per operation invoked), HTTP attempts (retries included) and throttled
 * answers, per run. A retry is not a call: the budget counts calls, and retries are reported apart.
 */
public final class ApiCalls implements ExecutionInterceptor {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private volatile Runnable onAttempt = () -> {};

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new AtomicInteger())
                .incrementAndGet();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.incrementAndGet();
        onAttempt.run();
    }

    /** Runs before every HTTP attempt: a progress line shows retries while a call waits them out. */
    void onAttempt(Runnable action) {
        this.onAttempt = action;
    }

    /** An answer that said "slow down" (429, TooManyRequestsException, ThrottlingException). */
    void throttled() {
        throttled.incrementAndGet();
    }

    public int total() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int attempts() {
        return attempts.get();
    }

    /** Attempts beyond the first of each call. */
    public int retries() {
        return Math.max(0, attempts() - total());
    }

    /** Throttled answers, each of which was retried unless the deadline came first. */
    public int throttledAnswers() {
        return throttled.get();
    }

    public int of(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    public Map<String, Integer> byOperation() {
        Map<String, Integer> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
