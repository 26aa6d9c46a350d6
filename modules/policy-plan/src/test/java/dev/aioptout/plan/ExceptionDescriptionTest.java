package dev.aioptout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ExceptionDescriptionTest {

    @Test
    void whatSynthWritesVerifyReadsBack() {
        LocalDate date = LocalDate.of(2027, 6, 30);
        String text = ExceptionDescription.of("sandbox-lex", "Chatbot team evaluation, ticket SEC-123", date);
        assertThat(text)
                .isEqualTo("Exception sandbox-lex: Chatbot team evaluation, ticket SEC-123 (expires 2027-06-30)");
        assertThat(ExceptionDescription.expiry(text)).isEqualTo(new ExceptionDescription.Expiry(date, null));
        assertThat(ExceptionDescription.expiry(ExceptionDescription.of("x", "y", null)))
                .isEqualTo(ExceptionDescription.Expiry.NONE);
    }

    @Test
    void aLongReasonIsShortenedButTheExpiryIsKept() {
        LocalDate date = LocalDate.of(2030, 1, 31);
        String text = ExceptionDescription.of("long", "r".repeat(2000), date);
        assertThat(text).hasSize(ExceptionDescription.MAX_LENGTH).endsWith("... (expires 2030-01-31)");
        assertThat(ExceptionDescription.expiry(text).date()).isEqualTo(date);
        assertThat(ExceptionDescription.of("n", "r".repeat(2000), null)).hasSize(ExceptionDescription.MAX_LENGTH);
    }

    @Test
    void anImpossibleDateIsUnreadableNotACrash() {
        ExceptionDescription.Expiry e = ExceptionDescription.expiry("Exception x: y (expires 2024-02-30)");
        assertThat(e.date()).isNull();
        assertThat(e.unreadable()).isEqualTo("2024-02-30");
    }

    @Test
    void descriptionsWithoutTheSuffixHaveNoExpiry() {
        assertThat(ExceptionDescription.expiry(null)).isEqualTo(ExceptionDescription.Expiry.NONE);
        assertThat(ExceptionDescription.expiry("")).isEqualTo(ExceptionDescription.Expiry.NONE);
        assertThat(ExceptionDescription.expiry("expires soon")).isEqualTo(ExceptionDescription.Expiry.NONE);
        assertThat(ExceptionDescription.expiry("(expires 2020-01-01) and more"))
                .isEqualTo(ExceptionDescription.Expiry.NONE);
    }
}
