package dev.aioptout.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A jsii module's list of types, {@code <jsii name>=<Java class name>} per line, as jsii's Java
 * generator writes it beside each module class ({@code $Module.txt}). The generated module class
 * reads all of it into a map when it is loaded: for the AWS provider that is 28,636 lines and
 * 7.8 MB, about 50 ms and 25 MB of garbage on every synth, though a synth asks for two or three of
 * them (jsii asks only for the types of objects that JavaScript created). This list keeps the bytes
 * and looks a name up by binary search over its lines, which the generator writes sorted by jsii
 * name; a name that search does not find is looked for line by line before it is called unknown, so
 * an unsorted list is slower, never wrong. With {@code AI_OPTOUT_JSII=no-lazy-types} it reads every
 * line into a map first, as the generated class does.
 */
public final class TypeList {

    private final byte[] lines;
    /** Every line read, with the lever off; null otherwise. */
    private final Map<String, String> all;

    private TypeList(byte[] lines, Map<String, String> all) {
        this.lines = lines;
        this.all = all;
    }

    /** The list in {@code resource} (a path from the class path's root) of {@code owner}'s class loader. */
    public static TypeList read(Class<?> owner, String resource) {
        byte[] bytes;
        try (InputStream in = owner.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("jsii's type list " + resource + " is not on the class path");
            }
            bytes = readAll(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(bytes);
    }

    /** The list in these bytes. */
    static TypeList of(byte[] bytes) {
        return JsiiLevers.LAZY_TYPES.on() ? new TypeList(bytes, null) : new TypeList(bytes, parse(bytes));
    }

    /**
     * All of the stream in one array when it says how much is left (a jar entry does), instead of
     * readAllBytes's chunks and copy, which allocated twice the 7.8 MB.
     */
    private static byte[] readAll(InputStream in) throws IOException {
        byte[] bytes = new byte[in.available()];
        int read = in.readNBytes(bytes, 0, bytes.length);
        byte[] rest = in.readAllBytes();
        if (read == bytes.length && rest.length == 0) {
            return bytes;
        }
        byte[] all = new byte[read + rest.length];
        System.arraycopy(bytes, 0, all, 0, read);
        System.arraycopy(rest, 0, all, read, rest.length);
        return all;
    }

    /** The Java class name of the jsii type {@code fqn}; null when the list does not have it. */
    public String javaName(String fqn) {
        if (all != null) {
            return all.get(fqn);
        }
        byte[] key = fqn.getBytes(StandardCharsets.UTF_8);
        int found = search(key);
        if (found < 0) {
            found = scan(key);
        }
        return found < 0 ? null : value(found);
    }

    /** Every line as the generated class reads it: the name before the first '=', the rest after it. */
    static Map<String, String> parse(byte[] bytes) {
        Map<String, String> types = new HashMap<>();
        for (int start = 0; start < bytes.length; start = end(bytes, start) + 1) {
            int equals = equalsSign(bytes, start);
            if (equals >= 0) {
                types.put(new String(bytes, start, equals - start, StandardCharsets.UTF_8), text(bytes, equals + 1));
            }
        }
        return types;
    }

    /** The start of the line whose name is {@code key}, by binary search; -1 when not found. */
    private int search(byte[] key) {
        // The line sought, if any, starts in [low, high); low is always the start of a line.
        int low = 0;
        int high = lines.length;
        while (low < high) {
            int start = lineStart(lines, (low + high) >>> 1);
            int order = compareName(start, key);
            if (order == 0) {
                return start;
            }
            if (order < 0) {
                low = end(lines, start) + 1;
            } else {
                high = start;
            }
        }
        return -1;
    }

    /** The start of the line whose name is {@code key}, line by line; -1 when there is none. */
    private int scan(byte[] key) {
        for (int start = 0; start < lines.length; start = end(lines, start) + 1) {
            if (compareName(start, key) == 0) {
                return start;
            }
        }
        return -1;
    }

    /** The line's name against {@code key}, byte by byte; a line without '=' has no name (sorts first). */
    private int compareName(int start, byte[] key) {
        int equals = equalsSign(lines, start);
        if (equals < 0) {
            return -1;
        }
        int length = equals - start;
        for (int i = 0; i < Math.min(length, key.length); i++) {
            int difference = (lines[start + i] & 0xff) - (key[i] & 0xff);
            if (difference != 0) {
                return difference;
            }
        }
        return length - key.length;
    }

    private String value(int start) {
        return text(lines, equalsSign(lines, start) + 1);
    }

    /** From {@code from} to the end of its line, without the line break. */
    private static String text(byte[] bytes, int from) {
        int end = end(bytes, from);
        if (end > from && bytes[end - 1] == '\r') {
            end--;
        }
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }

    private static int equalsSign(byte[] bytes, int start) {
        int end = end(bytes, start);
        for (int i = start; i < end; i++) {
            if (bytes[i] == '=') {
                return i;
            }
        }
        return -1;
    }

    /** The index of the line break that ends the line holding {@code position}, or the length. */
    private static int end(byte[] bytes, int position) {
        int i = position;
        while (i < bytes.length && bytes[i] != '\n') {
            i++;
        }
        return i;
    }

    private static int lineStart(byte[] bytes, int position) {
        int i = position;
        while (i > 0 && bytes[i - 1] != '\n') {
            i--;
        }
        return i;
    }
}
