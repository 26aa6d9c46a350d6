package dev.aioptout.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.policy.Problem;
import dev.aioptout.policy.SourceLocation;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One test per bad-input case of the layout file (issue 2, "Bad input: a clear error"): each
 * names the file, line and column, the field, and what is allowed.
 */
class LayoutBadInputTest {

    static final String FILE = "ai-optout.yaml";
    static final LocalDate TODAY = LocalDate.of(2026, 1, 15);
    static final LayoutOptions LENIENT = new LayoutOptions(false, TODAY);
    static final LayoutOptions STRICT = new LayoutOptions(true, TODAY);

    static LayoutFile.Loaded load(String text) {
        return LayoutFile.parse(FILE, text, LENIENT);
    }

    /** The file is refused with exactly one problem, an error, which is returned. */
    static Problem onlyError(String text) {
        return onlyError(text, LENIENT);
    }

    static Problem onlyError(String text, LayoutOptions options) {
        LayoutFile.Loaded loaded = LayoutFile.parse(FILE, text, options);
        assertThat(loaded.ok()).as("refused").isFalse();
        assertThat(loaded.layout()).isNull();
        assertThat(loaded.problems()).as(loaded.problems().toString()).hasSize(1);
        Problem p = loaded.problems().get(0);
        assertThat(p.isError()).as(p.format()).isTrue();
        return p;
    }

    static void assertAt(Problem p, int line, int column, String field) {
        assertThat(p.location()).as(p.format()).isEqualTo(SourceLocation.of(FILE, line, column));
        assertThat(p.field()).as(p.format()).isEqualTo(field);
        assertThat(p.format()).startsWith(FILE + ":" + line + ":" + column + ": error: ");
    }

    static String multiOu(String rest) {
        return """
                version: 1
                layout: multi-ou
                organization:
                  id: o-exampleorgid
                """ + rest;
    }

    @Nested
    class YamlSyntax {

        @Test
        void unclosedFlowListNamesWhatWasExpected() {
            Problem p = onlyError("""
                    version: 1
                    layout: [multi-ou
                    """);
            assertAt(p, 3, 1, "layout");
            assertThat(p.message())
                    .startsWith("YAML syntax error: ")
                    .contains("expected ',' or ']'")
                    .contains("flow sequence started at line 2, column 9");
            assertThat(p.hint()).contains("indentation and quoting");
        }

        @Test
        void unclosedQuoteNamesTheFieldAndWhereTheQuoteStarted() {
            Problem p = onlyError("""
                    version: 1
                    policy:
                      name: "unclosed
                      lock: full""");
            assertAt(p, 4, 13, "policy.name");
            assertThat(p.message())
                    .contains("found unexpected end of stream")
                    .contains("quoted scalar started at line 3, column 9");
        }

        @Test
        void tabIndentationIsPointedAtWhereTheTabIs() {
            Problem p = onlyError("version: 1\n\tpolicy: {}\n");
            assertAt(p, 2, 1, "");
            assertThat(p.message()).contains("Do not use \\t(TAB) for indentation");
        }
    }

    @Nested
    class UnknownKeys {

        @Test
        void topLevelTypoSuggestsTheKnownKey() {
            Problem p = onlyError("""
                    version: 1
                    polcy:
                      lock: full
                    """);
            assertAt(p, 2, 1, "polcy");
            assertThat(p.message()).isEqualTo("unknown key \"polcy\"");
            assertThat(p.hint())
                    .startsWith("did you mean \"policy\"? ")
                    .contains(
                            "allowed here: alerts, attach, backend, exceptions, layout, organization, policy, provider, stack, version");
        }

        @Test
        void nestedTypoSuggestsTheKnownKeyOfThatLevel() {
            Problem p = onlyError("""
                    version: 1
                    policy:
                      lokc: full
                    """);
            assertAt(p, 3, 3, "policy.lokc");
            assertThat(p.message()).isEqualTo("unknown key \"lokc\"");
            assertThat(p.hint())
                    .isEqualTo(
                            "did you mean \"lock\"? allowed here: adopt, default, description, lock, name, services, tags");
        }

