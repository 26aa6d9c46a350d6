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

output "organization_id" {
  description = "The organization's id"
  value       = aws_organizations_organization.organization.id
}

output "root_id" {
  description = "The root the AI opt-out policy type is enabled on"
  value       = aws_organizations_organization.organization.roots[0].id
}
