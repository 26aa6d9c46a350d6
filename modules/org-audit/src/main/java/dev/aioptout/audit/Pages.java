package dev.aioptout.audit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Reads a List call to its end, and only to its end. */
final class Pages {

    /** Empty pages in a row that end a listing as broken: AWS may send one with a NextToken, not a hundred. */
    static final int MAX_EMPTY_PAGES = 100;

    private static final String AGAIN =
            "run again; if it persists, the endpoint does not page as AWS Organizations does";

    private Pages() {}

    /**
     * Every page of a List call, until NextToken is null: a page may be empty while a token
     * remains. A listing that would not end (a NextToken given twice, an item listed twice, a run
     * of empty pages, more than {@code maxPages} pages) stops the reading instead of hanging.
     *
     * @param of  what is listed, for messages: the parent, policy or filter; empty for everything
     * @param key each item's id, which the answer must carry
     */
    static <R, T> List<T> all(
            String operation,
            String of,
            int maxPages,
            Function<String, R> request,
            Function<R, List<T>> items,
            Function<R, String> nextToken,
            Function<T, String> key) {
        String subject = of.isEmpty() ? operation : operation + " " + of;
        List<T> out = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        Set<String> ids = new HashSet<>();
        String token = null;
        int pages = 0;
        int emptyInARow = 0;
        do {
            if (++pages > maxPages) {
                throw new AuditFailure(
                        subject,
                        "more than " + maxPages + " pages and NextToken still set; the listing does not end",
                        null,
                        null);
            }
            String current = token;
            R page = AwsCall.run(operation, () -> request.apply(current), answer -> answer, subject);
            List<T> got = items.apply(page);
            for (T item : got) {
                String id = key.apply(item);
                if (id == null) {
                    throw new AuditFailure(subject, "the answer lists an item without an Id", null, null);
                }
                if (!ids.add(id)) {
                    throw new AuditFailure(subject, id + " is listed twice; the paging is broken", AGAIN, null);
                }
            }
            out.addAll(got);
            emptyInARow = got.isEmpty() ? emptyInARow + 1 : 0;
            token = nextToken.apply(page);
            if (token != null && !tokens.add(token)) {
                throw new AuditFailure(
                        subject, "the same NextToken came back twice; the listing would never end", AGAIN, null);
            }
            if (token != null && emptyInARow >= MAX_EMPTY_PAGES) {
                throw new AuditFailure(
                        subject,
                        emptyInARow + " empty pages in a row and NextToken still set; the listing does not end",
                        AGAIN,
                        null);
            }
        } while (token != null);
        return out;
    }
}