        @Test
        void typoInsideAnExceptionIsLocatedOnItsKey() {
            Problem p = onlyError(multiOu("""
                    exceptions:
                      - name: sandbox-lex
                        targets: [ou-ab12-34567890]
                        services: {lex: optIn}
                        reason: "SEC-123"
                        expirse: 2027-01-01
                    """));
            assertAt(p, 10, 5, "exceptions[0].expirse");
            assertThat(p.hint())
                    .startsWith("did you mean \"expires\"? ")
                    .contains("allowed here: adopt, expires, name, reason, services, targets");
        }

        @Test
        void typoInOrganizationAndStack() {
            LayoutFile.Loaded loaded = load("""
                    version: 1
                    organization:
                      mdoe: create
                    stack:
                      nmae: x
                    """);
            assertThat(loaded.ok()).isFalse();
            assertThat(loaded.problems()).extracting(Problem::field).containsExactly("organization.mdoe", "stack.nmae");
            assertThat(loaded.problems())
                    .extracting(Problem::location)
                    .containsExactly(SourceLocation.of(FILE, 3, 3), SourceLocation.of(FILE, 5, 3));
            assertThat(loaded.problems().get(0).hint()).startsWith("did you mean \"mode\"?");
            assertThat(loaded.problems().get(1).hint()).startsWith("did you mean \"name\"?");
        }

        @Test
        void unrelatedKeyListsWhatIsAllowedWithoutAGuess() {
            Problem p = onlyError("""
                    version: 1
                    colour: blue
                    """);
            assertAt(p, 2, 1, "colour");
            assertThat(p.hint())
                    .doesNotContain("did you mean")
                    .isEqualTo(
                            "allowed here: alerts, attach, backend, exceptions, layout, organization, policy, provider, stack, version");
        }
    }

    @Nested
    class Version {

        @Test
        void unknownVersion() {
            Problem p = onlyError("""
                    version: 2
                    layout: single-account
                    """);
            assertAt(p, 1, 10, "version");
            assertThat(p.message()).isEqualTo("unsupported version 2");
            assertThat(p.hint()).contains("reads version 1");
        }

        @Test
        void versionAsTextIsNotVersionOne() {
            Problem p = onlyError("""
                    version: "1"
                    """);
            assertAt(p, 1, 10, "version");
            assertThat(p.message()).isEqualTo("unsupported version \"1\"");
            assertThat(p.hint()).contains("reads version 1");
        }

        @Test
        void missingVersionIsReportedAtTheStartOfTheDocument() {
            Problem p = onlyError("""
                    # my layout
                    layout: single-account
                    """);
            assertAt(p, 2, 1, "version");
            assertThat(p.message()).isEqualTo("missing required key \"version\"");
            assertThat(p.hint()).contains("reads version 1");
        }
    }

    @Nested
    class OptValues {

        @Test
        void lowercaseOptoutSaysCaseMatters() {
            Problem p = onlyError("""
                    version: 1
                    policy:
                      default: optout
                    """);
            assertAt(p, 3, 12, "policy.default");
            assertThat(p.message()).isEqualTo("invalid value \"optout\"");
            assertThat(p.hint()).contains("case matters").contains("write optOut");
        }

        @Test
        void capitalisedOptOutSaysCaseMatters() {
            Problem p = onlyError("""
                    version: 1
                    policy:
                      services:
                        rekognition: OptOut
                    """);
            assertAt(p, 4, 18, "policy.services.rekognition");
            assertThat(p.message()).isEqualTo("invalid value \"OptOut\"");
            assertThat(p.hint()).contains("case matters").contains("write optOut");
        }

        @Test
        void wrongCaseInAnExceptionSuggestsOptIn() {
            Problem p = onlyError(multiOu("""
                    exceptions:
                      - name: sandbox-lex
                        targets: [ou-ab12-34567890]
                        services: {lex: optin}
                        reason: "SEC-123"
                    """));
            assertAt(p, 8, 21, "exceptions[0].services.lex");
            assertThat(p.hint()).contains("case matters").contains("write optIn");
        }

