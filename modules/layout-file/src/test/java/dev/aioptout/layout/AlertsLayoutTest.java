package dev.aioptout.layout;

import static dev.aioptout.layout.LayoutBadInputTest.assertAt;
import static dev.aioptout.layout.LayoutBadInputTest.load;
import static dev.aioptout.layout.LayoutBadInputTest.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.policy.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The alerts section: read with its defaults, and each bad e-mail address, https URL and topic ARN
 * refused with its line, column and field, what is wrong and what is allowed.
 */
class AlertsLayoutTest {

    private static String alerts(String body) {
        return "version: 1\nalerts:\n" + body;
    }

    @Test
    void aLayoutWithoutAlertsHasNone() {
        assertThat(load("version: 1\n").layout().alerts()).isNull();
    }

    @Test
    void everyKindOfEndpointIsRead() {
        LayoutFile.Loaded loaded = load(alerts("""
                  email: [security@example.com, "soc+ai.optout@mail.example.org"]
                  https: ["https://hooks.example.com:8443/ai-optout?team=sec&x=%20#frag"]
                  sns_topic_arn: arn:aws:sns:us-east-1:111122223333:security-alerts
                """));
        assertThat(loaded.problems()).isEmpty();
        Layout.AlertsSpec alerts = loaded.layout().alerts();
        assertThat(alerts.emails()).containsExactly("security@example.com", "soc+ai.optout@mail.example.org");
        assertThat(alerts.httpsUrls()).containsExactly("https://hooks.example.com:8443/ai-optout?team=sec&x=%20#frag");
        assertThat(alerts.snsTopicArn()).isEqualTo("arn:aws:sns:us-east-1:111122223333:security-alerts");
        assertThat(alerts.createsTopic()).isTrue();
    }

    @Test
    void aGivenTopicAloneCreatesNoTopic() {
        Layout.AlertsSpec alerts = load(alerts("  sns_topic_arn: arn:aws:sns:us-east-1:111122223333:a_b-C\n"))
                .layout()
                .alerts();
        assertThat(alerts.createsTopic()).isFalse();
        assertThat(alerts.emails()).isEmpty();
        assertThat(alerts.httpsUrls()).isEmpty();
    }

    @Test
    void anEmptySectionAlertsNobodyAndIsRefused() {
        Problem p = onlyError(alerts("  {}\n"));
        assertAt(p, 3, 3, "alerts");
        assertThat(p.message()).isEqualTo("must not be empty");
        assertThat(p.hint()).contains("give at least one of the three");
    }

    @Test
    void anEmptyListIsRefused() {
        Problem p = onlyError(alerts("  email: []\n"));
        assertAt(p, 3, 10, "alerts.email");
        assertThat(p.message()).isEqualTo("must not be empty");
    }

