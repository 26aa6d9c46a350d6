package dev.aioptout.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A command printed for a person to paste into a POSIX shell (sh, bash, zsh). Every word that is
 * not plainly safe is single-quoted, so a value from outside (an id from an answer or a file, a
 * path) stays one word and is never run: {@code p-$(touch pwned)} prints as
 * {@code 'p-$(touch pwned)'}. The one home of that rule for every command the tool prints.
 */
public final class ShellCommand {

    /** Characters no POSIX shell gives a meaning to inside a word. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellCommand() {}

    /** The words, each quoted as {@link #quote} does, separated by single spaces. */
    public static String of(String... words) {
        List<String> quoted = new ArrayList<>(words.length);
        for (String word : words) {
            quoted.add(quote(word));
        }
        return String.join(" ", quoted);
    }

    /**
     * The word as it is when it holds only plain characters, else in single quotes, where the shell
     * expands nothing; a single quote inside becomes {@code '\''} (close, escaped quote, reopen).
     * An empty word is {@code ''}.
     */
    public static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
