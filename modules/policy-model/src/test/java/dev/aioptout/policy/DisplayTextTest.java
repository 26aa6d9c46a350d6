package dev.aioptout.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayTextTest {

    @Test
    void plainTextIsUnchanged() {
        assertThat(DisplayText.of("prod-1 (Ünïcode, 日本)")).isEqualTo("prod-1 (Ünïcode, 日本)");
        assertThat(DisplayText.of(null)).isNull();
    }

    @Test
    void terminalEscapesAreShownNotObeyed() {
        assertThat(DisplayText.of("evil\u001b[8mhidden")).isEqualTo("evil\\u001b[8mhidden");
        assertThat(DisplayText.of("bell\u0007")).isEqualTo("bell\\u0007");
        assertThat(DisplayText.of("c1\u009b2J")).isEqualTo("c1\\u009b2J");
    }

    @Test
    void lineBreaksOfEveryKindAreRemovedFromTheLine() {
        String forged = "x\n  ✓ fake-account (111111111111)\r\u2028\u2029\u0085";
        String shown = DisplayText.of(forged);
        assertThat(shown).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0085");
        assertThat(shown).isEqualTo("x\\u000a  ✓ fake-account (111111111111)\\u000d\\u2028\\u2029\\u0085");
    }

    @Test
    void invisibleFormatCharactersAreShown() {
        // A right-to-left override can make a name read as another; a zero-width space hides a difference.
        assertThat(DisplayText.of("acct\u202Eloop")).isEqualTo("acct\\u202eloop");
        assertThat(DisplayText.of("a\u200Bb")).isEqualTo("a\\u200bb");
    }
}
