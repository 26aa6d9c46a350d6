package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.policy.PolicyDocument.OptOutSetting;
import dev.aioptout.policy.PolicyDocument.ServiceEntry;
import dev.aioptout.policy.PolicyDocumentParser.Parsed;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyDocumentParserTest {

    private static Parsed parse(String json) {
        return PolicyDocumentParser.parse(json, "p-test");
    }

    /** The only problem of a document that must fail, after checking that it failed. */
    private static Problem onlyError(String json) {
        Parsed parsed = parse(json);
        assertThat(parsed.ok()).as("accepted: %s", json).isFalse();
        assertThat(parsed.document()).isNull();
        List<Problem> errors =
                parsed.problems().stream().filter(Problem::isError).toList();
        assertThat(errors).as("errors of %s", json).hasSize(1);
        return errors.get(0);
    }

    private static String withDefault(String optOutPolicy) {
        return "{\"services\":{\"default\":{\"opt_out_policy\":" + optOutPolicy + "}}}";
    }

    @Nested
    class DocumentedExamples {

        @Test
        void example1() {
            Parsed parsed = parse(DocExamples.EXAMPLE_1);
            assertThat(parsed.problems()).isEmpty();
            assertThat(parsed.ok()).isTrue();
            PolicyDocument doc = parsed.document();
            assertThat(doc.servicesControl()).isEqualTo(ChildControl.NONE);
            assertThat(doc.services()).containsOnlyKeys("default");
            assertThat(doc.services().get("default"))
                    .isEqualTo(new ServiceEntry(
                            ChildControl.NONE, new OptOutSetting(ChildControl.NONE, OptValue.OPT_OUT)));
            assertThat(doc).isEqualTo(PolicyDocumentTest.example1());
        }

        @Test
        void example2Parent() {
            Parsed parsed = parse(DocExamples.EXAMPLE_2_PARENT);
            assertThat(parsed.problems()).isEmpty();
            PolicyDocument doc = parsed.document();
            assertThat(doc.servicesControl())
                    .as("services is not locked in example 2")
                    .isNull();
            assertThat(doc.services().get("default"))
                    .isEqualTo(new ServiceEntry(
                            ChildControl.NONE, new OptOutSetting(ChildControl.NONE, OptValue.OPT_OUT)));
        }

        @Test
        void example2Child() {
            Parsed parsed = parse(DocExamples.EXAMPLE_2_CHILD);
            assertThat(parsed.problems()).isEmpty();
            assertThat(parsed.document().servicesControl()).isNull();
            assertThat(parsed.document().services())
                    .containsExactlyEntriesOf(
                            new java.util.TreeMap<>(java.util.Map.of("lex", ServiceEntry.of(OptValue.OPT_IN))));
        }

        @Test
        void createExample() {
            Parsed parsed = parse(DocExamples.CREATE);
            assertThat(parsed.problems()).isEmpty();
            PolicyDocument doc = parsed.document();
            assertThat(doc.servicesControl()).isNull();
            assertThat(doc.services()).containsOnlyKeys("default", "rekognition");
            assertThat(doc.services().get("default")).isEqualTo(ServiceEntry.of(OptValue.OPT_OUT));
            assertThat(doc.services().get("rekognition")).isEqualTo(ServiceEntry.of(OptValue.OPT_IN));
        }

        @Test
        void parsedExamplesWriteBackAsTheirSortedSelves() {
            for (String example : List.of(
                    DocExamples.EXAMPLE_1,
                    DocExamples.EXAMPLE_2_PARENT,
                    DocExamples.EXAMPLE_2_CHILD,
                    DocExamples.CREATE)) {
                assertThat(parse(example).document().toCanonicalJson())
                        .isEqualTo(JsonTestSupport.sortedCompact(example));
            }
        }

        @Test
        void acceptsEveryChildControlForm() {
            for (String control : List.of("[\"@@all\"]", "[\"@@assign\"]", "[\"@@none\"]")) {
                Parsed parsed = parse("{\"services\":{\"" + ChildControl.KEY + "\":" + control + "}}");
                assertThat(parsed.problems()).as(control).isEmpty();
            }
            assertThat(parse("{\"services\":{\"" + ChildControl.KEY + "\":[\"@@all\"]}}")
                            .document()
                            .servicesControl())
                    .isEqualTo(ChildControl.ALL);
            assertThat(parse("{\"services\":{\"" + ChildControl.KEY + "\":[\"@@assign\"]}}")
                            .document()
                            .servicesControl())
                    .isEqualTo(ChildControl.ASSIGN_ONLY);
        }

        @Test
        void anEntryMayCarryOnlyAControl() {
            Parsed parsed = parse("{\"services\":{\"lex\":{\"" + ChildControl.KEY + "\":[\"@@none\"]}}}");
            assertThat(parsed.problems()).isEmpty();
            assertThat(parsed.document().services().get("lex")).isEqualTo(new ServiceEntry(ChildControl.NONE, null));
        }
    }

    @Nested
    class Values {

        @ParameterizedTest
        @ValueSource(strings = {"optout", "OptOut", "OPTOUT", "opt-out", "opt_out"})
        void wrongCaseOfOptOutIsAnErrorWhoseHintMentionsCase(String value) {
            Problem p = onlyError(withDefault("{\"@@assign\":\"" + value + "\"}"));
            assertThat(p.field()).isEqualTo("services.default.opt_out_policy.@@assign");
            assertThat(p.message()).contains("\"" + value + "\"");
            assertThat(p.hint()).contains("case").contains("\"optOut\"").doesNotContain("\"optIn\"");
        }

        @ParameterizedTest
        @ValueSource(strings = {"optin", "OptIn", "OPTIN"})
        void wrongCaseOfOptInPointsToOptIn(String value) {
            Problem p = onlyError("{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"" + value + "\"}}}}");
            assertThat(p.field()).isEqualTo("services.lex.opt_out_policy.@@assign");
            assertThat(p.hint()).contains("case").contains("\"optIn\"");
        }

        @Test
        void otherWordsListTheAllowedValues() {
            Problem p = onlyError(withDefault("{\"@@assign\":\"disabled\"}"));
            assertThat(p.field()).isEqualTo("services.default.opt_out_policy.@@assign");
            assertThat(p.hint()).contains("\"optOut\"").contains("\"optIn\"");
        }

        @Test
        void nonStringValue() {
            Problem p = onlyError(withDefault("{\"@@assign\":true}"));
            assertThat(p.field()).isEqualTo("services.default.opt_out_policy.@@assign");
            assertThat(p.message()).contains("string");
        }

        @Test
        void bareStringOptOutPolicyShowsTheOperatorForm() {
            Problem p = onlyError(withDefault("\"optOut\""));
            assertThat(p.field()).isEqualTo("services.default.opt_out_policy");
            assertThat(p.hint()).contains("{\"@@assign\": \"optOut\"}");
        }

        @Test
        void optOutPolicyOfTheWrongType() {
            Problem p = onlyError(withDefault("[\"optOut\"]"));
            assertThat(p.field()).isEqualTo("services.default.opt_out_policy");
            assertThat(p.hint()).contains("@@assign");
        }
    }

    @Nested
    class Operators {

        @ParameterizedTest
        @ValueSource(strings = {"@@append", "@@remove", "@@enforced_for"})
        void forbiddenOperatorsInsideOptOutPolicy(String operator) {
            Problem p = onlyError(withDefault("{\"" + operator + "\":\"optOut\"}"));
            assertThat(p.field()).isEqualTo("services.default.opt_out_policy." + operator);
            assertThat(p.message()).contains(operator);
            assertThat(p.hint()).contains(operator + " is not allowed").contains("@@assign");
        }

        @ParameterizedTest
        @ValueSource(strings = {"@@append", "@@remove", "@@enforced_for"})
        void forbiddenOperatorsUnderAServiceEntry(String operator) {
            Problem p = onlyError("{\"services\":{\"lex\":{\"" + operator + "\":{\"opt_out_policy\":\"optOut\"}}}}");
            assertThat(p.field()).isEqualTo("services.lex." + operator);
            assertThat(p.hint()).contains(operator + " is not allowed");
        }

        @ParameterizedTest
        @ValueSource(strings = {"@@append", "@@remove", "@@enforced_for"})
        void forbiddenOperatorsUnderServices(String operator) {
            Problem p = onlyError("{\"services\":{\"" + operator + "\":[\"123456789012\"]}}");
            assertThat(p.field()).isEqualTo("services." + operator);
            assertThat(p.hint()).contains(operator + " is not allowed");
        }

        @Test
        void unknownOperatorListsTheAllowedOnes() {
            Problem p = onlyError(withDefault("{\"@@set\":\"optOut\"}"));
            assertThat(p.field()).isEqualTo("services.default.opt_out_policy.@@set");
            assertThat(p.hint()).contains("@@assign").contains(ChildControl.KEY);
        }
    }

    @Nested
    class Structure {

        @Test
        void unknownTopLevelKey() {
            Problem p = onlyError(
                    "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}}},\"Version\":\"2012-10-17\"}");
            assertThat(p.field()).isEqualTo("Version");
            assertThat(p.message()).contains("unknown top-level key");
            assertThat(p.hint()).contains("\"services\"");
        }

        @Test
        void wronglyCapitalisedServicesIsUnknownAndServicesIsMissing() {
            Parsed parsed = parse("{\"Services\":{}}");
            assertThat(parsed.ok()).isFalse();
            assertThat(parsed.problems()).extracting(Problem::field).containsExactlyInAnyOrder("Services", "services");
            assertThat(parsed.problems()).allMatch(Problem::isError);
        }

        @Test
        void missingServices() {
            Problem p = onlyError("{}");
            assertThat(p.field()).isEqualTo("services");
            assertThat(p.message()).contains("missing");
            assertThat(p.hint()).contains("{\"services\"");
        }

        @Test
        void servicesMustBeAnObject() {
            Problem p = onlyError("{\"services\":[\"lex\"]}");
            assertThat(p.field()).isEqualTo("services");
            assertThat(p.message()).contains("object");
        }

        @Test
        void documentMustBeAnObject() {
            assertThat(onlyError("[]").message()).contains("JSON object");
            assertThat(onlyError("\"services\"").message()).contains("JSON object");
            assertThat(onlyError("").message()).contains("JSON object");
        }

        @Test
        void entryMustBeAnObject() {
            Problem p = onlyError("{\"services\":{\"lex\":\"optIn\"}}");
            assertThat(p.field()).isEqualTo("services.lex");
            assertThat(p.hint()).contains("opt_out_policy");
        }

        @Test
        void unknownKeyUnderAnEntry() {
            Problem p = onlyError(
                    "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"},\"enabled\":true}}}");
            assertThat(p.field()).isEqualTo("services.lex.enabled");
            assertThat(p.message()).contains("unknown key");
            assertThat(p.hint()).contains("\"opt_out_policy\"").contains(ChildControl.KEY);
        }

        @Test
        void misspeltOptOutPolicyIsAnUnknownKey() {
            Problem p = onlyError("{\"services\":{\"lex\":{\"opt_out_polcy\":{\"@@assign\":\"optIn\"}}}}");
            assertThat(p.field()).isEqualTo("services.lex.opt_out_polcy");
        }

        @Test
        void unknownKeyUnderOptOutPolicy() {
            Problem p = onlyError(withDefault("{\"@@assign\":\"optOut\",\"value\":\"optOut\"}"));
            assertThat(p.field()).isEqualTo("services.default.opt_out_policy.value");
            assertThat(p.hint()).contains("@@assign");
        }

        @Test
        void reportsEveryProblemNotOnlyTheFirst() {
            Parsed parsed = parse(
                    "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optout\"}},"
                            + "\"lex\":{\"opt_out_policy\":{\"@@append\":\"optIn\"}},\"rekogniton\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}},\"x\":1}");
            assertThat(parsed.ok()).isFalse();
            assertThat(parsed.problems())
                    .extracting(Problem::field)
                    .containsExactlyInAnyOrder(
                            "services.default.opt_out_policy.@@assign", "services.lex.opt_out_policy.@@append",
                            "services.rekogniton", "x");
        }
    }

    @Nested
    class ChildControls {

        private static final String[] PLACES = {
            "{\"services\":{\"" + ChildControl.KEY + "\":%s}}",
            "{\"services\":{\"lex\":{\"" + ChildControl.KEY + "\":%s}}}",
            "{\"services\":{\"lex\":{\"opt_out_policy\":{\"" + ChildControl.KEY + "\":%s,\"@@assign\":\"optIn\"}}}}",
        };
        private static final String[] PATHS = {
            "services." + ChildControl.KEY,
            "services.lex." + ChildControl.KEY,
            "services.lex.opt_out_policy." + ChildControl.KEY,
        };

        @Test
        void nonArrayChildControlAtEveryLevel() {
            for (int i = 0; i < PLACES.length; i++) {
                for (String bad : List.of("\"@@none\"", "{\"@@none\":true}", "null", "[]")) {
                    Problem p = onlyError(String.format(PLACES[i], bad));
                    assertThat(p.field()).as(bad).isEqualTo(PATHS[i]);
                    assertThat(p.message()).contains("array");
                    assertThat(p.hint()).contains("[\"@@none\"]");
                }
            }
        }

        @Test
        void noneMixedWithOthersAtEveryLevel() {
            for (int i = 0; i < PLACES.length; i++) {
                for (String bad : List.of("[\"@@none\",\"@@assign\"]", "[\"@@all\",\"@@none\"]")) {
                    Problem p = onlyError(String.format(PLACES[i], bad));
                    assertThat(p.field()).isEqualTo(PATHS[i]);
                    assertThat(p.message()).contains("@@none").contains("combined");
                    assertThat(p.hint()).contains("[\"@@none\"] alone");
                }
            }
        }

        @Test
        void unknownChildControlOperator() {
            Problem p = onlyError(String.format(PLACES[0], "[\"@@everything\"]"));
            assertThat(p.field()).isEqualTo(PATHS[0]);
            assertThat(p.message()).contains("@@everything");
            assertThat(p.hint()).contains("\"@@all\"").contains("\"@@assign\"").contains("\"@@none\"");
        }
    }

    @Nested
    class InvalidJson {

        @Test
        void syntaxErrorHasLineAndColumn() {
            String json = "{\n"
                    + "  \"services\": {\n"
                    + "    \"default\": {\"opt_out_policy\": {\"@@assign\": \"optOut\"}},\n"
                    + "  }\n"
                    + "}";
            Problem p = onlyError(json);
            assertThat(p.message()).startsWith("not valid JSON");
            // The trailing comma is found when the "}" at line 4, column 3 arrives instead of a key.
            assertThat(p.location()).isEqualTo(SourceLocation.of("p-test", 4, 3));
            assertThat(p.format()).startsWith("p-test:4:3: error: ");
        }

        @Test
        void truncatedDocument() {
            Problem p = onlyError("{\"services\":{\"default\":");
            assertThat(p.message()).startsWith("not valid JSON");
            assertThat(p.location()).isNotNull();
            assertThat(p.location().line()).isEqualTo(1);
        }

        @Test
        void theParsersInternalsStayOutOfTheMessage() {
            Problem p = onlyError("{\"services\":{}");
            assertThat(p.message())
                    .isEqualTo("not valid JSON: Unexpected end-of-input: expected close marker for Object (start"
                            + " marker at line 1, column 1)")
                    .doesNotContain("Source", "REDACTED", "StreamReadFeature");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"services\":{}}}", "{\"services\":{}} x", "{\"services\":{}}{\"services\":{}}"})
        void trailingContentIsNotValidJson(String json) {
            Problem p = onlyError(json);
            assertThat(p.message()).startsWith("not valid JSON");
            assertThat(p.location()).isNotNull();
        }

        @Test
        void duplicateKeysAreRejectedWithTheirPosition() {
            String json = "{\"services\":{\"default\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}},\n"
                    + "\"default\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}";
            Problem p = onlyError(json);
            assertThat(p.message()).contains("Duplicate").contains("'default'");
            assertThat(p.location().file()).isEqualTo("p-test");
            assertThat(p.location().line()).isEqualTo(2);
        }

        @Test
        void duplicateKeysDeeperDown() {
            Problem p = onlyError(withDefault("{\"@@assign\":\"optOut\",\"@@assign\":\"optIn\"}"));
            assertThat(p.message()).contains("'@@assign'");
        }
    }

    @Nested
    class ServiceKeyWarnings {

        @Test
        void typoIsAWarningWithDidYouMean() {
            Parsed parsed = parse("{\"services\":{\"rekogniton\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}");
            assertThat(parsed.ok()).as("unknown keys are warnings, not errors").isTrue();
            assertThat(parsed.problems()).hasSize(1);
            Problem p = parsed.problems().get(0);
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.field()).isEqualTo("services.rekogniton");
            assertThat(p.message()).contains("rekogniton");
            assertThat(p.hint()).isEqualTo("did you mean \"rekognition\"?");
            // The entry is kept: AWS may have added the key.
            assertThat(parsed.document().services()).containsKey("rekogniton");
        }

        @Test
        void unrelatedUnknownKeyListsTheKnownKeys() {
            Parsed parsed = parse("{\"services\":{\"kubernetes\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}");
            assertThat(parsed.ok()).isTrue();
            Problem p = parsed.problems().get(0);
            assertThat(p.isError()).isFalse();
            assertThat(p.hint())
                    .startsWith("known keys: ")
                    .contains("rekognition")
                    .contains("default");
        }

        @Test
        void everyKnownKeyPassesWithoutWarning() {
            StringBuilder json = new StringBuilder("{\"services\":{");
            String sep = "";
            for (String key : ServiceKeys.KNOWN) {
                json.append(sep).append('"').append(key).append("\":{\"opt_out_policy\":{\"@@assign\":\"optOut\"}}");
                sep = ",";
            }
            Parsed parsed = parse(json.append("}}").toString());
            assertThat(parsed.problems()).isEmpty();
            assertThat(parsed.document().services().keySet()).containsExactlyElementsOf(ServiceKeys.KNOWN);
        }

        @Test
        void keysAreCaseSensitive() {
            Parsed parsed = parse("{\"services\":{\"Lex\":{\"opt_out_policy\":{\"@@assign\":\"optIn\"}}}}");
            assertThat(parsed.problems()).singleElement().satisfies(p -> {
                assertThat(p.isError()).isFalse();
                assertThat(p.hint()).isEqualTo("did you mean \"lex\"?");
            });
        }

        @Test
        void warningCanBeMadeAnError() {
            Problem w = parse("{\"services\":{\"rekogniton\":{}}}").problems().get(0);
            Problem e = w.asError();
            assertThat(e.isError()).isTrue();
            assertThat(e.field()).isEqualTo(w.field());
            assertThat(e.hint()).isEqualTo(w.hint());
            assertThat(e.format())
                    .isEqualTo(
                            "error: services.rekogniton: unknown service key \"rekogniton\" (did you mean \"rekognition\"?)");
        }
    }
}
