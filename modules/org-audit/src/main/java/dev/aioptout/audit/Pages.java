package dev.aioptout.audit;

import dev.aioptout.policy.AwsIds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/** Reads a List call to its end, and only to its end. */
final class Pages {

    /** Empty pages in a row that end a listing as broken: AWS may send one with a NextToken, not a hundred. */
    static final int MAX_EMPTY_PAGES = 100;

    private static final String AGAIN =
            "run again; if it persists, the endpoint does not page as AWS Organizations does";

    /**
     * What one List call lists.
     *
     * @param of      what is listed, for messages: the parent, policy or filter; empty for everything
     * @param key     each item's id, which the answer must carry, of the kind AWS documents
     * @param keyName the id's place in the answer, for messages: {@code Accounts[].Id}
     */
    record Listing<R, T>(
            String operation,
            String of,
            Function<R, List<T>> items,
            Function<R, String> nextToken,
            Function<T, String> key,
            String keyName,
            AwsIds.Kind kind) {

        String subject() {
            return of.isEmpty() ? operation : operation + " " + of;
        }
    }

    private Pages() {}

    /**
     * Every page of a List call, until NextToken is null: a page may be empty while a token
     * remains. A listing that would not end (a NextToken given twice, an item listed twice, a run
     * of empty pages, more than {@code maxPages} pages) stops the reading instead of hanging; an
     * item whose id is missing or not an id of the listing's kind stops it too.
     *
     * @param request the page after the token (null: the first), with the limits to send it with
     */
    static <R, T> List<T> all(
            Session session,
            Listing<R, T> listing,
            int maxPages,
            BiFunction<String, AwsRequestOverrideConfiguration, R> request) {
        String subject = listing.subject();
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
            List<T> got = new ArrayList<>();
            R page = AwsCall.run(
                    session,
                    CallKind.LISTING,
                    listing.operation(),
                    subject,
                    limits -> request.apply(current, limits),
                    answer -> {
                        for (T item : listing.items().apply(answer)) {
                            AwsCall.id(listing.key().apply(item), listing.kind(), listing.keyName());
                            got.add(item);
                        }
                        return answer;
                    });
            for (T item : got) {
                String id = listing.key().apply(item);
                if (!ids.add(id)) {
                    throw new AuditFailure(subject, id + " is listed twice; the paging is broken", AGAIN, null);
                }
            }
            out.addAll(got);
            emptyInARow = got.isEmpty() ? emptyInARow + 1 : 0;
            token = listing.nextToken().apply(page);
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
