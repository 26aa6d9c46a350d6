output "baseline_policy_id" {
  description = "The id of the baseline AI opt-out policy."
  value       = aws_organizations_policy.baseline.id
}

output "exception_policy_ids" {
  description = "The id of each exception's policy, by exception name."
  value       = { for name, p in aws_organizations_policy.exception : name => p.id }
}

output "attachment_ids" {
  description = "Every attachment's id (TARGETID:POLICYID), by baseline_<target> or <exception>_<target>."
  value = merge(
    { for t, a in aws_organizations_policy_attachment.baseline : "baseline_${t}" => a.id },
    { for k, a in aws_organizations_policy_attachment.exception : k => a.id },
  )
}

output "tamper_alerts_rule_arn" {
  description = "The tamper-alert rule's ARN, or null without alerts."
  value       = one(aws_cloudwatch_event_rule.tamper_alerts[*].arn)
}

output "tamper_alerts_topic_arn" {
  description = "The ARN of the topic the module created for alert subscriptions, or null."
  value       = one(aws_sns_topic.tamper_alerts[*].arn)
}
