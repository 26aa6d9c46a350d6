package dev.aioptout.policy;

import static dev.aioptout.policy.OptValue.OPT_IN;
import static dev.aioptout.policy.OptValue.OPT_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.policy.PolicyDocument.OptOutSetting;
import dev.aioptout.policy.PolicyDocument.ServiceEntry;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OptOutDocumentsTest {

    private static ServiceEntry locked(OptValue v) {
        return new ServiceEntry(ChildControl.NONE, new OptOutSetting(ChildControl.NONE, v));
    }

    private static ServiceEntry door(OptValue v) {
        return new ServiceEntry(ChildControl.ASSIGN_ONLY, new OptOutSetting(ChildControl.ASSIGN_ONLY, v));
    }

    @Nested
    class FullLock {

        @Test
        void withoutExceptionsItIsExample1() {
            PolicyDocument doc = OptOutDocuments.baseline(OPT_OUT, Map.of(), LockLevel.FULL, Set.of());
            assertThat(doc.toCanonicalJson()).isEqualTo(JsonTestSupport.sortedCompact(DocExamples.EXAMPLE_1));
            assertThat(doc)
                    .isEqualTo(PolicyDocumentParser.parse(DocExamples.EXAMPLE_1, "doc")
                            .document());
        }

        @Test
        void locksServicesDefaultAndEveryServiceValue() {
            PolicyDocument doc = OptOutDocuments.baseline(
                    OPT_OUT, Map.of("lex", OPT_IN, "polly", OPT_OUT), LockLevel.FULL, Set.of());
            assertThat(doc.servicesControl()).isEqualTo(ChildControl.NONE);
            assertThat(doc.services()).containsOnlyKeys("default", "lex", "polly");
            assertThat(doc.services().get("default")).isEqualTo(locked(OPT_OUT));
            assertThat(doc.services().get("lex")).isEqualTo(locked(OPT_IN));
            assertThat(doc.services().get("polly")).isEqualTo(locked(OPT_OUT));
        }

        @Test
        void exceptedServicesGetAnAssignDoorHoldingTheBaselinesValue() {
            PolicyDocument doc = OptOutDocuments.baseline(
                    OPT_OUT, Map.of("polly", OPT_IN, "translate", OPT_OUT), LockLevel.FULL, Set.of("lex", "polly"));

            // services stays locked: no child may add a service key.
            assertThat(doc.servicesControl()).isEqualTo(ChildControl.NONE);
            assertThat(doc.services()).containsOnlyKeys("default", "lex", "polly", "translate");
            assertThat(doc.services().get("default")).isEqualTo(locked(OPT_OUT));
            // lex has no value of its own in the baseline: the entry carries the default's.
            assertThat(doc.services().get("lex")).isEqualTo(door(OPT_OUT));
            // polly's own baseline value is kept, but the door is open.
            assertThat(doc.services().get("polly")).isEqualTo(door(OPT_IN));
            // Not excepted: still locked.
            assertThat(doc.services().get("translate")).isEqualTo(locked(OPT_OUT));
        }

        @Test
        void doorJsonShape() {
            String json = OptOutDocuments.baseline(OPT_IN, Map.of(), LockLevel.FULL, Set.of("lex"))
                    .toCanonicalJson();
            assertThat(json)
                    .isEqualTo(
                            "{\"services\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],"
                                    + "\"default\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],"
                                    + "\"opt_out_policy\":{\"@@assign\":\"optIn\",\"@@operators_allowed_for_child_policies\":[\"@@none\"]}},"
                                    + "\"lex\":{\"@@operators_allowed_for_child_policies\":[\"@@assign\"],"
                                    + "\"opt_out_policy\":{\"@@assign\":\"optIn\",\"@@operators_allowed_for_child_policies\":[\"@@assign\"]}}}}");
        }

        @Test
        void defaultIsNeverOpenedEvenWhenExcepted() {
            PolicyDocument doc = OptOutDocuments.baseline(OPT_OUT, Map.of(), LockLevel.FULL, Set.of("default", "lex"));
            assertThat(doc.services().get("default")).isEqualTo(locked(OPT_OUT));
            assertThat(doc.services().get("lex")).isEqualTo(door(OPT_OUT));
        }
    }

    @Nested
    class DefaultLock {

        @Test
        void withoutServicesItIsExample2sParent() {
            PolicyDocument doc = OptOutDocuments.baseline(OPT_OUT, Map.of(), LockLevel.DEFAULT, Set.of());
            assertThat(doc.toCanonicalJson()).isEqualTo(JsonTestSupport.sortedCompact(DocExamples.EXAMPLE_2_PARENT));
        }

        @Test
        void onlyDefaultIsLocked() {
            PolicyDocument doc =
                    OptOutDocuments.baseline(OPT_OUT, Map.of("lex", OPT_IN), LockLevel.DEFAULT, Set.of("polly", "lex"));
            assertThat(doc.servicesControl()).isNull();
            assertThat(doc.services().get("default")).isEqualTo(locked(OPT_OUT));
            assertThat(doc.services().get("lex")).isEqualTo(ServiceEntry.of(OPT_IN));
            // Child policies may add keys anyway, so exceptions need no entry.
            assertThat(doc.services()).containsOnlyKeys("default", "lex");
        }
    }

    @Nested
    class NoLock {

        @Test
        void isTheCreateExample() {
            PolicyDocument doc =
                    OptOutDocuments.baseline(OPT_OUT, Map.of("rekognition", OPT_IN), LockLevel.NONE, Set.of());
            assertThat(doc.toCanonicalJson()).isEqualTo(JsonTestSupport.sortedCompact(DocExamples.CREATE));
        }

        @Test
        void hasNoControlsAnywhere() {
            PolicyDocument doc =
                    OptOutDocuments.baseline(OPT_IN, Map.of("lex", OPT_OUT), LockLevel.NONE, Set.of("lex", "polly"));
            assertThat(doc.servicesControl()).isNull();
            assertThat(doc.services()).containsOnlyKeys("default", "lex");
            assertThat(doc.services().get("default")).isEqualTo(ServiceEntry.of(OPT_IN));
            assertThat(doc.services().get("lex")).isEqualTo(ServiceEntry.of(OPT_OUT));
            assertThat(doc.toCanonicalJson()).doesNotContain(ChildControl.KEY);
        }
    }

    @Nested
    class Exceptions {

        @Test
        void unlockedExceptionIsExample2sChild() {
            PolicyDocument doc = OptOutDocuments.exception(Map.of("lex", OPT_IN), LockLevel.DEFAULT);
            assertThat(doc.toCanonicalJson()).isEqualTo(DocExamples.EXAMPLE_2_CHILD);
            assertThat(OptOutDocuments.exception(Map.of("lex", OPT_IN), LockLevel.NONE))
                    .isEqualTo(doc);
        }

        @Test
        void underAFullLockTheExceptionLocksItsValuesButNotServices() {
            PolicyDocument doc = OptOutDocuments.exception(Map.of("lex", OPT_IN, "polly", OPT_IN), LockLevel.FULL);
            assertThat(doc.servicesControl()).isNull();
            assertThat(doc.services()).containsOnlyKeys("lex", "polly");
            assertThat(doc.services().get("lex")).isEqualTo(locked(OPT_IN));
            assertThat(doc.services().get("polly")).isEqualTo(locked(OPT_IN));
        }
    }
}
