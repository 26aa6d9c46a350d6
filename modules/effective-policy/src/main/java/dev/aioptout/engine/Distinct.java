package dev.aioptout.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * One copy of each distinct value: a value equal to one seen before is replaced by that one. Nearly
 * every account of an organization ends up with one of a few effective policies; without this, an
 * audit of 10,000 accounts held 10,000 copies of each (issue 19: memory flat in the account count).
 * Only for immutable values, and for one run: it holds every value it has seen.
 */
public final class Distinct<T> {

    private final Map<T, T> seen = new HashMap<>();

    /** The first value seen equal to this one. */
    public T of(T value) {
        T earlier = seen.putIfAbsent(value, value);
        return earlier == null ? value : earlier;
    }
}
