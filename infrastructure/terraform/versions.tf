terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.33"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "~> 2.15"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  # State holds generated secrets (database password, Redis token, SMH_SECRET_KEY): keep it in an encrypted,
  # access-controlled backend. Configure it at init time, e.g.
  #   terraform init -backend-config="bucket=my-tf-state" -backend-config="key=smh/terraform.tfstate" \
  #                  -backend-config="region=eu-central-1" -backend-config="dynamodb_table=tf-locks"
  backend "s3" {
    encrypt = true
  }
}

# Credentials come from the environment (AWS_PROFILE, SSO, or the CI's OIDC role), never from these files.
provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}
