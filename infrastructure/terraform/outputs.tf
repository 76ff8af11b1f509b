output "cluster_name" {
  description = "EKS cluster name (aws eks update-kubeconfig --name <this>)."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "EKS API server endpoint."
  value       = module.eks.cluster_endpoint
}

output "postgres_endpoint" {
  description = "RDS PostgreSQL endpoint (host:port)."
  value       = aws_db_instance.postgres.endpoint
}

output "postgres_master_secret_arn" {
  description = "Secrets Manager ARN of the RDS master credentials."
  value       = aws_db_instance.postgres.master_user_secret[0].secret_arn
}

output "redis_primary_endpoint" {
  description = "ElastiCache Redis primary endpoint (TLS, AUTH token in the smh-secrets Secret)."
  value       = aws_elasticache_replication_group.redis.primary_endpoint_address
}

output "media_file_system_id" {
  description = "EFS file system holding the media library."
  value       = aws_efs_file_system.media.id
}

output "backup_bucket" {
  description = "S3 bucket for database dumps and media backups."
  value       = aws_s3_bucket.backups.bucket
}

output "helm_release_status" {
  description = "Status of the social-media-hub Helm release."
  value       = helm_release.smh.status
}

output "database_url" {
  description = "Full DATABASE_URL, for migrations or pg_dump from a bastion."
  value       = local.database_url
  sensitive   = true
}
