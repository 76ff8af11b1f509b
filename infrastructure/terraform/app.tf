# The application inside the cluster: namespace, the Secret built from the managed services' credentials,
# the EFS StorageClass for the media library, ingress-nginx, and the Helm release of ../helm/social-media-hub.

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
  token                  = data.aws_eks_cluster_auth.this.token
}

provider "helm" {
  kubernetes {
    host                   = module.eks.cluster_endpoint
    cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
    token                  = data.aws_eks_cluster_auth.this.token
  }
}

locals {
  namespace         = "social-media-hub"
  postgres_password = jsondecode(data.aws_secretsmanager_secret_version.postgres_master.secret_string)["password"]
  database_url = format(
    "postgres://%s:%s@%s/%s?sslmode=require",
    aws_db_instance.postgres.username,
    urlencode(local.postgres_password),
    aws_db_instance.postgres.endpoint,
    aws_db_instance.postgres.db_name,
  )
  redis_url = format(
    "rediss://:%s@%s:%d",
    random_password.redis_auth.result,
    aws_elasticache_replication_group.redis.primary_endpoint_address,
    aws_elasticache_replication_group.redis.port,
  )
}

resource "kubernetes_namespace_v1" "smh" {
  metadata {
    name = local.namespace
    labels = {
      "pod-security.kubernetes.io/enforce" = "restricted"
    }
  }
}

resource "random_id" "smh_secret_key" {
  byte_length = 32
}

resource "kubernetes_secret_v1" "smh" {
  metadata {
    name      = "smh-secrets"
    namespace = kubernetes_namespace_v1.smh.metadata[0].name
  }

  data = {
    SMH_SECRET_KEY = random_id.smh_secret_key.hex
    DATABASE_URL   = local.database_url
    REDIS_URL      = local.redis_url
  }
}

resource "kubernetes_storage_class_v1" "efs" {
  metadata {
    name = "efs"
  }

  storage_provisioner = "efs.csi.aws.com"
  reclaim_policy      = "Retain"

  parameters = {
    provisioningMode = "efs-ap"
    fileSystemId     = aws_efs_file_system.media.id
    directoryPerms   = "750"
    uid              = "1000"
    gid              = "1000"
  }

  depends_on = [aws_efs_mount_target.media]
}

resource "helm_release" "ingress_nginx" {
  count = var.install_ingress_nginx ? 1 : 0

  name             = "ingress-nginx"
  repository       = "https://kubernetes.github.io/ingress-nginx"
  chart            = "ingress-nginx"
  version          = "4.11.3"
  namespace        = "ingress-nginx"
  create_namespace = true

  values = [yamlencode({
    controller = {
      service = {
        annotations = {
          "service.beta.kubernetes.io/aws-load-balancer-type"   = "nlb"
          "service.beta.kubernetes.io/aws-load-balancer-scheme" = "internet-facing"
        }
      }
    }
  })]
}

resource "helm_release" "smh" {
  name      = "smh"
  chart     = "${path.module}/../helm/social-media-hub"
  namespace = kubernetes_namespace_v1.smh.metadata[0].name
  timeout   = 600
  wait      = true

  values = [yamlencode({
    image            = { registry = var.image_registry, tag = var.image_tag }
    imagePullSecrets = var.image_pull_secret == "" ? [] : [{ name = var.image_pull_secret }]
    secrets          = { existingSecret = kubernetes_secret_v1.smh.metadata[0].name, create = false }
    media            = { storageClassName = kubernetes_storage_class_v1.efs.metadata[0].name, size = "500Gi" }
    config           = { SMH_OPEN_REGISTRATION = tostring(var.open_registration) }
    ingress = {
      host = var.domain
      tls  = { enabled = true, secretName = "smh-tls", clusterIssuer = var.tls_cluster_issuer }
    }
  })]

  depends_on = [helm_release.ingress_nginx, module.eks]
}
