package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The id shapes match whole values only: nothing before, nothing after, not even a line break. */
class AwsIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\r\n", "\r", "\u2028", "\u2029", "\u0085", " ", "X"})
    void nothingMayFollowOrPrecedeAnId(String extra) {
        assertThat(AwsIds.isAccount("111122223333")).isTrue();
        assertThat(AwsIds.isOu("ou-ab12-34567890")).isTrue();
        assertThat(AwsIds.isRoot("r-ab12")).isTrue();
        assertThat(AwsIds.isOrganization("o-exampleorgid")).isTrue();
        assertThat(AwsIds.isPolicy("p-12345678")).isTrue();
        assertThat(AwsIds.isPolicy("p-FullAWSAccess")).isTrue();
        if (!extra.isEmpty()) {
            // A letter is part of a policy id; nothing else may follow one.
            assertThat(AwsIds.isPolicy("p-12345678" + extra)).isEqualTo(extra.equals("X"));
            assertThat(AwsIds.isAccount("111122223333" + extra)).isFalse();
            assertThat(AwsIds.isAccount(extra + "111122223333")).isFalse();
            assertThat(AwsIds.isOu("ou-ab12-34567890" + extra)).isFalse();
            assertThat(AwsIds.isRoot("r-ab12" + extra)).isFalse();
            assertThat(AwsIds.isOrganization("o-exampleorgid" + extra)).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"１２３４５６７８９０１２", "11112222333", "o-short", "r-ab1", "ou-ab12-3456789", "p-1234567", "p-1234-5678"
            })
    void otherShapesAreRefused(String text) {
        assertThat(AwsIds.isAccount(text)
                        || AwsIds.isOu(text)
                        || AwsIds.isRoot(text)
                        || AwsIds.isOrganization(text)
                        || AwsIds.isPolicy(text))
                .isFalse();
    }
}
