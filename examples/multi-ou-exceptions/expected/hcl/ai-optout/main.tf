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
  region = "us-east-1"
}

data "aws_organizations_organization" "existing" {
  lifecycle {
    postcondition {
      condition     = self.id == "o-exampleorgid"
      error_message = "ai-optout: the credentials in use belong to organization ${self.id}, but the layout adopts o-exampleorgid. Run with the management account (or a delegated administrator) of o-exampleorgid, or correct organization.id in the layout file."
    }
    postcondition {
      condition     = self.feature_set == "ALL"
      error_message = "ai-optout: organization o-exampleorgid has only consolidated billing features, and AI opt-out policies need all features (AWS answers PolicyTypeNotAvailableForOrganizationException). Enable all features (aws organizations enable-all-features; every member account must approve), then plan again."
    }
    postcondition {
      condition     = length(setsubtract(self.enabled_policy_types, ["AISERVICES_OPT_OUT_POLICY", "BACKUP_POLICY", "CHATBOT_POLICY", "DECLARATIVE_POLICY_EC2", "RESOURCE_CONTROL_POLICY", "SERVICE_CONTROL_POLICY", "TAG_POLICY"])) == 0
      error_message = "ai-optout: organization o-exampleorgid has policy types enabled that hashicorp/aws 5.23.1 (the oldest version this configuration allows) is not known to accept in enabled_policy_types, and the stack keeps every enabled type (leaving one out would disable it): ${join(", ", [for t in sort(setsubtract(self.enabled_policy_types, ["AISERVICES_OPT_OUT_POLICY", "BACKUP_POLICY", "CHATBOT_POLICY", "DECLARATIVE_POLICY_EC2", "RESOURCE_CONTROL_POLICY", "SERVICE_CONTROL_POLICY", "TAG_POLICY"])) : "${t} ${lookup({ BEDROCK_POLICY = "needs hashicorp/aws >= 6.26.0", INSPECTOR_POLICY = "needs hashicorp/aws >= 6.24.0", S3_POLICY = "needs hashicorp/aws >= 6.26.0", SECURITYHUB_POLICY = "needs hashicorp/aws >= 6.22.0", UPGRADE_ROLLOUT_POLICY = "needs hashicorp/aws >= 6.24.0" }, t, "(ai-optout knows no hashicorp/aws version that accepts it)")}"])}. Take a current snapshot (ai-optout snapshot) and run ai-optout synth --org with it: the stack then requires a version that accepts them, or, for a type ai-optout knows no version for, asks for provider.version in the layout; then run terraform init -upgrade."
    }
  }
}

resource "aws_organizations_organization" "organization" {
  aws_service_access_principals = tolist(data.aws_organizations_organization.existing.aws_service_access_principals)
  enabled_policy_types          = setunion(tolist(data.aws_organizations_organization.existing.enabled_policy_types), ["AISERVICES_OPT_OUT_POLICY"])
  feature_set                   = "ALL"
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
      lex = {
        "@@operators_allowed_for_child_policies" = ["@@assign"]
        opt_out_policy = {
          "@@assign"                               = "optOut"
          "@@operators_allowed_for_child_policies" = ["@@assign"]
        }
      }
      rekognition = {
        "@@operators_allowed_for_child_policies" = ["@@none"]
        opt_out_policy = {
          "@@assign"                               = "optOut"
          "@@operators_allowed_for_child_policies" = ["@@none"]
        }
      }
      transcribe = {
        "@@operators_allowed_for_child_policies" = ["@@assign"]
        opt_out_policy = {
          "@@assign"                               = "optOut"
          "@@operators_allowed_for_child_policies" = ["@@assign"]
        }
      }
    }
  })
  depends_on  = [aws_organizations_organization.organization]
  description = "Opt out of AI services data use"
  name        = "ai-optout-all-services"
  tags = {
    owner = "platform-security"
  }
  type = "AISERVICES_OPT_OUT_POLICY"
}

resource "aws_organizations_policy" "exception_sandbox-lex" {
  content = jsonencode({
    services = {
      lex = {
        "@@operators_allowed_for_child_policies" = ["@@none"]
        opt_out_policy = {
          "@@assign"                               = "optIn"
          "@@operators_allowed_for_child_policies" = ["@@none"]
        }
      }
    }
  })
  depends_on  = [aws_organizations_organization.organization]
  description = "Exception sandbox-lex: Chatbot team evaluation, ticket SEC-123 (expires 2099-06-30)"
  name        = "ai-optout-all-services-exception-sandbox-lex"
  tags = {
    "ai-optout:exception" = "sandbox-lex"
    "ai-optout:expires"   = "2099-06-30"
    owner                 = "platform-security"
  }
  type = "AISERVICES_OPT_OUT_POLICY"
}

resource "aws_organizations_policy" "exception_transcribe-research" {
  content = jsonencode({
    services = {
      transcribe = {
        "@@operators_allowed_for_child_policies" = ["@@none"]
        opt_out_policy = {
          "@@assign"                               = "optIn"
          "@@operators_allowed_for_child_policies" = ["@@none"]
        }
      }
    }
  })
  depends_on  = [aws_organizations_organization.organization]
  description = "Exception transcribe-research: Speech research account, approved by the data protection officer (DPO-42)"
  name        = "ai-optout-all-services-exception-transcribe-research"
  tags = {
    "ai-optout:exception" = "transcribe-research"
    owner                 = "platform-security"
  }
  type = "AISERVICES_OPT_OUT_POLICY"
}

resource "aws_organizations_policy_attachment" "baseline_root" {
  policy_id = aws_organizations_policy.baseline.id
  target_id = aws_organizations_organization.organization.roots[0].id
}

resource "aws_organizations_policy_attachment" "exception_sandbox-lex_111122223333" {
  depends_on = [aws_organizations_policy_attachment.baseline_root, aws_organizations_organization.organization]
  policy_id  = aws_organizations_policy.exception_sandbox-lex.id
  target_id  = "111122223333"
}

resource "aws_organizations_policy_attachment" "exception_sandbox-lex_ou-ab12-34567890" {
  depends_on = [aws_organizations_policy_attachment.baseline_root, aws_organizations_organization.organization]
  policy_id  = aws_organizations_policy.exception_sandbox-lex.id
  target_id  = "ou-ab12-34567890"
}

resource "aws_organizations_policy_attachment" "exception_transcribe-research_444455556666" {
  depends_on = [aws_organizations_policy_attachment.baseline_root, aws_organizations_organization.organization]
  policy_id  = aws_organizations_policy.exception_transcribe-research.id
  target_id  = "444455556666"
}

import {
  id = "o-exampleorgid"
  to = aws_organizations_organization.organization
}

output "organization_id" {
  description = "The organization's id"
  value       = aws_organizations_organization.organization.id
}

output "root_id" {
  description = "The root the AI opt-out policy type is enabled on"
  value       = aws_organizations_organization.organization.roots[0].id
}
