package dev.aioptout.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** The regular files of a tar stream (ustar headers of 512 bytes, data padded to 512) that a test wants. */
final class Tarball {

    private static final int BLOCK = 512;

    private Tarball() {}

    /** Path (with the ustar prefix) to content, for the entries {@code wanted} accepts, in order. */
    static Map<String, String> read(InputStream tar, Predicate<String> wanted) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (byte[] header = tar.readNBytes(BLOCK); header.length == BLOCK; header = tar.readNBytes(BLOCK)) {
            String name = field(header, 0, 100);
            if (name.isEmpty()) {
                break;
            }
            String prefix = field(header, 345, 155);
            String path = prefix.isEmpty() ? name : prefix + "/" + name;
            int size = Integer.parseInt(field(header, 124, 12).trim(), 8);
            char kind = (char) header[156];
            int padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            if ((kind == '0' || kind == '\0') && wanted.test(path)) {
                byte[] data = tar.readNBytes(padded);
                files.put(path, new String(data, 0, size, StandardCharsets.UTF_8));
            } else {
                tar.skipNBytes(padded);
            }
        }
        return files;
    }

    private static String field(byte[] header, int from, int length) {
        int end = from;
        while (end < from + length && header[end] != 0) {
            end++;
        }
        return new String(header, from, end - from, StandardCharsets.US_ASCII);
    }
}
