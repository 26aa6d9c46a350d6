package dev.aioptout.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * How far a reading (and the cross-check after it) has got: what a progress line shows, and what a
 * run stopped by its deadline reports. Updated on the one thread that makes the calls.
 */
public final class AuditProgress {

    private final ApiCalls calls;
    private final Consumer<AuditProgress> listener;
    private int policies = -1;
    private int ous;
    private int accounts;
    private int crossDone;
    private int crossTotal = -1;

    /** @param listener told of every change and every HTTP attempt (so retries show while a call waits) */
    public AuditProgress(ApiCalls calls, Consumer<AuditProgress> listener) {
        this.calls = calls;
        this.listener = listener;
        calls.onAttempt(this::changed);
    }

    public static AuditProgress silent(ApiCalls calls) {
        return new AuditProgress(calls, p -> {});
    }

    public ApiCalls calls() {
        return calls;
    }

    void policies(int read) {
        policies = read;
        changed();
    }

    void ou() {
        ous++;
        changed();
    }

    void accounts(int listed) {
        accounts += listed;
        changed();
    }

    void crossCheck(int done, int total) {
        crossDone = done;
        crossTotal = total;
        changed();
    }

    public int ous() {
        return ous;
    }

    public int accounts() {
        return accounts;
    }

    /** What has been read and asked so far: {@code 3 AI opt-out policies, 12 OUs, 1,234 accounts read; cross-check 5 of 20 accounts}. */
    public String describe() {
        List<String> read = new ArrayList<>();
        if (policies >= 0) {
            read.add(count(policies, "AI opt-out policy", "AI opt-out policies"));
        }
        read.add(count(ous, "OU", "OUs"));
        read.add(count(accounts, "account", "accounts"));
        String out = String.join(", ", read) + " read";
        if (crossTotal >= 0) {
            out += "; cross-check " + String.format(Locale.ROOT, "%,d of %,d", crossDone, crossTotal) + " accounts";
        }
        return out;
    }

    /** {@link #describe()} with the calls, retries and throttled answers so far: one progress line. */
    public String line() {
        return describe() + "; " + count(calls.total(), "API call", "API calls") + ", "
                + count(calls.retries(), "retry", "retries") + " (" + calls.throttledAnswers() + " throttled)";
    }

    private void changed() {
        listener.accept(this);
    }

    private static String count(int n, String one, String many) {
        return String.format(Locale.ROOT, "%,d ", n) + (n == 1 ? one : many);
    }
}
