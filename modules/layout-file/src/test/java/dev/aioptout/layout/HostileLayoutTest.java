package dev.aioptout.layout;

import static dev.aioptout.layout.LayoutBadInputTest.FILE;
import static dev.aioptout.layout.LayoutBadInputTest.assertAt;
import static dev.aioptout.layout.LayoutBadInputTest.load;
import static dev.aioptout.layout.LayoutBadInputTest.multiOu;
import static dev.aioptout.layout.LayoutBadInputTest.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.policy.Problem;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Careless or hostile layouts (issue 10): each is refused with one located message, never a crash
 * and never a value that validates here and fails later in Terraform or AWS.
 */
class HostileLayoutTest {

    @Nested
    class LineBreaksAndControlCharacters {

        /** YAML double-quoted escapes: \n, \r\n, \L (U+2028), \N (U+0085), \e (ESC), \u202E. */
        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "\\n|a line break (U+000A)",
                    "\\r\\n|a line break (U+000D)",
                    "\\L|a line break (U+2028)",
                    "\\N|a line break (U+0085)",
                    "\\e|a control character (U+001B)",
                    "\\u202E|an invisible formatting character (U+202E)"
                })
        void aTrailingLineBreakInAnAccountTargetIsRefusedNotACrash(String escape, String described) {
            Problem p = onlyError(multiOu("""
                    exceptions:
                      - name: sandbox
                        targets: ["111122223333%s"]
                        services: {lex: optIn}
                        reason: r
                    """.formatted(escape)));
            assertAt(p, 7, 15, "exceptions[0].targets[0]");
            assertThat(p.message()).startsWith("\"111122223333").endsWith("contains " + described + " at character 13");
            assertThat(p.hint()).contains("one line of visible text");
            assertThat(p.format()).doesNotContain("\n", "\r", "\u2028", "\u0085", "\u001b");
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "organization: {id: \"o-exampleorgid\\n\"}|2|20|organization.id",
                    "stack: {name: \"ai-optout\\r\\n\"}|2|15|stack.name",
                    "stack: {name: \"ai-optout\\L\"}|2|15|stack.name",
                    "provider: {region: \"us-east-1\\n\"}|2|20|provider.region",
                    "backend: {s3: {bucket: \"my-state\\n\", key: k}}|2|24|backend.s3.bucket",
                    "backend: {s3: {bucket: my-state, key: k, region: \"eu-west-1\\n\"}}|2|50|backend.s3.region",
                    "backend: {cloud: {organization: acme, workspace: w, hostname: \"tfe.example.com\\n\"}}|2|63|"
                            + "backend.cloud.hostname",
                    "backend: {cloud: {organization: \"acme\\n\", workspace: w}}|2|33|backend.cloud.organization",
                    "backend: {local: {path: \"state\\n.tfstate\"}}|2|25|backend.local.path",
                    "policy: {name: \"base\\npolicy\"}|2|16|policy.name",
                    "attach: [\"root\\n\"]|2|10|attach[0]",
                })
        void everyIdNameRegionBucketAndHostIsOneLine(String line, int row, int column, String field) {
            Problem p = onlyError("version: 1\n" + line + "\n");
            assertAt(p, row, column, field);
            assertThat(p.message()).contains("contains a line break");
        }

        @Test
        void anExceptionNameAndExpiryWithALineBreakAreRefused() {
            LayoutFile.Loaded loaded = load(multiOu("""
                    exceptions:
                      - name: "sandbox\\n"
                        targets: [ou-ab12-34567890]
                        services: {lex: optIn}
                        reason: r
                        expires: "2027-06-30\\n"
                    """));
            assertThat(loaded.ok()).isFalse();
            assertThat(loaded.problems())
                    .extracting(Problem::field)
                    .containsExactly("exceptions[0].name", "exceptions[0].expires");
        }

        @Test
        void aKeyWithALineBreakIsRefusedAtTheKey() {
            Problem p = onlyError("version: 1\npolicy:\n  services: {\"lex\\n\": optOut}\n");
            assertAt(p, 3, 14, "policy.services.lex\n");
            assertThat(p.message()).isEqualTo("the key contains a line break (U+000A)");
            assertThat(p.format()).contains("policy.services.lex\\u000a: ");
        }

        @Test
        void descriptionsAndReasonsMayRunOverLinesButHoldNoOtherControlCharacters() {
            assertThat(load(multiOu("""
                    policy:
                      description: |
                        Opt out of AI services.
                        Reviewed yearly.
                    exceptions:
                      - name: sandbox
                        targets: [ou-ab12-34567890]
                        services: {lex: optIn}
                        reason: "line one\\n\\tline two"
                    """)).ok()).isTrue();
            Problem p = onlyError("version: 1\npolicy: {description: \"bell\\a\"}\n");
            assertAt(p, 2, 23, "policy.description");
            assertThat(p.message()).contains("a control character (U+0007)");
        }
    }

    @Nested
    class YamlFeatures {

        @Test
        void anAliasIsRefusedRatherThanReadAsTheAnchorsName() {
            Problem p = onlyError("""
                    version: 1
                    policy:
                      name: &n basepolicy
                      description: *n
                    """);
            assertAt(p, 4, 16, "policy.description");
            assertThat(p.message()).isEqualTo("YAML alias *n is not read by ai-optout");
            assertThat(p.hint()).contains("write the value itself");
        }

        @Test
        void aMergeKeyIsAnAliasToo() {
            Problem p = onlyError("""
                    version: 1
                    stack: &s {name: x}
                    provider:
                      <<: *s
                    """);
            assertThat(p.message()).isEqualTo("YAML alias *s is not read by ai-optout");
        }

        @Test
        void anAnchorAloneChangesNothing() {
            LayoutFile.Loaded loaded = load("version: 1\npolicy: {name: &n basepolicy}\n");
            assertThat(loaded.ok()).as(loaded.problems().toString()).isTrue();
            assertThat(loaded.layout().policy().name()).isEqualTo("basepolicy");
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {"!!binary aGVsbG8=|!!binary", "!custom x|!custom", "!!timestamp 2027-01-01|!!timestamp"})
        void tagsWithoutAJsonMeaningAreRefused(String value, String shown) {
            Problem p = onlyError("version: 1\npolicy:\n  description: " + value + "\n");
            assertAt(p, 3, 16, "policy.description");
            assertThat(p.message()).isEqualTo("YAML tag " + shown + " is not read by ai-optout");
        }

        @Test
        void theStringTagIsAString() {
            LayoutFile.Loaded loaded = load("version: 1\nstack: {name: !!str abc}\n");
            assertThat(loaded.ok()).as(loaded.problems().toString()).isTrue();
            assertThat(loaded.layout().stackName()).isEqualTo("abc");
        }

        @Test
        void aComplexKeyIsRefusedWithoutTheParsersInternals() {
            Problem p = onlyError("version: 1\n? [a, b]\n: c\n");
            assertThat(p.location()).isNotNull();
            assertThat(p.message()).isEqualTo("YAML syntax error: a key must be plain text, not a list or mapping");
            assertThat(p.format()).doesNotContain("org.yaml", "Event", "Jackson");
        }

        @Test
        void nestingDeeperThanAnyLayoutNeedsIsRefused() {
            String deep = "[".repeat(10_000) + "]".repeat(10_000);
            Problem p = onlyError("version: 1\nattach: " + deep + "\n");
            assertThat(p.message()).isEqualTo("lists and mappings nested more than 32 levels deep");
            assertThat(p.location().line()).isEqualTo(2);
        }

        @Test
        void aLineLongerThanTheLimitIsRefusedBeforeParsing() {
            String text = "version: 1\npolicy:\n  description: " + "a".repeat(LocatedYaml.MAX_LINE) + "\n";
            Problem p = onlyError(text);
            assertThat(p.location()).isEqualTo(dev.aioptout.policy.SourceLocation.of(FILE, 3, 65537));
            assertThat(p.message()).isEqualTo("line 3 is " + (LocatedYaml.MAX_LINE + 15) + " characters long");
            assertThat(p.hint()).contains("at most 65536 characters");
        }

        @Test
        void aLongListOnOneLineWithinTheLimitIsFine() {
            StringBuilder targets = new StringBuilder();
            for (int i = 0; i < 2_000; i++) {
                targets.append(i == 0 ? "" : ", ").append(String.format("\"%012d\"", 100_000_000_000L + i));
            }
            LayoutFile.Loaded loaded = load(multiOu("attach: [" + targets + "]\n"));
            assertThat(loaded.ok()).as(loaded.problems().toString()).isTrue();
            assertThat(loaded.layout().attach()).hasSize(2_000);
        }
    }

    @Nested
    class Tags {

        @Test
        void lettersDigitsSpacesAndTheAllowedSymbolsAreFine() {
            LayoutFile.Loaded loaded = load("""
                    version: 1
                    policy:
                      tags:
                        "Team Name_1.a:b/c=d+e-f@g": "Plattform-Sicherheit équipe 42 _.:/=+-@"
                        empty: ""
                    """);
            assertThat(loaded.ok()).as(loaded.problems().toString()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"<script>", "a\"b", "x;y", "café&co", "${var.x}", "`x`", "a|b"})
        void aKeyWithACharacterAwsRefusesIsRefused(String key) {
            Problem p = onlyError("version: 1\npolicy:\n  tags:\n    '" + key.replace("'", "''") + "': x\n");
            assertAt(p, 4, 5, "policy.tags." + key);
            assertThat(p.message()).startsWith("the tag key \"" + key + "\" contains '");
            assertThat(p.hint()).contains("letters, digits, spaces and _ . : / = + - @");
        }

        @Test
        void aValueWithACharacterAwsRefusesIsRefused() {
            Problem p = onlyError("version: 1\npolicy:\n  tags: {owner: \"<b>x</b>\"}\n");
            assertAt(p, 3, 17, "policy.tags.owner");
            assertThat(p.message()).isEqualTo("the tag value \"<b>x</b>\" contains '<'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"aws:team", "AWS:team", "Aws:team"})
        void theAwsPrefixIsReservedOnKeysAndValues(String text) {
            Problem key = onlyError("version: 1\npolicy:\n  tags: {\"" + text + "\": x}\n");
            assertThat(key.message())
                    .isEqualTo("the tag key \"" + text + "\" starts with \"" + text.substring(0, 4) + "\"");
            assertThat(key.hint()).contains("reserved for AWS");
            Problem value = onlyError("version: 1\npolicy:\n  tags: {team: \"" + text + "\"}\n");
            assertThat(value.message()).startsWith("the tag value \"" + text + "\" starts with");
        }

        @Test
        void aKeyCdktfWouldDropIsRefused() {
            Problem p = onlyError("version: 1\npolicy:\n  tags:\n    team: a\n    __proto__: b\n");
            assertAt(p, 5, 5, "policy.tags.__proto__");
            assertThat(p.message()).isEqualTo("the tag key \"__proto__\" would be left out of the Terraform");
            assertThat(p.hint()).contains("choose another key");
        }

        @Test
        void lengthsAndCountFollowAws() {
            assertThat(onlyError("version: 1\npolicy:\n  tags: {\"" + "k".repeat(129) + "\": x}\n")
                            .message())
                    .isEqualTo("invalid key \"" + "k".repeat(129) + "\"");
            assertThat(onlyError("version: 1\npolicy:\n  tags: {k: \"" + "v".repeat(257) + "\"}\n")
                            .message())
                    .isEqualTo("too long (257 characters)");
            StringBuilder many = new StringBuilder("version: 1\npolicy:\n  tags:\n");
            for (int i = 0; i < 51; i++) {
                many.append("    k").append(i).append(": v\n");
            }
            Problem p = onlyError(many.toString());
            assertThat(p.field()).isEqualTo("policy.tags");
            assertThat(p.hint()).contains("at most 50");
        }
    }
}
