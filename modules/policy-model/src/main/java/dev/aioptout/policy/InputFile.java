package dev.aioptout.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * A file the user names (a layout, an organization file), read as UTF-8 text with a size limit
 * suited to what it holds. Only regular files are read: a device ({@code /dev/zero}), a pipe or a
 * socket could be endless or never answer, so they are refused before anything is read; so is a
 * file over the limit, from its size and again while reading (a file can grow, and some report no
 * size). Every failure is a problem naming the file, never an exception.
 */
public final class InputFile {

    /** The text, or the one problem that stopped reading it. */
    public record Read(String text, Problem problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private InputFile() {}

    /**
     * @param display  the path as the user wrote it, for messages
     * @param what     what the file is, for messages: "layout file", "organization file"
     * @param maxBytes the largest file read
     * @param missing  what to do when the file does not exist
     */
    public static Read read(Path file, String display, String what, long maxBytes, String missing) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(file)) {
                return failure(
                        display,
                        what + " is a symbolic link to a missing file" + target(file),
                        "point the link at an existing file, or remove it");
            }
            return failure(display, what + " not found", missing);
        } catch (IOException e) {
            return unreadable(display, what, e);
        }
        if (attributes.isDirectory()) {
            return failure(display, "is a folder", "give the path of the " + what);
        }
        if (!attributes.isRegularFile()) {
            return failure(
                    display,
                    "is a device, pipe or socket, not a regular file",
                    "give the path of the " + what + ": ai-optout reads only regular files");
        }
        if (attributes.size() > maxBytes) {
            return tooLarge(display, what, maxBytes);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(Math.toIntExact(maxBytes + 1));
        } catch (IOException e) {
            return unreadable(display, what, e);
        }
        if (bytes.length > maxBytes) {
            return tooLarge(display, what, maxBytes);
        }
        return decode(bytes, display);
    }

    /** Strict UTF-8; a byte-order mark is dropped. A bad byte is named with its line and column. */
    public static Read decode(byte[] bytes, String display) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer chunk = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, chunk, true);
            if (result.isError()) {
                int offset = in.position();
                return new Read(
                        null,
                        Problem.error(
                                at(display, bytes, offset),
                                "",
                                String.format(Locale.ROOT, "not UTF-8 text (byte 0x%02X)", bytes[offset] & 0xff),
                                "save the file as UTF-8"));
            }
            if (result.isUnderflow()) {
                break;
            }
            chunk.clear();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return new Read(text.startsWith("\uFEFF") ? text.substring(1) : text, null);
    }

    /** Line and column (in characters) of a byte offset in UTF-8 text that is valid up to it. */
    private static SourceLocation at(String display, byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = 1;
        try {
            column = StandardCharsets.UTF_8
                            .newDecoder()
                            .decode(ByteBuffer.wrap(bytes, lineStart, offset - lineStart))
                            .length()
                    + 1;
        } catch (CharacterCodingException e) {
            column = offset - lineStart + 1;
        }
        return SourceLocation.of(display, line, column);
    }

    private static Read tooLarge(String display, String what, long maxBytes) {
        return failure(
                display,
                "the " + what + " is larger than " + size(maxBytes),
                "ai-optout reads " + what + "s of at most " + size(maxBytes) + "; check that this is the right file");
    }

    private static Read unreadable(String display, String what, IOException e) {
        String reason = e instanceof AccessDeniedException
                ? "permission denied"
                : e instanceof NotDirectoryException ? "a part of the path is not a folder" : reason(e);
        return failure(display, "cannot read the " + what + ": " + reason, null);
    }

    /** 1 MiB, 64 MiB, or bytes. */
    public static String size(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return bytes + " bytes";
    }

    private static String target(Path link) {
        try {
            return " (" + DisplayText.of(Files.readSymbolicLink(link).toString()) + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Read failure(String display, String message, String hint) {
        return new Read(null, Problem.error(SourceLocation.file(display), "", message, hint));
    }

    /** Whether the path names something, a dangling symbolic link included. */
    public static boolean present(Path file) {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }
}
