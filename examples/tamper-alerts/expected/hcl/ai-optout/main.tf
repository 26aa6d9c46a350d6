terraform {
  backend "local" {
    path = "terraform.ai-optout.tfstate"
  }
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.23.1, < 7.0.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

data "aws_caller_identity" "tamper_alerts" {
  provider = aws.us_east_1
}

resource "aws_cloudwatch_event_rule" "tamper_alerts" {
  description = "ai-optout: AWS Organizations calls that can weaken the AI services opt-out policy"
  event_pattern = jsonencode({
    detail = {
      "$or" = [
        {
          eventName = ["AttachPolicy", "DeletePolicy", "DetachPolicy"]
        },
        {
          eventName = ["CreatePolicy"]
          requestParameters = {
            type = [
              "AISERVICES_OPT_OUT_POLICY",
              {
                exists = false
              },
            ]
          }
        },
        {
          eventName = ["DisablePolicyType", "EnablePolicyType"]
          requestParameters = {
            policyType = [
              "AISERVICES_OPT_OUT_POLICY",
              {
                exists = false
              },
            ]
          }
        },
        {
          eventName = ["UpdatePolicy"]
          responseElements = {
            policy = {
              policySummary = {
                type = [
                  "AISERVICES_OPT_OUT_POLICY",
                  {
                    exists = false
                  },
                ]
              }
            }
          }
        },
      ]
      eventSource = ["organizations.amazonaws.com"]
    }
    detail-type = ["AWS API Call via CloudTrail"]
    source      = ["aws.organizations"]
  })
  name     = "ai-optout-tamper-alerts"
  provider = aws.us_east_1
}

resource "aws_cloudwatch_event_target" "tamper_alerts_created_topic" {
  arn       = aws_sns_topic.tamper_alerts.arn
  provider  = aws.us_east_1
  rule      = aws_cloudwatch_event_rule.tamper_alerts.name
  target_id = "created-topic"
}

resource "aws_cloudwatch_event_target" "tamper_alerts_given_topic" {
  arn       = "arn:aws:sns:us-east-1:111122223333:security-alerts"
  provider  = aws.us_east_1
  rule      = aws_cloudwatch_event_rule.tamper_alerts.name
  target_id = "given-topic"
  lifecycle {
    precondition {
      condition     = data.aws_caller_identity.tamper_alerts.account_id == "111122223333"
      error_message = "ai-optout: the alert topic arn:aws:sns:us-east-1:111122223333:security-alerts is in account 111122223333, and this configuration is applied in account ${data.aws_caller_identity.tamper_alerts.account_id}. EventBridge publishes to a topic of another account only with an execution role, which ai-optout does not create: give a topic of this account (alerts.sns_topic_arn), and forward from it if the alerts must reach another."
    }
  }
}

resource "aws_organizations_organization" "organization" {
  enabled_policy_types = ["AISERVICES_OPT_OUT_POLICY"]
  feature_set          = "ALL"
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_organizations_policy" "baseline" {
  content = jsonencode({
    services = {
      "@@operators_allowed_for_child_policies" = ["@@none"]
      default = {
        "@@operators_allowed_for_child_policies" = ["@@none"]
        opt_out_policy = {
          "@@assign"                               = "optOut"
          "@@operators_allowed_for_child_policies" = ["@@none"]
        }
      }
    }
  })
  depends_on  = [aws_organizations_organization.organization]
  description = "Opt out of AI services data use"
  name        = "ai-optout-all-services"
  type        = "AISERVICES_OPT_OUT_POLICY"
}

resource "aws_organizations_policy_attachment" "baseline_root" {
  policy_id = aws_organizations_policy.baseline.id
  target_id = aws_organizations_organization.organization.roots[0].id
}

resource "aws_sns_topic" "tamper_alerts" {
  name     = "ai-optout-tamper-alerts"
  provider = aws.us_east_1
}

resource "aws_sns_topic_policy" "tamper_alerts" {
  arn = aws_sns_topic.tamper_alerts.arn
  policy = jsonencode({
    Statement = [
      {
        Action = "sns:Publish"
        Condition = {
          ArnEquals = {
            "aws:SourceArn" = aws_cloudwatch_event_rule.tamper_alerts.arn
          }
        }
        Effect = "Allow"
        Principal = {
          Service = "events.amazonaws.com"
        }
        Resource = aws_sns_topic.tamper_alerts.arn
        Sid      = "AllowTamperAlertRule"
      },
    ]
    Version = "2012-10-17"
  })
  provider = aws.us_east_1
}

resource "aws_sns_topic_subscription" "tamper_alerts_email" {
  endpoint = each.value
  for_each = {
    "cloud-platform@example.com" = "cloud-platform@example.com"
    "security@example.com"       = "security@example.com"
  }
  protocol  = "email"
  provider  = aws.us_east_1
  topic_arn = aws_sns_topic.tamper_alerts.arn
}

resource "aws_sns_topic_subscription" "tamper_alerts_https" {
  endpoint = each.value
  for_each = {
    "https://hooks.example.com/ai-optout?source=aws" = "https://hooks.example.com/ai-optout?source=aws"
  }
  protocol  = "https"
  provider  = aws.us_east_1
  topic_arn = aws_sns_topic.tamper_alerts.arn
}

output "organization_id" {
  description = "The organization's id"
  value       = aws_organizations_organization.organization.id
}

output "root_id" {
  description = "The root the AI opt-out policy type is enabled on"
  value       = aws_organizations_organization.organization.roots[0].id
}

output "tamper_alerts_rule_arn" {
  description = "The EventBridge rule that reports changes that can weaken the opt-out"
  value       = aws_cloudwatch_event_rule.tamper_alerts.arn
}

output "tamper_alerts_topic_arn" {
  description = "The SNS topic the alerts are published to"
  value       = aws_sns_topic.tamper_alerts.arn
}
