variable "region" {
  description = "AWS region for every resource, e.g. eu-central-1."
  type        = string
}

variable "name" {
  description = "Name prefix for the cluster and the managed services."
  type        = string
  default     = "social-media-hub"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "environment" {
  description = "Environment label (production, staging…), added to every resource's tags."
  type        = string
  default     = "production"
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
  default     = "10.40.0.0/16"
}

variable "availability_zone_count" {
  description = "How many availability zones to spread subnets, nodes and the database over (2 or 3)."
  type        = number
  default     = 3

  validation {
    condition     = var.availability_zone_count >= 2 && var.availability_zone_count <= 3
    error_message = "availability_zone_count must be 2 or 3."
  }
}

variable "kubernetes_version" {
  description = "EKS control-plane version."
  type        = string
  default     = "1.31"
}

variable "node_instance_types" {
  description = "EC2 instance types of the managed node group (video transcoding is CPU-bound: prefer compute-optimised)."
  type        = list(string)
  default     = ["c6i.xlarge"]
}

variable "node_min_size" {
  description = "Minimum number of worker nodes."
  type        = number
  default     = 2
}

variable "node_max_size" {
  description = "Maximum number of worker nodes (the HPAs of download-service and video-service scale into this)."
  type        = number
  default     = 6
}

variable "node_desired_size" {
  description = "Initial number of worker nodes."
  type        = number
  default     = 3
}

variable "db_instance_class" {
  description = "RDS instance class for PostgreSQL."
  type        = string
  default     = "db.t4g.medium"
}

variable "db_allocated_storage_gb" {
  description = "Initial RDS storage in GiB (autoscaling up to 5x)."
  type        = number
  default     = 50
}

variable "db_backup_retention_days" {
  description = "Days of automated RDS backups (point-in-time recovery window)."
  type        = number
  default     = 14
}

variable "redis_node_type" {
  description = "ElastiCache node type for Redis (the job queue)."
  type        = string
  default     = "cache.t4g.small"
}

variable "domain" {
  description = "Public host name of the web UI and API, e.g. media.example.org (DNS is managed outside this module)."
  type        = string
}

variable "tls_cluster_issuer" {
  description = "cert-manager ClusterIssuer that issues the ingress certificate (cert-manager must be installed)."
  type        = string
  default     = "letsencrypt"
}

variable "image_registry" {
  description = "Registry path of the service images, e.g. ghcr.io/<owner>/social-media-hub."
  type        = string
}

variable "image_tag" {
  description = "Image tag to deploy (a release tag such as v1.2.3)."
  type        = string
}

variable "image_pull_secret" {
  description = "Name of an existing docker-registry Secret in the namespace for private images; empty for public images."
  type        = string
  default     = ""
}

variable "open_registration" {
  description = "Allow self-registration after the first (admin) user (SMH_OPEN_REGISTRATION)."
  type        = bool
  default     = false
}

variable "install_ingress_nginx" {
  description = "Install the ingress-nginx controller (with an AWS NLB) into the cluster."
  type        = bool
  default     = true
}
