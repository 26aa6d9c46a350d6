package dev.aioptout.e2e;

import static dev.aioptout.e2e.VerifyTest.BASELINE;
import static dev.aioptout.e2e.VerifyTest.FULL_BASELINE;
import static dev.aioptout.e2e.VerifyTest.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aioptout.audit.testing.FakeOrganizations;
import dev.aioptout.audit.testing.FakeOrganizations.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers AWS Organizations could give, or something between here and AWS could, that the code
 * must not misread: each must stop {@code verify} and {@code snapshot} with exit 3 and one line
 * naming the call and what was wrong (never a Java exception's text), and never hang. Served by
 * a small local endpoint ({@link FakeOrganizations}); no emulator needed.
 */
class MalformedAnswersTest {

    /** No case may take longer: a listing that never ends must be stopped, not waited out. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    private FakeOrganizations aws;

    @TempDir
    Path dir;

    @BeforeEach
    void organization() throws Exception {
        aws = new FakeOrganizations();
        aws.ous.put("ou-fake-11111111", aws.rootId);
        aws.ouNames.put("ou-fake-11111111", "Workloads");
        aws.accounts.add(new FakeOrganizations.Account("222222222222", "workload-1", "ou-fake-11111111", "ACTIVE"));
        aws.accounts.add(new FakeOrganizations.Account("333333333333", "workload-2", "ou-fake-11111111", "ACTIVE"));
        aws.policies.add(
                new FakeOrganizations.Policy("p-baseline01", BASELINE, BASELINE, FULL_BASELINE, List.of(aws.rootId)));
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    /** verify against the fake endpoint, as JSON unless {@code more} names another format. */
    private VerifyTest.Run verify(String... more) {
        return assertTimeoutPreemptively(BOUND, () -> VerifyTest.verify(aws.endpoint(), more));
    }

    private VerifyTest.Run snapshot() {
        return assertTimeoutPreemptively(
                BOUND,
                () -> cli(
                        "snapshot",
                        "--endpoint-url",
                        aws.endpoint().toString(),
                        "--output",
                        dir.resolve("org.json").toString()));
    }

    /** Exit 3, nothing on standard output, and on standard error one line that names the call. */
    private static void assertIncomplete(VerifyTest.Run run, String what, String... says) {
        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).as("no report when the audit is incomplete").isEmpty();
        List<String> lines = run.err().lines().toList();
        assertThat(lines).as(run.err()).hasSize(1);
        assertThat(lines.get(0))
                .startsWith("ai-optout: " + what + " incomplete: ")
                .contains(says);
        assertNoExceptionText(run.err());
    }

    /** What the messages of the failures the issue saw looked like, and any Java exception's name or trace. */
    private static void assertNoExceptionText(String err) {
        assertThat(err)
                .doesNotContain("\tat ", "java.", "Cannot invoke", "because \"", "Index", "out of bounds")
                .doesNotContain("could not be parsed", "argument content", "is null", "Unable to")
                .doesNotContainPattern("[A-Z][a-z]+(Pointer|State|Argument|Client|Parse|Processing)Exception");
    }

    private static boolean parsesAsXml(String text) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new java.io.StringReader(text)));
        return true;
    }

    @Test
    void theFakeOrganizationIsCompliant() {
        // The cases below each break one answer of this organization, which on its own passes.
        VerifyTest.Run run = verify();
        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        assertThat(run.json().at("/summary/accounts").asInt()).isEqualTo(3);
        assertThat(run.json().at("/summary/compliant").asInt()).isEqualTo(3);
    }

    @Test
    void a403WithAnXmlBody() {
        aws.answer(
                "DescribeOrganization",
                request -> new Answer(
                        403,
                        "application/xml",
                        "<?xml version=\"1.0\"?><Error><Code>Forbidden</Code><Message>blocked by proxy</Message></Error>"));
        VerifyTest.Run run = verify();
        assertIncomplete(run, "audit", "DescribeOrganization failed: HTTP 403", "not AWS Organizations JSON");
        assertIncomplete(snapshot(), "snapshot", "DescribeOrganization failed: HTTP 403");
        assertThat(dir.resolve("org.json")).doesNotExist();
    }

    @Test
    void emptyObjectsForEveryAnswer() {
        for (String op : List.of(
                "DescribeOrganization",
                "ListRoots",
                "ListAccountsForParent",
                "ListOrganizationalUnitsForParent",
                "ListPolicies",
                "DescribePolicy",
                "ListTargetsForPolicy")) {
            aws.answer(op, request -> Answer.json(Map.of()));
        }
        assertIncomplete(verify(), "audit", "DescribeOrganization failed: the answer has no Organization");
        assertIncomplete(snapshot(), "snapshot", "DescribeOrganization failed: the answer has no Organization");
    }

    @Test
    void noRoots() {
        aws.answer("ListRoots", request -> Answer.json(Map.of("Roots", List.of())));
        assertIncomplete(verify(), "audit", "ListRoots failed: the answer lists no root");
    }

    @Test
    void emptyListAnswersLeaveOutTheManagementAccount() {
        aws.answer("ListAccountsForParent", request -> Answer.json(Map.of()));
        aws.answer("ListOrganizationalUnitsForParent", request -> Answer.json(Map.of()));
        assertIncomplete(verify(), "audit", "the management account 111111111111", "not in the OU tree");
    }

    @Test
    void describePolicyWithoutContent() {
        aws.answer(
                "DescribePolicy",
                request -> Answer.json(Map.of(
                        "Policy",
                        Map.of(
                                "PolicySummary",
                                Map.of("Id", request.path("PolicyId").asText())))));
        assertIncomplete(verify(), "audit", "DescribePolicy p-baseline01 failed: the answer has no Policy.Content");
        assertIncomplete(snapshot(), "snapshot", "DescribePolicy p-baseline01 failed");
    }

    @Test
    void anAnswerThatIsNotJson() {
        aws.answer("ListPolicies", request -> new Answer(200, "application/x-amz-json-1.1", "{\"Policies\": [tru"));
        // The SDK retries an answer it cannot parse (it may have been cut short): two attempts keep this quick.
        assertIncomplete(
                verify("--max-attempts", "2"),
                "audit",
                "ListPolicies AISERVICES_OPT_OUT_POLICY failed",
                "could not be read");
    }

    @Test
    void anImpossibleExpiryDateIsACheckErrorNamingThePolicyNotACrash() {
        aws.policies.add(new FakeOrganizations.Policy(
                "p-exception1",
                "ai-optout-all-services-exception-sandbox",
                "Exception sandbox: evaluation (expires 2024-02-30)",
                FULL_BASELINE,
                List.of()));
        VerifyTest.Run run = verify();
        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        assertNoExceptionText(run.err());
        JsonNode expiry = null;
        for (JsonNode c : run.json().get("checks")) {
            if (c.get("id").asText().equals("no-expired-exceptions")) {
                expiry = c;
            } else {
                assertThat(c.get("status").asText()).as(c.toString()).isIn("pass", "skip");
            }
        }
        assertThat(expiry.get("status").asText()).isEqualTo("error");
        assertThat(expiry.get("message").asText())
                .contains("ai-optout-all-services-exception-sandbox", "p-exception1", "2024-02-30", "not a date");
        assertThat(run.json().get("compliant").asBoolean()).isFalse();
    }

    @Test
    void aNextTokenThatNeverChangesEndsTheListing() {
        aws.answer(
                "ListAccountsForParent",
                request -> Answer.json(Map.of("Accounts", List.of(), "NextToken", "same-token-forever")));
        long start = System.nanoTime();
        assertIncomplete(
                verify(),
                "audit",
                "ListAccountsForParent r-fake failed: the same NextToken came back twice",
                "run again");
        assertThat(aws.calls("ListAccountsForParent")).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        assertIncomplete(snapshot(), "snapshot", "the same NextToken came back twice");
    }

    @Test
    void emptyPagesWithFreshTokensForeverEndTheListing() {
        AtomicInteger n = new AtomicInteger();
        aws.answer(
                "ListOrganizationalUnitsForParent",
                request ->
                        Answer.json(Map.of("OrganizationalUnits", List.of(), "NextToken", "t" + n.incrementAndGet())));
        assertIncomplete(verify(), "audit", "ListOrganizationalUnitsForParent r-fake failed", "empty pages in a row");
        assertThat(aws.calls("ListOrganizationalUnitsForParent")).isEqualTo(100);
    }

    @Test
    void anItemListedAgainOnTheNextPageEndsTheListing() {
        // An endpoint that ignores NextToken: the same page, with a new token each time.
        AtomicInteger n = new AtomicInteger();
        aws.answer(
                "ListPolicies",
                request -> Answer.json(Map.of(
                        "Policies",
                        List.of(Map.of("Id", "p-baseline01", "Name", BASELINE)),
                        "NextToken",
                        "t" + n.incrementAndGet())));
        assertIncomplete(
                verify(), "audit", "ListPolicies AISERVICES_OPT_OUT_POLICY failed", "p-baseline01 is listed twice");
    }

    @Test
    void anAwsErrorMessageIsQuotedOnOneSafeLine() {
        aws.answer(
                "ListRoots", request -> Answer.error(400, "ConstraintViolationException", "bad\u001b[2J\nforged line"));
        VerifyTest.Run run = verify();
        assertIncomplete(run, "audit", "ListRoots failed: ConstraintViolationException: bad\\u001b[2J (HTTP 400)");
        assertThat(run.err()).doesNotContain("\u001b", "forged line");
    }

    @Test
    void withoutCredentialsOneLineNamesWhereTheyWereLookedForAndHowToSetAProfile() {
        assumeTrue(
                System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null,
                "credentials in the environment");
        Map<String, String> saved = new java.util.HashMap<>();
        for (String key : List.of(
                "aws.accessKeyId",
                "aws.secretAccessKey",
                "aws.sharedCredentialsFile",
                "aws.configFile",
                "aws.disableEc2Metadata")) {
            saved.put(key, System.getProperty(key));
        }
        try {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            System.setProperty(
                    "aws.sharedCredentialsFile", dir.resolve("no-credentials").toString());
            System.setProperty("aws.configFile", dir.resolve("no-config").toString());
            System.setProperty("aws.disableEc2Metadata", "true");
            VerifyTest.Run chain = verify();
            assertIncomplete(
                    chain,
                    "audit",
                    "Loading AWS credentials failed: no credentials in the default chain",
                    "--profile",
                    "AWS_PROFILE");
            assertThat(chain.err().length())
                    .as("one short line, not the SDK's account of every provider")
                    .isLessThan(400);
            assertThat(chain.err()).doesNotContain("CredentialsProvider");

            VerifyTest.Run profile = verify("--profile", "no-such-profile");
            assertIncomplete(
                    profile,
                    "audit",
                    "Loading AWS credentials failed: profile \"no-such-profile\" has no usable credentials");
            assertIncomplete(snapshot(), "snapshot", "Loading AWS credentials failed");
            assertThat(aws.calls("DescribeOrganization"))
                    .as("no call without credentials")
                    .isZero();
        } finally {
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    @Test
    void aReportThatCannotBeWrittenIsBadInputNeitherNonCompliantNorIncomplete() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "in the way");
        String output = file.resolve("report.json").toString();
        VerifyTest.Run run = verify("--output", output);
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("error: cannot write " + output + ": " + file + " is a file, not a folder")
                .endsWith("ai-optout: 1 error; nothing was written\n");
        VerifyTest.Run snapshot =
                cli("snapshot", "--endpoint-url", aws.endpoint().toString(), "--output", output);
        assertThat(snapshot.exit()).isEqualTo(2);
        assertThat(java.nio.file.Files.readString(file)).isEqualTo("in the way");
    }

    @Test
    void debugAddsTheStackTrace() {
        aws.answer("ListRoots", request -> Answer.json(Map.of("Roots", List.of())));
        VerifyTest.Run run = verify("--debug");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err())
                .startsWith("ai-optout: audit incomplete: ListRoots failed")
                .contains("\tat ");
    }

    @Test
    void namesFromTheOrganizationCannotActOnTheTerminalOrForgeLines() throws Exception {
        String evil = "evil\u001b[8m\n  ✓ fake (999999999999)\u202e";
        aws.accounts.add(new FakeOrganizations.Account("444444444444", evil, aws.rootId, "ACTIVE"));
        aws.policies.add(new FakeOrganizations.Policy(
                "p-foreign001",
                "foreign\u001b]0;x\u0007",
                "foreign",
                "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}",
                List.of(aws.rootId)));
        // Beside the baseline at the root, in an order no API tells: every account is unverified, and listed.
        VerifyTest.Run text = verify("--format", "text");
        assertThat(text.exit()).as(text.err()).isEqualTo(3);
        assertThat(text.out()).doesNotContain("\u001b", "\u0007", "\u202e");
        assertThat(text.out().lines()).noneMatch(l -> l.strip().startsWith("✓ fake"));
        assertThat(text.out())
                .contains("evil\\u001b[8m\\u000a  ✓ fake (999999999999)\\u202e (444444444444, ACTIVE) in Root");
        assertThat(text.out()).contains("? evil");
        assertThat(text.out()).contains("foreign\\u001b]0;x\\u0007");

        // JSON keeps the name exactly; JUnit XML stays well-formed.
        JsonNode json = verify().json();
        boolean found = false;
        for (JsonNode a : json.get("accounts")) {
            found |= a.get("name").asText().equals(evil);
        }
        assertThat(found).isTrue();
        VerifyTest.Run junit = verify("--format", "junit");
        assertThat(junit.out()).doesNotContain("\u001b", "\u0007");
        assertThat(junit.out()).contains("\\u001b[8m&#10;");
        assertThat(parsesAsXml(junit.out())).isTrue();
    }
}
