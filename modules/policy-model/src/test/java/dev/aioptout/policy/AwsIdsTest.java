package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
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
            assertThat(AwsIds.isSnsTopicName("alerts" + extra)).isEqualTo(extra.equals("X"));
            assertThat(AwsIds.isPartition("aws" + extra)).isFalse();
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

    @Test
    void snsTopicNamesAndArnsFollowSnsRules() {
        assertThat(AwsIds.isSnsTopicName("security-alerts_1")).isTrue();
        assertThat(AwsIds.isSnsTopicName("a".repeat(256))).isTrue();
        assertThat(AwsIds.isSnsTopicName("a".repeat(257))).isFalse();
        assertThat(AwsIds.isSnsTopicName("alerts.fifo")).isFalse();
        assertThat(AwsIds.isSnsTopicName("")).isFalse();
        java.util.regex.Pattern arn = java.util.regex.Pattern.compile(AwsIds.snsTopicArn("aws", "us-east-1"));
        assertThat(arn.matcher("arn:aws:sns:us-east-1:111122223333:alerts").matches())
                .isTrue();
        assertThat(arn.matcher("arn:aws:sns:eu-west-1:111122223333:alerts").matches())
                .isFalse();
        assertThat(arn.matcher("arn:aws-cn:sns:us-east-1:111122223333:alerts").matches())
                .isFalse();
        assertThat(arn.matcher("arn:aws:sns:us-east-1:11112222333:alerts").matches())
                .isFalse();
    }

    @Test
    void regionsBelongToTheirPartitions() {
        assertThat(AwsIds.partitionOf("us-east-1")).isEqualTo("aws");
        assertThat(AwsIds.partitionOf("eu-west-1")).isEqualTo("aws");
        assertThat(AwsIds.partitionOf("us-gov-west-1")).isEqualTo("aws-us-gov");
        assertThat(AwsIds.partitionOf("cn-northwest-1")).isEqualTo("aws-cn");
        assertThat(AwsIds.partitionOf("us-isob-east-1")).isEqualTo("aws-iso-b");
        assertThat(AwsIds.partitionOf("eusc-de-east-1")).isEqualTo("aws-eusc");
        assertThat(AwsIds.isPartition("aws-iso-b")).isTrue();
        assertThat(AwsIds.isPartition("amazon")).isFalse();
    }

    @Test
    void eachKindMatchesItsOwnShapeAndATargetIsARootOuOrAccount() {
        assertThat(AwsIds.Kind.ACCOUNT.matches("111122223333")).isTrue();
        assertThat(AwsIds.Kind.OU.matches("ou-ab12-34567890")).isTrue();
        assertThat(AwsIds.Kind.ROOT.matches("r-ab12")).isTrue();
        assertThat(AwsIds.Kind.POLICY.matches("p-RCPFullAWSAccess")).isTrue();
        assertThat(AwsIds.Kind.ORGANIZATION.matches("o-exampleorgid")).isTrue();
        for (String target : new String[] {"r-ab12", "ou-ab12-34567890", "111122223333"}) {
            assertThat(AwsIds.Kind.TARGET.matches(target)).as(target).isTrue();
        }
        // AWS's PolicyTargetId regex, used with find(), would accept junk around an id: whole values only.
        for (String hostile : new String[] {
            "p-$(touch pwned)", "r-ab12; rm -rf ~", "x111122223333", "111122223333\n", "ou-ab12-34567890 r-ab12", null
        }) {
            for (AwsIds.Kind kind : AwsIds.Kind.values()) {
                assertThat(kind.matches(hostile)).as(kind + " " + hostile).isFalse();
            }
        }
        assertThat(AwsIds.Kind.ACCOUNT.matches("r-ab12")).isFalse();
        assertThat(AwsIds.Kind.TARGET.matches("p-12345678")).isFalse();
        assertThat(AwsIds.Kind.POLICY.what()).isEqualTo("a policy id");
    }
}