        @Test
        void anyOtherValueListsTheAllowedOnes() {
            Problem p = onlyError("""
                    version: 1
                    policy:
                      default: "yes"
                    """);
            assertAt(p, 3, 12, "policy.default");
            assertThat(p.hint()).isEqualTo("allowed: optOut, optIn");
        }

        @Test
        void appendOperatorAsAValue() {
            Problem p = onlyError("""
                    version: 1
                    policy:
                      default: "@@append"
                    """);
            assertAt(p, 3, 12, "policy.default");
            assertThat(p.message()).isEqualTo("invalid value \"@@append\"");
            assertThat(p.hint())
                    .contains("@@append is an operator")
                    .contains("only @@assign")
                    .contains("optOut or optIn");
        }

        @Test
        void removeOperatorAsAServiceValue() {
            Problem p = onlyError("""
                    version: 1
                    policy:
                      services:
                        lex: "@@remove"
                    """);
            assertAt(p, 4, 10, "policy.services.lex");
            assertThat(p.message()).isEqualTo("invalid value \"@@remove\"");
            assertThat(p.hint()).contains("@@remove is an operator").contains("optOut or optIn");
        }

        @Test
        void lockLevelOutsideTheListSuggestsTheNearest() {
            Problem p = onlyError("""
                    version: 1
                    policy:
                      lock: ful
                    """);
            assertAt(p, 3, 9, "policy.lock");
            assertThat(p.hint()).isEqualTo("did you mean full? allowed: full, default, none");
        }
    }

    @Nested
    class ServiceKeysTest {

        static final String TYPO = """
                version: 1
                policy:
                  services:
                    rekogniton: optOut
                """;

        @Test
        void unknownServiceKeyIsAWarningNamingTheClosestKnownKey() {
            LayoutFile.Loaded loaded = load(TYPO);
            assertThat(loaded.ok()).isTrue();
            assertThat(loaded.problems()).hasSize(1);
            Problem p = loaded.problems().get(0);
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.location()).isEqualTo(SourceLocation.of(FILE, 4, 5));
            assertThat(p.field()).isEqualTo("policy.services.rekogniton");
            assertThat(p.message()).isEqualTo("unknown service key \"rekogniton\"");
            assertThat(p.hint())
                    .startsWith("did you mean \"rekognition\"? known keys: ")
                    .contains("lex, polly, rekognition")
                    .endsWith("--strict-services makes this an error");
            assertThat(p.format()).startsWith(FILE + ":4:5: warning: ");
        }

        @Test
        void unknownServiceKeyIsAnErrorWhenStrict() {
            Problem p = onlyError(TYPO, STRICT);
            assertAt(p, 4, 5, "policy.services.rekogniton");
            assertThat(p.hint()).startsWith("did you mean \"rekognition\"?").doesNotContain("--strict-services");
        }

        @Test
        void unknownServiceKeyInAnExceptionWhenStrict() {
            Problem p = onlyError(multiOu("""
                    exceptions:
                      - name: sandbox
                        targets: [ou-ab12-34567890]
                        services: {rekogniton: optIn}
                        reason: r
                    """), STRICT);
            assertAt(p, 8, 16, "exceptions[0].services.rekogniton");
            assertThat(p.hint()).startsWith("did you mean \"rekognition\"?");
        }

        @Test
        void serviceKeyOfTheWrongShape() {
            Problem p = onlyError("""
                    version: 1
                    policy:
                      services:
                        Rekognition: optOut
                    """);
            assertAt(p, 4, 5, "policy.services.Rekognition");
            assertThat(p.message()).isEqualTo("invalid key \"Rekognition\"");
            assertThat(p.hint())
                    .isEqualTo("did you mean \"rekognition\"? expected a service key: lowercase letters and digits,"
                            + " such as rekognition");
        }

