package dev.aioptout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TypeList}'s lookup on lists of every shape; ProviderModuleTest runs it on the provider's. */
class TypeListTest {

    @Test
    void aSortedListIsSearched() {
        TypeList list = list("a.A=x.A\na.B=x.B\na.Ba=x.Ba\na.C=x.C\n");

        assertThat(list.javaName("a.A")).isEqualTo("x.A");
        assertThat(list.javaName("a.B")).isEqualTo("x.B");
        assertThat(list.javaName("a.Ba")).isEqualTo("x.Ba");
        assertThat(list.javaName("a.C")).isEqualTo("x.C");
        assertThat(list.javaName("a.Bb")).isNull();
        assertThat(list.javaName("a")).isNull();
    }

    @Test
    void anUnsortedListIsStillRightLineByLine() {
        TypeList list = list("z.Z=x.Z\na.A=x.A\nm.M=x.M");

        assertThat(list.javaName("a.A")).isEqualTo("x.A");
        assertThat(list.javaName("m.M")).isEqualTo("x.M");
        assertThat(list.javaName("z.Z")).isEqualTo("x.Z");
        assertThat(list.javaName("q.Q")).isNull();
    }

    @Test
    void linesAreReadAsTheGeneratedClassReadsThem() {
        String text = "a.A=x.A\r\n\nb.B=x.B=y\n";

        assertThat(TypeList.parse(text.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Map.of("a.A", "x.A", "b.B", "x.B=y"));
        assertThat(list(text).javaName("a.A")).isEqualTo("x.A");
        assertThat(list(text).javaName("b.B")).isEqualTo("x.B=y");
    }

    private static TypeList list(String text) {
        return TypeList.of(text.getBytes(StandardCharsets.UTF_8));
    }
}
