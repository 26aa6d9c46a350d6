package dev.aioptout.layout;

import dev.aioptout.layout.Layout.AlertsSpec;
import dev.aioptout.policy.AwsIds;
import dev.aioptout.policy.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the alerts section beyond its shape: each e-mail address, https URL and topic ARN
 * is one a subscription or an EventBridge target can use, nothing is listed twice, the names the
 * stack derives fit EventBridge's limit, and the layout's region is in the partition alerts are
 * made for. Each message says which part is wrong and what is allowed.
 */
final class AlertChecks {

    /** A character an https URL may not hold after the host, as {@link AlertEndpoints#HTTPS_URL} has it. */
    private static final Pattern NOT_URL = Pattern.compile("[^" + AlertEndpoints.URL_CHARACTERS + "]");

    /** A character no e-mail address may hold, as {@link AlertEndpoints#EMAIL} has it. */
    private static final Pattern NOT_EMAIL = Pattern.compile("[^.@" + AlertEndpoints.EMAIL_LOCAL_CHARACTERS + "]");

    private final Layout layout;
    private final List<Problem> problems = new ArrayList<>();

    private AlertChecks(Layout layout) {
        this.layout = layout;
    }

    static List<Problem> check(Layout layout) {
        AlertChecks checks = new AlertChecks(layout);
        if (layout.alerts() != null) {
            checks.check(layout.alerts());
        }
        return checks.problems;
    }

    private void check(AlertsSpec alerts) {
        String partition = AwsIds.partitionOf(layout.region());
        if (!partition.equals(LayoutDefaults.ALERTS_PARTITION)) {
            problems.add(Problem.error(
                    layout.locator().key("/alerts"),
                    "alerts",
                    "alerts are made in " + LayoutDefaults.ALERTS_REGION + " of the aws partition, and provider.region "
                            + layout.region() + " is in " + partition,
                    "remove alerts: where " + partition
                            + " delivers AWS Organizations events is not known to ai-optout"));
        }
        int ruleName = layout.stackName().length() + LayoutDefaults.ALERTS_NAME_SUFFIX.length();
        if (ruleName > LayoutDefaults.MAX_RULE_NAME) {
            error(
                    "/stack/name",
                    "with alerts, the rule's name " + layout.stackName() + LayoutDefaults.ALERTS_NAME_SUFFIX
                            + " would be " + ruleName + " characters",
                    "EventBridge allows " + LayoutDefaults.MAX_RULE_NAME + ": a stack name of at most "
                            + (LayoutDefaults.MAX_RULE_NAME - LayoutDefaults.ALERTS_NAME_SUFFIX.length())
                            + " characters");
        }
        Map<String, String> first = new HashMap<>();
        for (int i = 0; i < alerts.emails().size(); i++) {
            String at = "/alerts/email/" + i;
            String email = alerts.emails().get(i);
            if (once(first, "email " + email, at)) {
                email(at, email);
            }
        }
        for (int i = 0; i < alerts.httpsUrls().size(); i++) {
            String at = "/alerts/https/" + i;
            String url = alerts.httpsUrls().get(i);
            if (once(first, "https " + url, at)) {
                https(at, url);
            }
        }
        if (alerts.snsTopicArn() != null) {
            topic("/alerts/sns_topic_arn", alerts.snsTopicArn());
        }
    }

    /** False, with an error, when the same endpoint was listed before. */
    private boolean once(Map<String, String> first, String key, String at) {
        String earlier = first.putIfAbsent(key, at);
        if (earlier == null) {
            return true;
        }
        error(
                at,
                "\"" + key.substring(key.indexOf(' ') + 1) + "\" is listed twice",
                "list each once; the first is at " + layout.at(earlier));
        return false;
    }

