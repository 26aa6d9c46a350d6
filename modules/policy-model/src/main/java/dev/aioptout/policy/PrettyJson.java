package dev.aioptout.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Indented JSON for files and reports people read: two spaces, {@code "key": value}, "\n" line
 * ends on every platform, a final newline. Key order is the caller's (use ordered maps).
 */
public final class PrettyJson {

    private static final ObjectWriter WRITER;

    static {
        DefaultIndenter lf = DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withArrayIndenter(lf)
                .withObjectIndenter(lf);
        WRITER = new ObjectMapper().writer(printer);
    }

    private PrettyJson() {}

    public static String write(Object tree) {
        try {
            return WRITER.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON", e);
        }
    }
}
