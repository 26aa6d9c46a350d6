package dev.aioptout.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.layout.LayoutWriter.Commented;
import dev.aioptout.policy.LockLevel;
import dev.aioptout.policy.NodeKind;
import dev.aioptout.policy.OptValue;
import dev.aioptout.policy.Problem;
import dev.aioptout.policy.TargetId;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What {@link LayoutWriter} writes reads back as the layout it describes, whatever the names,
 * reasons and comments hold: free text quoted, account ids quoted, comments kept to their line.
 */
class LayoutWriterTest {

    private static final LayoutOptions OPTIONS = new LayoutOptions(false, LocalDate.of(2026, 1, 15));

    private static TreeMap<String, OptValue> values(String key, OptValue value) {
        TreeMap<String, OptValue> map = new TreeMap<>();
        map.put(key, value);
        return map;
    }

    private static LayoutWriter.Draft draft(String policyName, String reason, String comment) {
        return new LayoutWriter.Draft(
                List.of("a header", "with " + comment),
                Layout.Kind.MULTI_OU,
                new Layout.OrganizationSpec(Layout.Mode.ADOPT, "o-exampleorgid"),
                new LayoutWriter.Policy(
                        new Commented<>("p-11111111", comment),
                        policyName,
                        OptValue.OPT_OUT,
                        List.of("lock: full would change an account: " + comment),
                        new Commented<>(LockLevel.DEFAULT, comment),
                        values("rekognition", OptValue.OPT_OUT)),
                List.of(
                        new Commented<>(TargetId.ROOT, null),
                        new Commented<>(new TargetId(NodeKind.ORGANIZATIONAL_UNIT, "ou-ab12-11111111"), comment)),
                List.of(new LayoutWriter.ExceptionEntry(
                        "sandbox-lex",
                        new Commented<>("p-22222222", comment),
                        List.of(
                                new Commented<>(new TargetId(NodeKind.ACCOUNT, "012345678901"), comment),
                                new Commented<>(
                                        TargetId.parse("/Work\\/loads/Sandbox").orElseThrow(), null)),
                        values("lex", OptValue.OPT_IN),
                        reason)));
    }

    private static Layout readBack(String text) {
        LayoutFile.Loaded loaded = LayoutFile.parse("written.yaml", text, OPTIONS);
        assertThat(loaded.problems()).as(text).noneMatch(Problem::isError);
        return loaded.layout();
    }

    @Test
    void writesEveryKeyInTheFormTheReaderTakes() {
        String text = LayoutWriter.write(draft("corp-ai-optout", "Chatbot evaluation", "why"));
        assertThat(text).isEqualTo("""
                # a header
                # with why
                version: 1
                layout: multi-ou
                organization:
                  mode: adopt
                  id: o-exampleorgid
                policy:
                  adopt: p-11111111  # why
                  name: "corp-ai-optout"
                  default: optOut
                  # lock: full would change an account: why
                  lock: default  # why
                  services:
                    rekognition: optOut
                attach:
                  - root
                  - ou-ab12-11111111  # why
                exceptions:
                  - name: sandbox-lex
                    adopt: p-22222222  # why
                    targets:
                      - "012345678901"  # why
                      - "/Work\\\\/loads/Sandbox"
                    services:
                      lex: optIn
                    reason: "Chatbot evaluation"
                """);
    }

    @Test
    void readsBackAsTheLayoutItDescribes() {
        Layout layout = readBack(LayoutWriter.write(draft("corp: ai # optout", "ticket \"SEC-1\"\tok", "x")));
        assertThat(layout.kind()).isEqualTo(Layout.Kind.MULTI_OU);
        assertThat(layout.organization()).isEqualTo(new Layout.OrganizationSpec(Layout.Mode.ADOPT, "o-exampleorgid"));
        assertThat(layout.policy().name()).isEqualTo("corp: ai # optout");
        assertThat(layout.policy().adopt()).isEqualTo("p-11111111");
        assertThat(layout.policy().lock()).isEqualTo(LockLevel.DEFAULT);
        assertThat(layout.policy().defaultValue()).isEqualTo(OptValue.OPT_OUT);
        assertThat(layout.policy().services()).containsExactlyEntriesOf(values("rekognition", OptValue.OPT_OUT));
        assertThat(layout.attach())
                .containsExactly(TargetId.ROOT, new TargetId(NodeKind.ORGANIZATIONAL_UNIT, "ou-ab12-11111111"));
        Layout.ExceptionSpec e = layout.exceptions().get(0);
        assertThat(e.name()).isEqualTo("sandbox-lex");
        assertThat(e.adopt()).isEqualTo("p-22222222");
        // The account id stays a string of twelve digits, leading zero included; the path stays a path.
        assertThat(e.targets())
                .containsExactly(
                        new TargetId(NodeKind.ACCOUNT, "012345678901"),
                        TargetId.parse("/Work\\/loads/Sandbox").orElseThrow());
        assertThat(e.services()).containsExactlyEntriesOf(values("lex", OptValue.OPT_IN));
        assertThat(e.reason()).isEqualTo("ticket \"SEC-1\"\tok");
    }

    @Test
    void aCommentIsOneLineWhateverItHolds() {
        String hostile = "name\nversion: 2\r\u001b[8m\u2028# more";
        String text = LayoutWriter.write(draft("corp", "reason", hostile));
        // Every line a comment would add is escaped onto the line it belongs to.
        assertThat(text.lines().count())
                .isEqualTo(
                        LayoutWriter.write(draft("corp", "reason", "x")).lines().count());
        assertThat(text).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u2028");
        assertThat(text).contains("adopt: p-11111111  # name\\u000aversion: 2\\u000d\\u001b[8m\\u2028# more\n");
        Layout layout = readBack(text);
        assertThat(layout.policy().lock()).isEqualTo(LockLevel.DEFAULT);
    }

    @Test
    void aLayoutThatCreatesItsOrganizationAndAdoptsNothing() {
        String text = LayoutWriter.write(new LayoutWriter.Draft(
                List.of(),
                Layout.Kind.SINGLE_ACCOUNT,
                new Layout.OrganizationSpec(Layout.Mode.CREATE, null),
                new LayoutWriter.Policy(
                        null,
                        "ai-optout-all-services",
                        OptValue.OPT_IN,
                        List.of(),
                        new Commented<>(LockLevel.NONE, null),
                        new TreeMap<>()),
                List.of(new Commented<>(TargetId.ROOT, null)),
                List.of()));
        assertThat(text).isEqualTo("""
                version: 1
                layout: single-account
                organization:
                  mode: create
                policy:
                  name: "ai-optout-all-services"
                  default: optIn
                  lock: none
                attach:
                  - root
                """);
        Layout layout = readBack(text);
        assertThat(layout.organization().mode()).isEqualTo(Layout.Mode.CREATE);
        assertThat(layout.policy().adopt()).isNull();
        assertThat(layout.policy().defaultValue()).isEqualTo(OptValue.OPT_IN);
        assertThat(layout.exceptions()).isEmpty();
    }
}
