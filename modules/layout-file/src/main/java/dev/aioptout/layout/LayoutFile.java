package dev.aioptout.layout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aioptout.policy.InputFile;
import dev.aioptout.policy.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a layout file: YAML, then the schema, then defaults and semantic checks. */
public final class LayoutFile {

    /** The name messages use for the built-in layout. */
    public static final String EMBEDDED_NAME = "<embedded default>";

    /** A layout when there were no errors, and every problem (warnings included). */
    public record Loaded(Layout layout, List<Problem> problems) {
        public Loaded {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return layout != null;
        }
    }

    private LayoutFile() {}

    /**
     * The largest layout file read: a layout with hundreds of exceptions is tens of kilobytes, and
     * the limit keeps a wrong file (a log, an archive) from being parsed at all.
     */
    public static final long MAX_BYTES = 1024 * 1024;

    /** @param display the path as the user wrote it, used in messages so they stay machine-independent */
    public static Loaded load(Path file, String display, LayoutOptions options) {
        InputFile.Read read = InputFile.read(
                file, display, "layout file", MAX_BYTES, "pass --config with the path of an ai-optout.yaml file");
        if (!read.ok()) {
            return new Loaded(null, List.of(read.problem()));
        }
        return parse(display, read.text(), options);
    }

    public static Loaded parse(String name, String text, LayoutOptions options) {
        LocatedYaml.Parsed parsed = LocatedYaml.parse(name, text);
        if (parsed.problem() != null) {
            return new Loaded(null, List.of(parsed.problem()));
        }
        JsonNode root = parsed.root();
        List<Problem> problems = new ArrayList<>(VisibleText.check(root, parsed.locator()));
        if (!problems.isEmpty()) {
            return new Loaded(null, problems);
        }
        problems.addAll(LayoutSchema.validate(root, parsed.locator()));
        if (!problems.isEmpty()) {
            return new Loaded(null, problems);
        }
        Layout layout = LayoutReader.read(name, root, parsed.locator());
        problems.addAll(LayoutChecks.check(layout, root, options));
        boolean failed = problems.stream().anyMatch(Problem::isError);
        return new Loaded(failed ? null : layout, problems);
    }

    public static Loaded embeddedDefault(LayoutOptions options) {
        return parse(EMBEDDED_NAME, embeddedDefaultText(), options);
    }

    public static String embeddedDefaultText() {
        try (InputStream in = LayoutFile.class.getResourceAsStream("default-layout.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
