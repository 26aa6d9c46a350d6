package dev.aioptout.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aioptout.engine.AccountState;
import dev.aioptout.engine.Distinct;
import dev.aioptout.engine.OrgNode;
import dev.aioptout.policy.AwsIds;
import dev.aioptout.policy.OptValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.DescribeEffectivePolicyResponse;
import software.amazon.awssdk.services.organizations.model.EffectivePolicyNotFoundException;
import software.amazon.awssdk.services.organizations.model.EffectivePolicyType;
import software.amazon.awssdk.services.organizations.model.ListAccountsWithInvalidEffectivePolicyResponse;

/**
 * Asks AWS for accounts' effective policies, so the engine's result can be compared with AWS's
 * own, and for the accounts AWS lists as having an invalid effective policy. Each part either
 * completes, is not run (the per-account part only, by choice or with no ACTIVE account to ask
 * about: the listing is one cheap call and always made), is unavailable (only the "not implemented"
 * answer of an endpoint the user declared an emulator: {@link AuditFailure#isUnimplemented()}), or
 * could not complete: throttling past the deadline, access denied, a stall, an answer not
 * understood. The last is never a reason to skip a check: the audit then cannot say "compliant".
 *
 * <p>DescribeEffectivePolicy is made once per account, so it is paced ({@code perSecond}); AWS
 * publishes no rate for it (docs/policy-semantics.md, section 10).
 */
