#!/usr/bin/env bash
# Unpacks the engines the tests prove the manifests on, at the versions the manifests deploy, into
# .toolchain/ (git-ignored). Nothing is installed system-wide.
#
#   TOOLCHAIN_PACKAGES=/path/to/packages scripts/toolchain.sh
#
# The folder must hold (the upstream release archives of these versions work as well, see below):
#   debian/promtool_3.5.3+ds1-6_amd64.deb                  promtool 3.5.3
#   debian/prometheus_3.5.3+ds1-6_amd64.deb                prometheus 3.5.3
#   debian/prometheus-alertmanager_0.33.1-5_amd64.deb      alertmanager and amtool 0.33.1
#   loki-3.7.6-linux-amd64.xz                              loki 3.7.6
#   kube-apiserver-1.28.7-linux-amd64.xz                   kube-apiserver v1.28.7
# etcd (3.4 or later) comes from the PATH, from $ETCD, or from Debian's etcd-server package,
# which this script downloads with `apt-get download` and unpacks without installing.
#
# Result:
#   .toolchain/bin/{promtool,prometheus,amtool,alertmanager,loki}
#   .toolchain/{libexec,share}/    (Debian's alertmanager and the templates it reads, see below)
#   .toolchain/kubebuilder/{kube-apiserver,etcd}    (the KUBEBUILDER_ASSETS convention)
set -euo pipefail
cd "$(dirname "$0")/.."

# The one list of pinned engine versions; test/support/toolchain.ts checks each binary reports these.
PROMETHEUS_VERSION=3.5.3
ALERTMANAGER_VERSION=0.33.1
LOKI_VERSION=3.7.6
KUBE_APISERVER_VERSION=1.28.7

out=.toolchain
src=${TOOLCHAIN_PACKAGES:-}

usage() {
  cat >&2 <<EOF
scripts/toolchain.sh: $1

Set TOOLCHAIN_PACKAGES to a folder holding the pinned engines, then run this script again:
  debian/promtool_${PROMETHEUS_VERSION}+ds1-6_amd64.deb
  debian/prometheus_${PROMETHEUS_VERSION}+ds1-6_amd64.deb
  debian/prometheus-alertmanager_${ALERTMANAGER_VERSION}-5_amd64.deb
  loki-${LOKI_VERSION}-linux-amd64.xz
  kube-apiserver-${KUBE_APISERVER_VERSION}-linux-amd64.xz
or, instead of the .deb and .xz files, the upstream release archives of the same versions:
  prometheus-${PROMETHEUS_VERSION}.linux-amd64.tar.gz      (prometheus, promtool)
  alertmanager-${ALERTMANAGER_VERSION}.linux-amd64.tar.gz  (alertmanager, amtool)
  loki-linux-amd64.zip                                     (Loki ${LOKI_VERSION})
  kube-apiserver                                           (the v${KUBE_APISERVER_VERSION} server binary)
Example: TOOLCHAIN_PACKAGES=../shared/toolchain npm run toolchain
EOF
  exit 2
}

[ -n "$src" ] || usage "TOOLCHAIN_PACKAGES is not set."
[ -d "$src" ] || usage "TOOLCHAIN_PACKAGES=$src is not a folder."
src=$(cd "$src" && pwd)

if [ -f "$src/SHA256SUMS" ]; then
  (cd "$src" && sha256sum --quiet -c SHA256SUMS) || usage "a file in $src does not match its SHA256SUMS."
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/kubebuilder"

# unpack_one NAME: puts NAME into $tmp/bin (or kubebuilder) from whichever package form is present.
deb() { [ -f "$src/debian/$1" ] && { dpkg -x "$src/debian/$1" "$tmp/deb"; return 0; }; return 1; }
tarball() { [ -f "$src/$1" ] && { mkdir -p "$tmp/tar" && tar -xzf "$src/$1" -C "$tmp/tar" --strip-components=1; return 0; }; return 1; }

if deb "promtool_${PROMETHEUS_VERSION}+ds1-6_amd64.deb" && deb "prometheus_${PROMETHEUS_VERSION}+ds1-6_amd64.deb"; then
  cp "$tmp/deb/usr/bin/promtool" "$tmp/deb/usr/bin/prometheus" "$tmp/bin/"
elif tarball "prometheus-${PROMETHEUS_VERSION}.linux-amd64.tar.gz"; then
  cp "$tmp/tar/promtool" "$tmp/tar/prometheus" "$tmp/bin/"; rm -rf "$tmp/tar"
else
  usage "no Prometheus ${PROMETHEUS_VERSION} package in $src."
fi

