package dev.aioptout.hcl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lays out HCL bodies the way {@code terraform fmt} does: two-space indents, and the equals signs
 * of each run of consecutive single-line attributes aligned; a multi-line attribute stands alone.
 */
final class HclWriter {

    /** An attribute, a nested block or a comment line of a body. */
    sealed interface Item permits Attribute, Block, Comment {}

    /** {@code # text}: one line, which ends any run of aligned attributes as terraform fmt does. */
    record Comment(String text) implements Item {}

    /** {@code name = value}; {@code value} is one line, or several whose first follows the equals sign. */
    record Attribute(String name, List<String> value) implements Item {
        boolean singleLine() {
            return value.size() == 1;
        }
    }

    /** {@code type "label" { body }}. */
    record Block(String type, List<String> labels, List<Item> body) implements Item {}

    private HclWriter() {}

    /** The lines of a body at the given indent. */
    static List<String> body(List<Item> items, int indent) {
        List<String> out = new ArrayList<>();
        List<Attribute> run = new ArrayList<>();
        for (Item item : items) {
            if (item instanceof Attribute a && a.singleLine()) {
                run.add(a);
                continue;
            }
            flush(run, indent, out);
            if (item instanceof Comment c) {
                out.add(pad(indent) + "# " + c.text());
            } else if (item instanceof Attribute a) {
                out.add(pad(indent) + a.name() + " = " + a.value().get(0));
                out.addAll(a.value().subList(1, a.value().size()));
            } else {
                Block b = (Block) item;
                out.addAll(block(b, indent));
            }
        }
        flush(run, indent, out);
        return out;
    }

    static List<String> block(Block b, int indent) {
        List<String> out = new ArrayList<>();
        StringBuilder head = new StringBuilder(pad(indent)).append(b.type());
        for (String label : b.labels()) {
            head.append(' ').append(HclStrings.template(label));
        }
        if (b.body().isEmpty()) {
            out.add(head.append(" {}").toString());
            return out;
        }
        out.add(head.append(" {").toString());
        out.addAll(body(b.body(), indent + 1));
        out.add(pad(indent) + "}");
        return out;
    }

    private static void flush(List<Attribute> run, int indent, List<String> out) {
        int width = run.stream().mapToInt(a -> columns(a.name())).max().orElse(0);
        for (Attribute a : run) {
            out.add(pad(indent) + a.name() + " ".repeat(width - columns(a.name())) + " = "
                    + a.value().get(0));
        }
        run.clear();
    }

    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    /** Columns as terraform fmt counts them: grapheme clusters, not UTF-16 units (an emoji key is one column). */
    static int columns(String text) {
        int count = 0;
        Matcher m = GRAPHEME.matcher(text);
        while (m.find()) {
            count++;
        }
        return count;
    }

    static String pad(int indent) {
        return "  ".repeat(indent);
    }
}