        @Test
        void emptyTagKey() {
            Problem p = onlyError("""
                    version: 1
                    policy:
                      tags:
                        "": x
                    """);
            assertAt(p, 4, 5, "policy.tags");
            assertThat(p.message()).isEqualTo("invalid key \"\"");
            assertThat(p.hint()).contains("keys up to 128 characters");
        }

        @Test
        void defaultUnderPolicyServicesPointsToPolicyDefault() {
            Problem p = onlyError("""
                    version: 1
                    policy:
                      services:
                        default: optIn
                    """);
            assertAt(p, 4, 5, "policy.services.default");
            assertThat(p.hint()).isEqualTo("set the value with policy.default");
        }
    }

    @Nested
    class Targets {

        @Test
        void ouIdOfTheWrongShape() {
            Problem p = onlyError(multiOu("""
                    attach: [ou-AB12-34567890]
                    """));
            assertAt(p, 5, 10, "attach[0]");
            assertThat(p.message()).isEqualTo("invalid value \"ou-AB12-34567890\"");
            assertThat(p.hint())
                    .isEqualTo(
                            "expected \"root\", an OU id like ou-ab12-34567890 or an OU path from the root like /Workloads/Prod (a / in a name written \\/, a backslash \\\\; needs --org), or a 12-digit account id in quotes");
        }

        @Test
        void accountIdOfTheWrongShape() {
            Problem p = onlyError(multiOu("""
                    attach:
                      - root
                      - "11112222333"
                    """));
            assertAt(p, 7, 5, "attach[1]");
            assertThat(p.message()).isEqualTo("invalid value \"11112222333\"");
            assertThat(p.hint()).contains("12-digit account id in quotes");
        }

        @Test
        void exceptionTargetsAreOusOrAccountsOnly() {
            LayoutFile.Loaded loaded = load(multiOu("""
                    exceptions:
                      - name: sandbox
                        targets: [root, ou-ab12-3456789]
                        services: {lex: optIn}
                        reason: r
                    """));
            assertThat(loaded.ok()).isFalse();
            assertThat(loaded.problems()).hasSize(2);
            Problem root = loaded.problems().get(0);
            Problem shortOu = loaded.problems().get(1);
            assertAt(root, 7, 15, "exceptions[0].targets[0]");
            assertThat(root.message()).isEqualTo("invalid value \"root\"");
            assertThat(root.hint())
                    .isEqualTo(
                            "expected an OU id like ou-ab12-34567890 or an OU path from the root like /Workloads/Prod (a / in a name written \\/, a backslash \\\\; needs --org), or a 12-digit account id in quotes");
            assertAt(shortOu, 7, 21, "exceptions[0].targets[1]");
            assertThat(shortOu.message()).isEqualTo("invalid value \"ou-ab12-3456789\"");
        }

        @Test
        void unquotedAccountIdSaysToQuoteIt() {
            Problem p = onlyError(multiOu("""
                    exceptions:
                      - name: sandbox
                        targets: [111122223333]
                        services: {lex: optIn}
                        reason: r
                    """));
            assertAt(p, 7, 15, "exceptions[0].targets[0]");
            assertThat(p.message()).isEqualTo("must be a string, not 111122223333");
            assertThat(p.hint())
                    .startsWith("put it in quotes, e.g. \"111122223333\"")
                    .contains("drops leading zeros");
        }

        @Test
        void unquotedAccountIdWithLeadingZerosIsQuotedAsWritten() {
            // YAML 1.1 reads 000011112222 as an octal number; the hint must show what the user wrote.
            Problem p = onlyError(multiOu("""
                    attach: [000011112222]
                    """));
            assertAt(p, 5, 10, "attach[0]");
            assertThat(p.hint()).startsWith("put it in quotes, e.g. \"000011112222\"");
        }

        @Test
        void targetListedTwice() {
            Problem p = onlyError(multiOu("""
                    attach: [ou-ab12-34567890, ou-ab12-34567890]
                    """));
            assertAt(p, 5, 28, "attach[1]");
            assertThat(p.message()).contains("listed twice");
        }
    }

    @Nested
    class Organization {

        static final String HINT = "add organization.id: the o-... id of the organization to adopt";

        @Test
        void explicitAdoptWithoutIdPointsAtTheMode() {
            Problem p = onlyError("""
                    version: 1
                    layout: multi-ou
                    organization:
                      mode: adopt
                    """);
            assertAt(p, 4, 9, "organization.id");
            assertThat(p.message()).isEqualTo("adopt mode needs organization.id");
            assertThat(p.hint()).startsWith(HINT).contains("organization.mode: create");
        }

        @Test
        void multiOuAdoptsByDefaultSoTheLayoutLineIsBlamed() {
            Problem p = onlyError("""
                    # an organization with OUs
                    version: 1
                    layout: multi-ou
                    """);
            assertAt(p, 3, 9, "organization.id");
            assertThat(p.message()).isEqualTo("adopt mode needs organization.id (multi-ou adopts by default)");
            assertThat(p.hint()).startsWith(HINT);
        }

        @Test
        void emptyOrganizationBlockIsBlamed() {
            Problem p = onlyError("""
                    version: 1
                    layout: multi-ou
                    organization: {}
                    """);
            assertAt(p, 3, 1, "organization.id");
            assertThat(p.hint()).startsWith(HINT);
        }

        @Test
        void organizationIdOfTheWrongShape() {
            Problem p = onlyError("""
                    version: 1
                    layout: multi-ou
                    organization:
                      id: o-EXAMPLE
                    """);
            assertAt(p, 4, 7, "organization.id");
            assertThat(p.hint()).contains("o- followed by 10 to 32 lowercase letters or digits");
        }
    }

    @Nested
    class Exceptions {

        @Test
        void duplicateNameLocatesTheSecondAndNamesTheFirst() {
            Problem p = onlyError(multiOu("""
                    exceptions:
                      - name: sandbox
                        targets: [ou-ab12-34567890]
                        services: {lex: optIn}
                        reason: r
                      - name: sandbox
                        targets: [ou-cd34-34567890]
                        services: {polly: optIn}
                        reason: r
                    """));
            assertAt(p, 10, 11, "exceptions[1].name");
            assertThat(p.message()).isEqualTo("duplicate exception name \"sandbox\"");
            assertThat(p.hint()).isEqualTo("names must be unique; the first is at ai-optout.yaml:6:11");
        }

        @Test
        void exceptionWithoutReason() {
            Problem p = onlyError(multiOu("""
                    exceptions:
                      - name: sandbox
                        targets: [ou-ab12-34567890]
                        services: {lex: optIn}
                    """));
            assertAt(p, 6, 5, "exceptions[0].reason");
            assertThat(p.message()).isEqualTo("missing required key \"reason\"");
            assertThat(p.hint()).contains("why the exception exists, e.g. a ticket reference");
        }

        @Test
        void exceptionWithAnEmptyReason() {
            Problem p = onlyError(multiOu("""
                    exceptions:
                      - name: sandbox
                        targets: [ou-ab12-34567890]
                        services: {lex: optIn}
                        reason: ""
                    """));
            assertAt(p, 9, 13, "exceptions[0].reason");
            assertThat(p.message()).isEqualTo("must not be empty");
            assertThat(p.hint()).contains("why the exception exists");
        }

        @Test
        void expiredException() {
            Problem p = onlyError(multiOu("""
                    exceptions:
                      - name: sandbox
                        targets: [ou-ab12-34567890]
                        services: {lex: optIn}
                        reason: r
                        expires: 2026-01-14
                    """));
            assertAt(p, 10, 14, "exceptions[0].expires");
            assertThat(p.message()).isEqualTo("exception \"sandbox\" expired on 2026-01-14");
            assertThat(p.hint()).contains("extend expires after review").contains("today is 2026-01-15");
        }

        @Test
        void anExceptionStillAppliesOnItsLastDay() {
            LayoutFile.Loaded loaded = load(multiOu("""
                    exceptions:
                      - name: sandbox
                        targets: [ou-ab12-34567890]
                        services: {lex: optIn}
                        reason: r
                        expires: 2026-01-15
                    """));
            assertThat(loaded.problems()).isEmpty();
            assertThat(loaded.layout().exceptions().get(0).expires()).isEqualTo(TODAY);
        }

        @Test
        void expiryThatIsNotARealDate() {
            Problem p = onlyError(multiOu("""
                    exceptions:
                      - name: sandbox
                        targets: [ou-ab12-34567890]
                        services: {lex: optIn}
                        reason: r
                        expires: 2027-02-30
                    """));
            assertAt(p, 10, 14, "exceptions[0].expires");
            assertThat(p.hint()).contains("an ISO date such as 2027-06-30");
        }

        @Test
        void exceptionsNeedAMultiOuLayout() {
            Problem p = onlyError("""
                    version: 1
                    exceptions:
                      - name: sandbox
                        targets: [ou-ab12-34567890]
                        services: {lex: optIn}
                        reason: r
                    """);
            assertAt(p, 3, 3, "exceptions");
            assertThat(p.hint()).contains("layout: multi-ou");
        }
    }

    @Nested
    class DuplicateKeysAndEmptyFiles {

        @Test
        void duplicateNestedKey() {
            Problem p = onlyError("""
                    version: 1
                    policy:
                      lock: full
                      lock: none
                    """);
            assertAt(p, 4, 3, "policy.lock");
            assertThat(p.message()).isEqualTo("duplicate key \"lock\"");
            assertThat(p.hint()).isEqualTo("first given at ai-optout.yaml:3:3");
        }

        @Test
        void duplicateTopLevelKey() {
            Problem p = onlyError("""
                    version: 1
                    layout: single-account
                    version: 1
                    """);
            assertAt(p, 3, 1, "version");
            assertThat(p.hint()).isEqualTo("first given at ai-optout.yaml:1:1");
        }

        @Test
        void emptyFile() {
            Problem p = onlyError("");
            assertThat(p.location()).isEqualTo(SourceLocation.of(FILE, 1, 1));
            assertThat(p.field()).isEmpty();
            assertThat(p.message()).isEqualTo("the file is empty");
            assertThat(p.hint()).isEqualTo("start with \"version: 1\"");
        }

        @Test
        void fileWithOnlyCommentsIsEmpty() {
            Problem p = onlyError("# nothing yet\n\n   \n");
            assertThat(p.location()).isEqualTo(SourceLocation.of(FILE, 1, 1));
            assertThat(p.message()).isEqualTo("the file is empty");
        }

        @Test
        void topLevelMustBeAMapping() {
            Problem p = onlyError("- version: 1\n");
            assertThat(p.location()).isEqualTo(SourceLocation.of(FILE, 1, 1));
            assertThat(p.message()).isEqualTo("must be a mapping, not [{\"version\":1}]");
        }

        @Test
        void twoDocumentsInOneFile() {
            Problem p = onlyError("""
                    version: 1
                    ---
                    version: 1
                    """);
            assertThat(p.location()).isEqualTo(SourceLocation.of(FILE, 3, 1));
            assertThat(p.message()).isEqualTo("more than one YAML document in the file");
            assertThat(p.hint()).contains("remove the extra '---'");
        }
    }

    @Test
    void aPolicyNameOutsideAsciiIsRefusedWhereItIsWritten() {
        Problem p = onlyError("""
                version: 1
                policy:
                  name: opt-out-données
                """);
        assertAt(p, 3, 9, "policy.name");
        assertThat(p.message()).isEqualTo("contains characters outside ASCII");
        assertThat(p.hint()).contains("ASCII characters only");
    }

    @Test
    void everyProblemOfAFileIsReportedInFileOrder() {
        LayoutFile.Loaded loaded = load("""
                version: 1
                layout: multi-ou
                organization:
                  id: o-exampleorgid
                policy:
                  default: OptOut
                  lock: ful
                attach: [111122223333]
                """);
        List<Problem> problems = loaded.problems();
        assertThat(problems).extracting(Problem::field).containsExactly("policy.default", "policy.lock", "attach[0]");
        assertThat(problems).allMatch(Problem::isError);
    }
}