    private void email(String at, String email) {
        if (AlertEndpoints.isEmail(email)) {
            return;
        }
        String expected = "an e-mail address such as security@example.com: letters, digits and . _ % + - before the @"
                + " (at most " + AlertEndpoints.MAX_EMAIL_LOCAL_PART + "), a domain name after it, at most "
                + AlertEndpoints.MAX_EMAIL + " characters, ASCII only";
        int atSign = email.indexOf('@');
        String message;
        if (atSign < 0) {
            message = "\"" + email + "\" has no @";
        } else if (email.indexOf('@', atSign + 1) >= 0) {
            message = "\"" + email + "\" has more than one @";
        } else if (email.length() > AlertEndpoints.MAX_EMAIL) {
            message = "the address is " + email.length() + " characters";
        } else if (atSign > AlertEndpoints.MAX_EMAIL_LOCAL_PART) {
            message = "the part before the @ is " + atSign + " characters";
        } else if (!email.substring(atSign + 1).contains(".")) {
            message = "\"" + email + "\" has no domain name after the @ (a name with a dot, such as example.com)";
        } else {
            message = "\"" + email + "\" is not an e-mail address" + firstOutside(email, NOT_EMAIL);
        }
        error(at, message, expected);
    }

    private void https(String at, String url) {
        if (AlertEndpoints.isHttpsUrl(url)) {
            return;
        }
        String expected = "an https URL such as https://hooks.example.com/ai-optout, at most " + AlertEndpoints.MAX_URL
                + " characters: a host name, an optional port, then a path and query in the characters URLs allow"
                + " unencoded (percent-encode others)";
        String message;
        if (url.regionMatches(true, 0, "http://", 0, 7)) {
            message = "\"" + url + "\" is plain http";
            expected = "https only: SNS would send the alerts unencrypted over http; " + expected;
        } else if (!url.startsWith("https://")) {
            message = "\"" + url + "\" does not start with https://";
        } else if (AlertEndpoints.authority(url).contains("@")) {
            message = "the URL holds a user name or password (before the @ of its host part)";
            expected = "no credentials in the URL: they would be stored in the Terraform configuration and state"
                    + " and in the subscription; have the endpoint check SNS's message signature instead";
        } else if (url.length() > AlertEndpoints.MAX_URL) {
            message = "the URL is " + url.length() + " characters";
        } else {
            message = "\"" + url + "\" is not an https URL ai-optout accepts"
                    + firstOutside(url.substring("https://".length()), NOT_URL);
        }
        error(at, message, expected);
    }

    private void topic(String at, String arn) {
        String region = LayoutDefaults.ALERTS_REGION;
        String partition = LayoutDefaults.ALERTS_PARTITION;
        if (arn.matches(AwsIds.snsTopicArn(partition, region))) {
            return;
        }
        String expected = "the ARN of a standard SNS topic in " + region + ", such as arn:aws:sns:" + region
                + ":111122223333:security-alerts";
        String[] parts = arn.split(":", -1);
        String message;
        if (parts.length != 6 || !parts[0].equals("arn")) {
            message = "\"" + arn + "\" is not an ARN of six parts arn:PARTITION:sns:REGION:ACCOUNT:TOPIC";
        } else if (!AwsIds.isPartition(parts[1])) {
            message = "\"" + parts[1] + "\" is not a partition";
        } else if (!parts[2].equals("sns")) {
            message = "the ARN is of service \"" + parts[2] + "\", not an SNS topic";
        } else if (!parts[1].equals(partition)) {
            message = "the topic is in partition " + parts[1];
            expected = "a topic in " + region + " of the aws partition, where the alert rule is: " + expected;
        } else if (!parts[3].equals(region)) {
            message = "the topic is in region \"" + parts[3] + "\"";
            expected = "EventBridge publishes only to a topic in its rule's region, " + region + ": " + expected;
        } else if (!AwsIds.isAccount(parts[4])) {
            message = "the account \"" + parts[4] + "\" is not 12 digits";
        } else if (parts[5].endsWith(".fifo")) {
            message = "\"" + parts[5] + "\" is a FIFO topic";
            expected = "a standard topic: a FIFO topic needs a message group id that ai-optout's target does not set,"
                    + " and takes no e-mail or https subscriptions; " + expected;
        } else {
            message = "the topic name \"" + parts[5] + "\" is not 1 to 256 letters, digits, '-' or '_'";
        }
        error(at, message, expected);
    }

    /** ": 'c' is not allowed" for the first character outside the set, or nothing. */
    private static String firstOutside(String text, Pattern outside) {
        Matcher m = outside.matcher(text);
        return m.find() ? ": '" + m.group() + "' is not allowed" : "";
    }

    private void error(String pointer, String message, String hint) {
        problems.add(Problem.error(layout.at(pointer), Locator.field(pointer), message, hint));
    }
}
