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

    private static final ObjectWriter WRITER = writer(Separators.createDefaultInstance());
    /** JavaScript's {@code JSON.stringify(value, null, 2)}: empty lists and objects as {@code []} and {@code {}}. */
    private static final ObjectWriter JAVASCRIPT = writer(
            Separators.createDefaultInstance().withArrayEmptySeparator("").withObjectEmptySeparator(""));

    private PrettyJson() {}

    private static ObjectWriter writer(Separators separators) {
        DefaultIndenter lf = DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(separators.withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withArrayIndenter(lf)
                .withObjectIndenter(lf);
        return new ObjectMapper().writer(printer);
    }

    public static String write(Object tree) {
        return write(WRITER, tree) + "\n";
    }

    /**
     * The text JavaScript's {@code JSON.stringify(tree, null, 2)} gives (no final newline), for
     * files that tools written in JavaScript (cdktf-cli) write and read.
     */
    public static String writeAsJavaScript(Object tree) {
        return write(JAVASCRIPT, tree);
    }

    private static String write(ObjectWriter writer, Object tree) {
        try {
            return DisplayText.escapeLoneSurrogates(writer.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON", e);
        }
    }
}
