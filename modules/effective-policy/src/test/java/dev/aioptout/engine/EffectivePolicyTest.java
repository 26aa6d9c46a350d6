package dev.aioptout.engine;

import static dev.aioptout.policy.OptValue.OPT_IN;
import static dev.aioptout.policy.OptValue.OPT_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aioptout.policy.OptValue;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EffectivePolicyTest {

    private static EffectivePolicy of(Object... keyValues) {
        Map<String, OptValue> m = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], (OptValue) keyValues[i + 1]);
        }
        return EffectivePolicy.of(m);
    }

    @Test
    void toJsonHasTheDescribeEffectivePolicyShape() {
        EffectivePolicy p = of("lex", OPT_IN, "default", OPT_OUT);
        assertThat(p.toJson())
                .isEqualTo(
                        "{\"services\":{\"default\":{\"opt_out_policy\":\"optOut\"},\"lex\":{\"opt_out_policy\":\"optIn\"}}}");
        assertThat(of("polly", OPT_IN, "comprehend", OPT_OUT).toJson())
                .isEqualTo(
                        "{\"services\":{\"comprehend\":{\"opt_out_policy\":\"optOut\"},\"polly\":{\"opt_out_policy\":\"optIn\"}}}");
        assertThat(EffectivePolicy.EMPTY.toJson()).isEqualTo("{\"services\":{}}");
    }

    @Test
    void resolveFallsBackToDefaultThenToNothing() {
        EffectivePolicy p = of("default", OPT_OUT, "lex", OPT_IN);
        assertThat(p.resolve("lex")).contains(OPT_IN);
        assertThat(p.resolve("polly")).contains(OPT_OUT);
        assertThat(p.resolve("default")).contains(OPT_OUT);
        EffectivePolicy noDefault = of("lex", OPT_IN);
        assertThat(noDefault.resolve("lex")).contains(OPT_IN);
        assertThat(noDefault.resolve("polly")).isEmpty();
    }

    @Test
    void decidedByFollowsTheSameFallback() {
        Origin root = new Origin("p-1", "base", "r-ab12", "Root");
        Origin acct = new Origin("p-2", null, "111111111111", "a");
        TreeMap<String, Setting> s = new TreeMap<>();
        s.put("default", new Setting(OPT_OUT, root));
        s.put("lex", new Setting(OPT_IN, acct));
        EffectivePolicy p = new EffectivePolicy(s);
        assertThat(p.decidedBy("lex")).contains(acct);
        assertThat(p.decidedBy("polly")).contains(root);
        assertThat(EffectivePolicy.EMPTY.decidedBy("polly")).isEmpty();
        // Intents have no provenance.
        assertThat(of("default", OPT_OUT).decidedBy("lex")).isEmpty();
    }

    @Test
    void noDifferencesWhenEveryKeyResolvesTheSame() {
        // lex is explicit on one side and falls back to default on the other: same resolution.
        assertThat(of("default", OPT_OUT, "lex", OPT_OUT).differencesFrom(of("default", OPT_OUT)))
                .isEmpty();
        assertThat(of("default", OPT_OUT).differencesFrom(of("default", OPT_OUT, "lex", OPT_OUT)))
                .isEmpty();
        assertThat(EffectivePolicy.EMPTY.differencesFrom(EffectivePolicy.EMPTY)).isEmpty();
    }

    @Test
    void differenceInAKeyOnlyTheActualNames() {
        assertThat(of("default", OPT_OUT, "lex", OPT_IN).differencesFrom(of("default", OPT_OUT)))
                .containsExactly(new EffectivePolicy.Difference("lex", OPT_IN, OPT_OUT));
    }

    @Test
    void differenceInAKeyOnlyTheIntentNames() {
        assertThat(of("default", OPT_OUT).differencesFrom(of("default", OPT_OUT, "polly", OPT_IN)))
                .containsExactly(new EffectivePolicy.Difference("polly", OPT_OUT, OPT_IN));
    }

    @Test
    void defaultIsAlwaysCompared() {
        assertThat(EffectivePolicy.EMPTY.differencesFrom(of("default", OPT_OUT)))
                .containsExactly(new EffectivePolicy.Difference("default", null, OPT_OUT));
        assertThat(of("default", OPT_IN).differencesFrom(EffectivePolicy.EMPTY))
                .containsExactly(new EffectivePolicy.Difference("default", OPT_IN, null));
        // A different default also changes every key that falls back to it.
        assertThat(of("default", OPT_IN, "lex", OPT_OUT).differencesFrom(of("default", OPT_OUT, "polly", OPT_OUT)))
                .containsExactly(
                        new EffectivePolicy.Difference("default", OPT_IN, OPT_OUT),
                        new EffectivePolicy.Difference("polly", OPT_IN, OPT_OUT));
    }

    @Test
    void differencesAreSortedByKey() {
        assertThat(of("default", OPT_OUT, "translate", OPT_IN, "comprehend", OPT_IN)
                        .differencesFrom(of("default", OPT_OUT)))
                .extracting(EffectivePolicy.Difference::key)
                .containsExactly("comprehend", "translate");
    }

    @Test
    void settingsAreCopiedAndUnmodifiable() {
        TreeMap<String, Setting> s = new TreeMap<>();
        s.put("default", new Setting(OPT_OUT, null));
        EffectivePolicy p = new EffectivePolicy(s);
        s.put("lex", new Setting(OPT_IN, null));
        assertThat(p.settings()).containsOnlyKeys("default");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.settings().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(p.values()).containsExactlyEntriesOf(Map.of("default", OPT_OUT));
    }

    @Test
    void originDescribesPolicyAndNode() {
        assertThat(new Origin("p-1", "base", "r-ab12", "Root").describe())
                .isEqualTo("policy \"base\" (p-1) attached to \"Root\" (r-ab12)");
        assertThat(new Origin("p-1", null, "111111111111", null).describe())
                .isEqualTo("policy p-1 attached to 111111111111");
        assertThat(new Origin("p-1", "p-1", "ou-ab12-aaaaaaaa", "").describe())
                .isEqualTo("policy p-1 attached to ou-ab12-aaaaaaaa");
    }
}
