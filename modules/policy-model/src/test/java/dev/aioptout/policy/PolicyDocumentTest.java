package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aioptout.policy.PolicyDocument.OptOutSetting;
import dev.aioptout.policy.PolicyDocument.ServiceEntry;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {

    /** AWS's Example 1 (docs/policy-semantics.md, section 6) built from the model, not parsed. */
    static PolicyDocument example1() {
        TreeMap<String, ServiceEntry> services = new TreeMap<>();
        services.put(
                "default", new ServiceEntry(ChildControl.NONE, new OptOutSetting(ChildControl.NONE, OptValue.OPT_OUT)));
        return new PolicyDocument(ChildControl.NONE, services);
    }

    @Test
    void example1CanonicalJsonIsTheDocumentsJsonWithKeysSorted() {
        String canonical = example1().toCanonicalJson();

        // Sorted by hand from the document: "@@..." sorts before letters, "@@assign" before "@@operators...".
        assertThat(canonical)
                .isEqualTo(
                        "{\"services\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],"
                                + "\"default\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"],"
                                + "\"opt_out_policy\":{\"@@assign\":\"optOut\",\"@@operators_allowed_for_child_policies\":[\"@@none\"]}}}}");
        // And independently: Jackson's key-sorted, compact rewrite of the document's own text.
        assertThat(canonical).isEqualTo(JsonTestSupport.sortedCompact(DocExamples.EXAMPLE_1));
        assertThat(JsonTestSupport.tree(canonical)).isEqualTo(JsonTestSupport.tree(DocExamples.EXAMPLE_1));
    }

    @Test
    void createExampleCanonicalJson() {
        TreeMap<String, ServiceEntry> services = new TreeMap<>();
        services.put("rekognition", ServiceEntry.of(OptValue.OPT_IN));
        services.put("default", ServiceEntry.of(OptValue.OPT_OUT));
        String canonical = new PolicyDocument(null, services).toCanonicalJson();

        assertThat(canonical).isEqualTo(JsonTestSupport.sortedCompact(DocExamples.CREATE));
        assertThat(canonical).doesNotContain(" ", "\n", ChildControl.KEY);
    }

    @Test
    void omitsAbsentControlsAndValues() {
        TreeMap<String, ServiceEntry> services = new TreeMap<>();
        services.put("lex", new ServiceEntry(null, new OptOutSetting(ChildControl.ASSIGN_ONLY, null)));
        services.put("polly", new ServiceEntry(ChildControl.NONE, null));
        assertThat(new PolicyDocument(null, services).toCanonicalJson())
                .isEqualTo(
                        "{\"services\":{\"lex\":{\"opt_out_policy\":{\"@@operators_allowed_for_child_policies\":[\"@@assign\"]}},"
                                + "\"polly\":{\"@@operators_allowed_for_child_policies\":[\"@@none\"]}}}");
    }

    @Test
    void servicesAreCopiedSortedAndUnmodifiable() {
        Map<String, ServiceEntry> input = new java.util.HashMap<>();
        input.put("translate", ServiceEntry.of(OptValue.OPT_IN));
        input.put("aiops", ServiceEntry.of(OptValue.OPT_OUT));
        PolicyDocument doc = new PolicyDocument(null, new TreeMap<>(input));
        assertThat(doc.services().keySet()).containsExactly("aiops", "translate");
        assertThatThrownBy(() -> doc.services().put("lex", ServiceEntry.of(OptValue.OPT_IN)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new PolicyDocument(null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalDocumentsAreEqual() {
        assertThat(example1()).isEqualTo(example1()).hasSameHashCodeAs(example1());
    }
}
