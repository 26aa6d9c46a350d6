package dev.aioptout.engine;

import java.util.Optional;

/**
 * Where an account is in its life cycle, as AWS Organizations reports it in {@code State} (or,
 * where only the retired {@code Status} field is present, in that). The engine's own type, so the
 * engine needs no AWS SDK; the live reader maps the SDK's values onto it.
 *
 * <p>Which states are audited is decided here and nowhere else: all of them. Every account in a
 * known state is evaluated and counts, because each still holds data or becomes usable again
 * without the organization doing anything (see each constant); so no account is ever listed and
 * left out. An account in no known state is evaluated too, but is never compliant
 * ({@link #unverifiedReason()}).
 */
public enum AccountState {
    /** Sign-up not finished: becomes ACTIVE, with the policies it has, as soon as the holder completes it. */
    PENDING_ACTIVATION(true),
    ACTIVE(true),
    /** Suspended by AWS: still holds its data, and is reinstated with the policies it has. */
    SUSPENDED(true),
    /** Closing: still holds its data. */
    PENDING_CLOSURE(true),
    /** In the post-closure period: AWS keeps its data and it can be reopened, with the policies it has. */
    CLOSED(true),
    /** Neither {@code State} nor {@code Status} was given, or a value this version does not know. */
    UNKNOWN(false);

    private final boolean known;

    AccountState(boolean known) {
        this.known = known;
    }

    /** {@code State} first; {@code Status} (ACTIVE, SUSPENDED, PENDING_CLOSURE) only where {@code State} is absent. */
    public static AccountState of(String state, String status) {
        String text = state != null && !state.isEmpty() ? state : status;
        return parse(text).orElse(UNKNOWN);
    }

    /** A known state's name, exactly as AWS writes it; empty for anything else (UNKNOWN included). */
    public static Optional<AccountState> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (AccountState s : values()) {
            if (s.known && s.name().equals(text)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** A state AWS documents; false only for {@link #UNKNOWN}. */
    public boolean known() {
        return known;
    }

    /** Why an account in this state cannot be called compliant; empty when it can. */
    public Optional<String> unverifiedReason() {
        return known
                ? Optional.empty()
                : Optional.of("its state is unknown: AWS gave neither State nor Status, or a state this version does"
                        + " not know");
    }
}
