package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** OptValue and LockLevel: exact spellings only. */
class ValuesTest {

    @Test
    void optValueParsesOnlyTheExactSpelling() {
        assertThat(OptValue.parse("optOut")).contains(OptValue.OPT_OUT);
        assertThat(OptValue.parse("optIn")).contains(OptValue.OPT_IN);
        assertThat(OptValue.parse("optout")).isEmpty();
        assertThat(OptValue.parse("OptOut")).isEmpty();
        assertThat(OptValue.parse(" optOut")).isEmpty();
        assertThat(OptValue.OPT_OUT.json()).isEqualTo("optOut");
        assertThat(OptValue.OPT_IN).hasToString("optIn");
    }

    @Test
    void caseInsensitiveIsOnlyForHints() {
        assertThat(OptValue.caseInsensitive("OPTOUT")).contains(OptValue.OPT_OUT);
        assertThat(OptValue.caseInsensitive("opt-in")).contains(OptValue.OPT_IN);
        assertThat(OptValue.caseInsensitive("opt_out")).contains(OptValue.OPT_OUT);
        assertThat(OptValue.caseInsensitive("disabled")).isEmpty();
    }

    @Test
    void lockLevelParsesTheLayoutWords() {
        assertThat(LockLevel.parse("full")).contains(LockLevel.FULL);
        assertThat(LockLevel.parse("default")).contains(LockLevel.DEFAULT);
        assertThat(LockLevel.parse("none")).contains(LockLevel.NONE);
        assertThat(LockLevel.parse("Full")).isEmpty();
        assertThat(LockLevel.parse("partial")).isEmpty();
        assertThat(LockLevel.FULL).hasToString("full");
    }
}