    @Test
    void anUnknownKeyNamesTheAllowedOnes() {
        Problem p = onlyError(alerts("  emails: [a@example.com]\n"));
        assertAt(p, 3, 3, "alerts.emails");
        assertThat(p.hint())
                .startsWith("did you mean \"email\"? ")
                .contains("allowed here: email, https, sns_topic_arn");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "security.example.com|has no @",
                "a@b@example.com|has more than one @",
                "security@localhost|has no domain name after the @",
                "sécurité@example.com|'é' is not allowed",
                "sec urity@example.com|' ' is not allowed",
                ".security@example.com|is not an e-mail address",
                "sec..urity@example.com|is not an e-mail address",
                "security@-example.com|is not an e-mail address",
                "security@example.1com|is not an e-mail address",
                "a${b}@example.com|'$' is not allowed",
            })
    void badEmailAddressesAreRefused(String email, String message) {
        Problem p = onlyError(alerts("  email: [ok@example.com, \"" + email + "\"]\n"));
        assertAt(p, 3, 27, "alerts.email[1]");
        assertThat(p.message()).contains(message);
        assertThat(p.hint()).startsWith("an e-mail address such as security@example.com");
    }

    @Test
    void overlongAddressesAreRefused() {
        Problem local = onlyError(alerts("  email: [\"" + "a".repeat(65) + "@example.com\"]\n"));
        assertThat(local.message()).isEqualTo("the part before the @ is 65 characters");
        Problem whole =
                onlyError(alerts("  email: [\"a@" + "b".repeat(60) + ".c" + ".d23456789".repeat(20) + ".com\"]\n"));
        assertThat(whole.message()).startsWith("the address is ").endsWith(" characters");
        assertAt(whole, 3, 11, "alerts.email[0]");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://hooks.example.com/x|is plain http|https only",
                "HTTP://hooks.example.com/x|is plain http|https only",
                "ftp://hooks.example.com/x|does not start with https://|an https URL",
                "hooks.example.com/x|does not start with https://|an https URL",
                "https://user:secret@hooks.example.com/x|holds a user name or password|no credentials in the URL",
                "https://token@hooks.example.com|holds a user name or password|no credentials in the URL",
                "https://hooks.example.com/a b|' ' is not allowed|percent-encode",
                "https://hooks.example.com/${var.x}|'{' is not allowed|an https URL",
                "https://hooks.example.com/é|'é' is not allowed|an https URL",
                "https://hooks.example.com:99999/x|is not an https URL|an https URL",
                "https://|is not an https URL|an https URL",
                "https://-bad.example.com/|is not an https URL|an https URL",
                "https://[::1]/x|'[' is not allowed|an https URL",
            })
    void badHttpsUrlsAreRefused(String url, String message, String hint) {
        Problem p = onlyError(alerts("  https:\n    - \"" + url + "\"\n"));
        assertAt(p, 4, 7, "alerts.https[0]");
        assertThat(p.message()).contains(message);
        assertThat(p.hint()).contains(hint);
    }

    @Test
    void aControlCharacterInAUrlIsRefusedBeforeAnythingElse() {
        Problem p = onlyError(alerts("  https: [\"https://hooks.example.com/\\e[2J\"]\n"));
        assertAt(p, 3, 11, "alerts.https[0]");
        assertThat(p.message()).contains("U+001B");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "sns:us-east-1:111122223333:alerts|is not an ARN of six parts|arn:aws:sns:us-east-1:111122223333",
                "arn:aws:sns:us-east-1:111122223333:alerts:extra|is not an ARN of six parts|standard SNS topic",
                "arn:amazon:sns:us-east-1:111122223333:alerts|\"amazon\" is not a partition|standard SNS topic",
                "arn:aws:sqs:us-east-1:111122223333:alerts|of service \"sqs\", not an SNS topic|standard SNS topic",
                "arn:aws-us-gov:sns:us-gov-west-1:111122223333:alerts|is in partition aws-us-gov|of the aws partition",
                "arn:aws:sns:eu-west-1:111122223333:alerts|is in region \"eu-west-1\"|only to a topic in its rule's region, us-east-1",
                "arn:aws:sns:us-east-1:11112222333:alerts|the account \"11112222333\" is not 12 digits|standard SNS topic",
                "arn:aws:sns:us-east-1:111122223333:alerts.fifo|is a FIFO topic|a standard topic",
                "arn:aws:sns:us-east-1:111122223333:al/erts|is not 1 to 256 letters, digits|standard SNS topic",
                "arn:aws:sns:us-east-1:111122223333:|the topic name \"\" is not|standard SNS topic",
            })
    void badTopicArnsSayWhichPartIsWrong(String arn, String message, String hint) {
        Problem p = onlyError(alerts("  sns_topic_arn: \"" + arn + "\"\n"));
        assertAt(p, 3, 18, "alerts.sns_topic_arn");
        assertThat(p.message()).contains(message);
        assertThat(p.hint()).contains(hint);
    }

    @Test
    void anOverlongTopicNameIsRefused() {
        Problem p = onlyError(alerts("  sns_topic_arn: arn:aws:sns:us-east-1:111122223333:" + "t".repeat(257) + "\n"));
        assertThat(p.message()).contains("is not 1 to 256 letters, digits, '-' or '_'");
    }

    @Test
    void anEndpointListedTwiceIsRefusedPointingAtTheFirst() {
        Problem p = onlyError(alerts("""
                  email: [a@example.com, b@example.com]
                  https: [https://x.example.com, https://x.example.com]
                """));
        assertAt(p, 4, 34, "alerts.https[1]");
        assertThat(p.message()).isEqualTo("\"https://x.example.com\" is listed twice");
        assertThat(p.hint()).isEqualTo("list each once; the first is at ai-optout.yaml:4:11");
    }

    @Test
    void aStackNameTooLongForTheRuleNameIsRefusedOnlyWithAlerts() {
        String name = "s".repeat(51);
        assertThat(load("version: 1\nstack: {name: " + name + "}\n").problems()).isEmpty();
        Problem p = onlyError("version: 1\nstack: {name: " + name + "}\nalerts: {email: [a@example.com]}\n");
        assertAt(p, 2, 15, "stack.name");
        assertThat(p.message())
                .isEqualTo("with alerts, the rule's name " + name + "-tamper-alerts would be 65 characters");
        assertThat(p.hint()).isEqualTo("EventBridge allows 64: a stack name of at most 50 characters");
        assertThat(load("version: 1\nstack: {name: " + name.substring(1) + "}\nalerts: {email: [a@example.com]}\n")
                        .problems())
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-gov-west-1", "cn-northwest-1"})
    void alertsOutsideTheAwsPartitionAreRefused(String region) {
        Problem p = onlyError("version: 1\nprovider: {region: " + region + "}\nalerts:\n  email: [a@example.com]\n");
        assertAt(p, 3, 1, "alerts");
        assertThat(p.message())
                .startsWith("alerts are made in us-east-1 of the aws partition, and provider.region " + region);
        assertThat(p.hint()).startsWith("remove alerts");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        LayoutFile.Loaded loaded = load(alerts("""
                  email: [nobody]
                  https: [http://x.example.com]
                  sns_topic_arn: arn:aws:sns:eu-west-1:111122223333:t
                """));
        assertThat(loaded.ok()).isFalse();
        List<String> fields = loaded.problems().stream().map(Problem::field).toList();
        assertThat(fields).containsExactly("alerts.email[0]", "alerts.https[0]", "alerts.sns_topic_arn");
    }
}
