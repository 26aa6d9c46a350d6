package dev.aioptout.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks a property on inputs generated from a fixed seed, so every run tries the same inputs and a
 * failure happens again on the next run. Try {@code i} draws its input from its own seed, the
 * {@code i}-th number of a {@link SplittableRandom} seeded with the test's seed; a failure names
 * both seeds and prints the input, and {@code generate.apply(new Gen(trySeed))} gives that input
 * back on its own.
 */
public final class SeededTries {

    /** The check run on each input; may throw anything, which fails the try. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T input) throws Exception;
    }

    private SeededTries() {}

    /**
     * @param seed     the test's fixed seed
     * @param tries    how many inputs to generate and check
     * @param generate makes one input from its random choices alone (no clock, no hash order)
     * @param describe the input as text for the failure message, complete enough to rebuild it
     * @return the inputs tried, in order, for checks that the generator covered what it should
     */
    public static <T> List<T> check(
            long seed, int tries, Function<Gen, T> generate, Function<T, String> describe, Property<T> property) {
        SplittableRandom seeds = new SplittableRandom(seed);
        List<T> tried = new ArrayList<>(tries);
        for (int i = 0; i < tries; i++) {
            long trySeed = seeds.nextLong();
            T input = generate.apply(new Gen(trySeed));
            tried.add(input);
            try {
                property.check(input);
            } catch (Exception | AssertionError e) {
                throw new AssertionError(
                        "try %d of %d failed (test seed 0x%X, try seed %dL): %s%ninput:%n%s"
                                .formatted(i + 1, tries, seed, trySeed, e.getMessage(), describe.apply(input)),
                        e);
            }
        }
        return tried;
    }

    /** The seed of try {@code number} (from 1), for a check made after all tries. */
    public static long trySeed(long seed, int number) {
        SplittableRandom seeds = new SplittableRandom(seed);
        long trySeed = seeds.nextLong();
        for (int i = 1; i < number; i++) {
            trySeed = seeds.nextLong();
        }
        return trySeed;
    }
}
