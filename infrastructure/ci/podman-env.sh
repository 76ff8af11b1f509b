#!/usr/bin/env bash
# Sourced by the image scripts: a private podman store and configuration under $SMH_IMAGES_DIR (default: a new
# temporary directory), so nothing in /etc or /var/lib/containers is touched and one `rm -rf` cleans up.
# Facts behind the settings (runc not crun, ulimits, cgroupfs): docs/deployment.md, "Images in CI".
: "${SMH_IMAGES_DIR:=$(mktemp -d "${TMPDIR:-/tmp}/smh-images.XXXXXX")}"
export SMH_IMAGES_DIR
mkdir -p "$SMH_IMAGES_DIR"/{graph,run,tmp,networks,events}

# Containers may not raise rlimits here: cap the defaults at this shell's hard limits.
smh_nofile="$(ulimit -Hn)"
smh_nproc="$(ulimit -Hu)"
[ "$smh_nofile" = unlimited ] && smh_nofile=65536
{ [ "$smh_nproc" = unlimited ] || [ "$smh_nproc" -gt 32768 ]; } && smh_nproc=32768

cat >"$SMH_IMAGES_DIR/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=${smh_nofile}:${smh_nofile}", "nproc=${smh_nproc}:${smh_nproc}"]
log_driver = "k8s-file"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$SMH_IMAGES_DIR/events/events.log"
tmp_dir = "$SMH_IMAGES_DIR/tmp"

[network]
network_config_dir = "$SMH_IMAGES_DIR/networks"
CONF

cat >"$SMH_IMAGES_DIR/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$SMH_IMAGES_DIR/graph"
runroot = "$SMH_IMAGES_DIR/run"
CONF

export CONTAINERS_CONF="$SMH_IMAGES_DIR/containers.conf"
export CONTAINERS_STORAGE_CONF="$SMH_IMAGES_DIR/storage.conf"
export TMPDIR="$SMH_IMAGES_DIR/tmp"
unset smh_nofile smh_nproc
