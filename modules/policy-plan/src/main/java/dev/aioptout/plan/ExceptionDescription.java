package dev.aioptout.plan;

import dev.aioptout.policy.Quotas;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The description an exception's policy carries in AWS: {@code Exception NAME: REASON (expires
 * DATE)}. {@code synth} writes it and {@code verify} reads the expiry back from the live policy,
 * so the format has this one home.
 */
public final class ExceptionDescription {

    /** AWS's limit for a policy description. */
    public static final int MAX_LENGTH = Quotas.MAX_POLICY_DESCRIPTION;

    private static final Pattern EXPIRES = Pattern.compile("\\(expires (\\d{4}-\\d{2}-\\d{2})\\)$");

    private ExceptionDescription() {}

    /**
     * The description, within AWS's limit: a long reason is shortened, never the expiry, so the
     * expiry can always be read back.
     *
     * @param expires null when the exception does not expire
     */
    public static String of(String name, String reason, LocalDate expires) {
        String head = "Exception " + name + ": ";
        String tail = expires == null ? "" : " (expires " + expires + ")";
        String text = head + reason + tail;
        if (text.length() <= MAX_LENGTH) {
            return text;
        }
        int room = Math.max(0, MAX_LENGTH - head.length() - tail.length() - 3);
        return head + reason.substring(0, Math.min(room, reason.length())) + "..." + tail;
    }

    /**
     * The expiry at the end of a live description.
     *
     * @param date       the expiry date; null when there is none or it is not a real date
     * @param unreadable the text where a date was expected but is not a real one (2024-02-30); null otherwise
     */
    public record Expiry(LocalDate date, String unreadable) {
        public static final Expiry NONE = new Expiry(null, null);
    }

    /** @param description a live policy's description; null reads as none */
    public static Expiry expiry(String description) {
        if (description == null) {
            return Expiry.NONE;
        }
        Matcher m = EXPIRES.matcher(description.strip());
        if (!m.find()) {
            return Expiry.NONE;
        }
        try {
            return new Expiry(LocalDate.parse(m.group(1)), null);
        } catch (DateTimeException e) {
            return new Expiry(null, m.group(1));
        }
    }
}
