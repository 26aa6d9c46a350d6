package dev.aioptout.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Random choices for generated test inputs, all drawn from one seeded source. */
public final class Gen {

    /** A choice and how often it is taken relative to the others. */
    public record Weighted<T>(int weight, Supplier<T> value) {}

    /** Integers that break code more often than others. */
    private static final List<Long> EDGE_NUMBERS =
            List.of(0L, 1L, -1L, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE);

    private final SplittableRandom random;

    public Gen(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public static <T> Weighted<T> weight(int weight, Supplier<T> value) {
        return new Weighted<>(weight, value);
    }

    /** A number from {@code min} to {@code max}, both included. */
    public int between(int min, int max) {
        return random.nextInt(min, max + 1);
    }

    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    public <T> T oneOf(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    @SafeVarargs
    public final <T> T oneOf(T... items) {
        return oneOf(List.of(items));
    }

    public <E extends Enum<E>> E oneOf(Class<E> type) {
        return oneOf(List.of(type.getEnumConstants()));
    }

    /** Calls one of the suppliers, each as likely as the others. */
    @SafeVarargs
    public final <T> T either(Supplier<T>... choices) {
        return oneOf(choices).get();
    }

    /** Calls one of the suppliers, in proportion to its weight. */
    @SafeVarargs
    public final <T> T weighted(Weighted<T>... choices) {
        int total = 0;
        for (Weighted<T> c : choices) {
            total += c.weight();
        }
        int pick = random.nextInt(total);
        for (Weighted<T> c : choices) {
            pick -= c.weight();
            if (pick < 0) {
                return c.value().get();
            }
        }
        throw new IllegalStateException("weights must be positive");
    }

    public <T> Optional<T> maybe(double presence, Supplier<T> value) {
        return chance(presence) ? Optional.of(value.get()) : Optional.empty();
    }

    /** Draws until a value passes the test. */
    public <T> T suchThat(Supplier<T> value, Predicate<T> test) {
        T v = value.get();
        while (!test.test(v)) {
            v = value.get();
        }
        return v;
    }

    public <T> List<T> list(int min, int max, Supplier<T> element) {
        int size = between(min, max);
        List<T> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(element.get());
        }
        return out;
    }

    /** Distinct items, between {@code min} and {@code max} of them, in the collection's order. */
    public <T> List<T> subset(Collection<T> items, int min, int max) {
        List<T> pool = new ArrayList<>(items);
        int size = between(min, Math.min(max, pool.size()));
        List<Integer> chosen = new ArrayList<>();
        while (chosen.size() < size) {
            int i = random.nextInt(pool.size());
            if (!chosen.contains(i)) {
                chosen.add(i);
            }
        }
        chosen.sort(null);
        return chosen.stream().map(pool::get).toList();
    }

    /**
     * Up to {@code max} entries with distinct keys, in the order drawn; fewer than {@code min} only
     * when the keys keep repeating (a small key space).
     */
    public <K, V> Map<K, V> map(int min, int max, Supplier<K> key, Supplier<V> value) {
        int size = between(min, max);
        Map<K, V> out = new LinkedHashMap<>();
        for (int attempts = 0; out.size() < size && attempts < 20 * size; attempts++) {
            out.putIfAbsent(key.get(), value.get());
        }
        return out;
    }

    /** Text of {@code minLength} to {@code maxLength} characters taken from {@code chars}. */
    public String string(String chars, int minLength, int maxLength) {
        int length = between(minLength, maxLength);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(chars.charAt(random.nextInt(chars.length())));
        }
        return out.toString();
    }

    /** Any int, the edge values (0, ±1, the limits) one time in five. */
    public int anyInt() {
        return chance(0.2) ? oneOf(EDGE_NUMBERS.subList(0, 5)).intValue() : random.nextInt();
    }

    /** Any long, the edge values (0, ±1, the int and long limits) one time in five. */
    public long anyLong() {
        return chance(0.2) ? oneOf(EDGE_NUMBERS) : random.nextLong();
    }
}