public final class CrossCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How one part of the cross-check ended. */
    public enum State {
        DONE,
        /** Not asked: --cross-check=none, or no ACTIVE account to ask about (the per-account part only). */
        NOT_RUN,
        /** The endpoint, declared an emulator (--emulator), does not implement the operation. */
        UNAVAILABLE,
        /** Asked, and could not finish; {@link Part#failure()} names the call. */
        INCOMPLETE
    }

    /** @param reason why it was not run or is unavailable; null otherwise */
    public record Part(State state, String reason, AuditFailure failure) {
        static final Part DONE = new Part(State.DONE, null, null);

        static Part notRun(String reason) {
            return new Part(State.NOT_RUN, reason, null);
        }

        /** Unavailable when the endpoint said it does not implement the call before answering any; else incomplete. */
        static Part of(AuditFailure failure, boolean answeredBefore) {
            return failure.isUnimplemented() && !answeredBefore
                    ? new Part(State.UNAVAILABLE, failure.getMessage(), null)
                    : new Part(State.INCOMPLETE, null, failure);
        }
    }

    /**
     * @param effective AWS's effective values per account asked and answered, unmodifiable and shared by the
     *                  accounts AWS answered alike; an account AWS has none for maps to empty
     * @param asked     how many accounts were to be asked
     * @param invalid   account ids AWS lists as having an invalid effective policy; empty unless {@code invalidPart} is done
     */
    public record Result(
            Map<String, SortedMap<String, OptValue>> effective,
            int asked,
            Part effectivePart,
            List<String> invalid,
            Part invalidPart) {

        /** The per-account part not run, for the reason given; the listing done and empty. */
        public static Result notRun(String reason) {
            return new Result(Map.of(), 0, Part.notRun(reason), List.of(), Part.DONE);
        }
    }

    /** Which accounts to ask about: every ACTIVE one, an evenly spread sample of them, or none. */
    public enum Mode {
        all,
        sample,
        none
    }

    /** Accounts asked about with {@link Mode#sample}. */
    public static final int SAMPLE = 20;

    /**
     * DescribeEffectivePolicy calls per second unless told otherwise: a choice, since AWS publishes
     * no rate for Organizations (docs/policy-semantics.md, section 10).
     */
    public static final double DEFAULT_PER_SECOND = 5;

    private CrossCheck() {}

    /**
     * Asks AWS about the organization's ACTIVE accounts (the ones AWS answers for), as the mode says,
     * and for the accounts it lists with an invalid effective policy, whatever the mode.
     */
    public static Result run(Session session, OrgNode root, Mode mode, double perSecond) {
        List<String> active = new ArrayList<>();
        collectActive(root, active);
        if (mode == Mode.none) {
            return run(session, List.of(), perSecond, "--cross-check=none");
        }
        if (active.isEmpty()) {
            return run(session, List.of(), perSecond, "no ACTIVE account to ask about");
        }
        return run(session, mode == Mode.all ? active : sample(active), perSecond, null);
    }

    /** At most {@link #SAMPLE} accounts, spread evenly over the tree order. */
    static List<String> sample(List<String> accounts) {
        if (accounts.size() <= SAMPLE) {
            return accounts;
        }
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < SAMPLE; i++) {
            sample.add(accounts.get(i * accounts.size() / SAMPLE));
        }
        return sample;
    }

    private static void collectActive(OrgNode node, List<String> out) {
        if (node.isAccount()) {
            if (node.state() == AccountState.ACTIVE) {
                out.add(node.id());
            }
            return;
        }
        node.children().forEach(c -> collectActive(c, out));
    }

    static Result run(Session session, List<String> accountIds, double perSecond) {
        return run(session, accountIds, perSecond, null);
    }

    /** @param notRun why the per-account part is not run, or null to ask about every account given */
    private static Result run(Session session, List<String> accountIds, double perSecond, String notRun) {
        OrganizationsClient client = session.client();
        Map<String, SortedMap<String, OptValue>> effective = new LinkedHashMap<>();
        // Nearly every account gets one of a few effective policies: one copy of each, not one per account.
        Distinct<SortedMap<String, OptValue>> distinct = new Distinct<>();
        Part effectivePart = notRun == null ? Part.DONE : Part.notRun(notRun);
        Pace pace = new Pace(perSecond);
        session.progress().crossCheck(0, accountIds.size());
        for (String account : accountIds) {
            String subject = "DescribeEffectivePolicy " + account;
            try {
                pace.await(session, subject);
                SortedMap<String, OptValue> values = AwsCall.run(
                        session,
                        CallKind.EFFECTIVE_POLICY,
                        "DescribeEffectivePolicy",
                        subject,
                        limits -> {
                            try {
                                return client.describeEffectivePolicy(
                                        r -> r.policyType(EffectivePolicyType.AISERVICES_OPT_OUT_POLICY)
                                                .targetId(account)
                                                .overrideConfiguration(limits));
                            } catch (EffectivePolicyNotFoundException e) {
                                return null; // an answer: AWS has no effective policy of this type for the account
                            }
                        },
                        CrossCheck::values);
                effective.put(account, distinct.of(Collections.unmodifiableSortedMap(values)));
                session.progress().crossCheck(effective.size(), accountIds.size());
            } catch (AuditFailure e) {
                effectivePart = Part.of(e, !effective.isEmpty());
                break;
            }
        }
        List<String> invalid = List.of();
        Part invalidPart = Part.DONE;
        boolean[] answered = {false};
        try {
            invalid = invalidAccounts(session, answered);
        } catch (AuditFailure e) {
            invalidPart = Part.of(e, answered[0]);
        }
        return new Result(effective, accountIds.size(), effectivePart, invalid, invalidPart);
    }

    private static SortedMap<String, OptValue> values(DescribeEffectivePolicyResponse answer) {
        if (answer == null) {
            return new TreeMap<>();
        }
        return parse(AwsCall.required(
                AwsCall.required(answer.effectivePolicy(), "EffectivePolicy").policyContent(),
                "EffectivePolicy.PolicyContent"));
    }

    /** ListAccountsWithInvalidEffectivePolicy for the AI type, every page. */
    private static List<String> invalidAccounts(Session session, boolean[] answered) {
        OrganizationsClient client = session.client();
        return Pages.all(
                        session,
                        new Pages.Listing<>(
                                "ListAccountsWithInvalidEffectivePolicy",
                                "",
                                ListAccountsWithInvalidEffectivePolicyResponse::accounts,
                                ListAccountsWithInvalidEffectivePolicyResponse::nextToken,
                                Account::id,
                                "Accounts[].Id",
                                AwsIds.Kind.ACCOUNT),
                        OrganizationReader.MAX_PAGES,
                        (token, limits) -> {
                            var page = client.listAccountsWithInvalidEffectivePolicy(
                                    r -> r.policyType(EffectivePolicyType.AISERVICES_OPT_OUT_POLICY)
                                            .nextToken(token)
                                            .overrideConfiguration(limits));
                            answered[0] = true;
                            return page;
                        })
                .stream()
                .map(Account::id)
                .toList();
    }

    /** {@code {"services":{"lex":{"opt_out_policy":"optIn"}}}} to key -> value. */
    static SortedMap<String, OptValue> parse(String content) {
        SortedMap<String, OptValue> values = new TreeMap<>();
        try {
            JsonNode services = JSON.readTree(content).path("services");
            services.fields().forEachRemaining(f -> {
                Optional<OptValue> v =
                        OptValue.parse(f.getValue().path("opt_out_policy").asText());
                v.ifPresent(value -> values.put(f.getKey(), value));
            });
        } catch (Exception e) {
            throw new IllegalStateException("unreadable effective policy: " + e.getMessage(), e);
        }
        return values;
    }

    /** At most {@code perSecond} calls a second, the first at once; no wait past the deadline. */
    static final class Pace {
        private final long interval;
        private long next = Long.MIN_VALUE;

        Pace(double perSecond) {
            if (!(perSecond > 0)) {
                throw new IllegalArgumentException("a pace must be above 0 per second: " + perSecond);
            }
            this.interval = (long) (1e9 / perSecond);
        }

        void await(Session session, String subject) {
            long now = System.nanoTime();
            if (next != Long.MIN_VALUE && next - now > 0) {
                long wait = next - now;
                if (wait >= session.deadline().remaining().toNanos()) {
                    throw session.deadlinePassed(subject, false, null);
                }
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AuditFailure(subject, "interrupted while pacing the calls", null, e);
                }
                now = next;
            }
            next = now + interval;
        }
    }
}
