package dev.aioptout.policy;

/** JSON pointers (RFC 6901), by which problems in the layout and the organization file name a value. */
public final class JsonPointers {

    private JsonPointers() {}

    /** One key as a pointer segment: {@code ~} and {@code /} escaped. */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