if deb "prometheus-alertmanager_${ALERTMANAGER_VERSION}-5_amd64.deb"; then
  cp "$tmp/deb/usr/bin/amtool" "$tmp/bin/"
  # Debian's build reads its default notification templates from /usr/share/prometheus/alertmanager
  # instead of embedding them. The wrapper shows the server the unpacked copy at that path, in a
  # private mount namespace (an overlay on /usr/share seen by that process only), so nothing is
  # installed system-wide. It execs, so the server keeps the wrapper's pid and signals.
  mkdir -p "$tmp/libexec" "$tmp/share/prometheus/alertmanager"
  cp "$tmp/deb/usr/bin/prometheus-alertmanager" "$tmp/libexec/alertmanager"
  cp "$tmp"/deb/usr/share/prometheus/alertmanager/*.tmpl "$tmp/share/prometheus/alertmanager/"
  cat > "$tmp/bin/alertmanager" <<'WRAPPER'
#!/bin/sh
top=$(cd "$(dirname "$0")/.." && pwd)
[ -f /usr/share/prometheus/alertmanager/default.tmpl ] && exec "$top/libexec/alertmanager" "$@"
if [ "$(id -u)" = 0 ]; then ns=-m; else ns=-rm; fi
exec unshare $ns --propagation private sh -c \
  'mount -t overlay overlay -o "lowerdir=$0/share:/usr/share" /usr/share && exec "$0/libexec/alertmanager" "$@"' "$top" "$@"
WRAPPER
elif tarball "alertmanager-${ALERTMANAGER_VERSION}.linux-amd64.tar.gz"; then
  cp "$tmp/tar/amtool" "$tmp/tar/alertmanager" "$tmp/bin/"; rm -rf "$tmp/tar"
else
  usage "no Alertmanager ${ALERTMANAGER_VERSION} package in $src."
fi

if [ -f "$src/loki-${LOKI_VERSION}-linux-amd64.xz" ]; then
  xz -dc "$src/loki-${LOKI_VERSION}-linux-amd64.xz" > "$tmp/bin/loki"
elif [ -f "$src/loki-linux-amd64.zip" ]; then
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("loki-linux-amd64", sys.argv[2])' "$src/loki-linux-amd64.zip" "$tmp"
  mv "$tmp/loki-linux-amd64" "$tmp/bin/loki"
else
  usage "no Loki ${LOKI_VERSION} package in $src."
fi

if [ -f "$src/kube-apiserver-${KUBE_APISERVER_VERSION}-linux-amd64.xz" ]; then
  xz -dc "$src/kube-apiserver-${KUBE_APISERVER_VERSION}-linux-amd64.xz" > "$tmp/kubebuilder/kube-apiserver"
elif [ -f "$src/kube-apiserver" ]; then
  cp "$src/kube-apiserver" "$tmp/kubebuilder/"
else
  usage "no kube-apiserver ${KUBE_APISERVER_VERSION} in $src."
fi

etcd_bin=${ETCD:-$(command -v etcd || true)}
if [ -z "$etcd_bin" ]; then
  mkdir -p "$tmp/etcd-deb"
  if ! (cd "$tmp/etcd-deb" && apt-get download etcd-server >/dev/null 2>&1); then
    echo "scripts/toolchain.sh: no etcd on the PATH and \`apt-get download etcd-server\` failed:" >&2
    echo "  run \`apt-get update\` first, or set ETCD to an etcd 3.4+ binary." >&2
    exit 2
  fi
  dpkg -x "$tmp"/etcd-deb/etcd-server_*.deb "$tmp/etcd-deb/x"
  etcd_bin="$tmp/etcd-deb/x/usr/bin/etcd"
fi
cp "$etcd_bin" "$tmp/kubebuilder/etcd"

chmod +x "$tmp"/bin/* "$tmp"/kubebuilder/*

# Each binary must report the pinned version, so a wrong archive fails here and not in a test.
check() {
  local got
  got=$("$@" 2>&1 | head -n 1) || true
  case "$got" in *"${VERSION}"*) printf '  %-16s %s\n' "$(basename "$1")" "$got" ;; *) echo "scripts/toolchain.sh: $1 reports '$got', expected ${VERSION}." >&2; exit 2 ;; esac
}
echo "scripts/toolchain.sh: unpacked into $out/"
VERSION=$PROMETHEUS_VERSION check "$tmp/bin/promtool" --version
VERSION=$PROMETHEUS_VERSION check "$tmp/bin/prometheus" --version
VERSION=$ALERTMANAGER_VERSION check "$tmp/bin/amtool" --version
VERSION=$ALERTMANAGER_VERSION check "$tmp/bin/alertmanager" --version
VERSION=$LOKI_VERSION check "$tmp/bin/loki" -version
VERSION=v$KUBE_APISERVER_VERSION check "$tmp/kubebuilder/kube-apiserver" --version
VERSION=etcd check "$tmp/kubebuilder/etcd" --version

rm -rf "$out.new"
mkdir -p "$out.new"
mv "$tmp/bin" "$tmp/kubebuilder" "$out.new/"
[ -d "$tmp/libexec" ] && mv "$tmp/libexec" "$tmp/share" "$out.new/"
rm -rf "$out"
mv "$out.new" "$out"
