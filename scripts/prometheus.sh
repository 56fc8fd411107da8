#!/usr/bin/env bash
# Prometheus and promtool from Debian's `prometheus` package, for the chart's alert-rule tests (AlertRulesTest).
#
#   scripts/prometheus.sh fetch    print a directory holding `prometheus` and `promtool`, cached under
#                                  ~/.cache/weblog/prometheus/<package version>/ (downloaded on a miss)
#   scripts/prometheus.sh --help   this text
#
# The package is downloaded with `apt-get download` through the machine's own apt configuration and only the two
# binaries are extracted (dpkg-deb -x): nothing is installed, no service starts, the host is left as it was.
# Any user can run it; `apt-get update` (tried once when the download fails) needs root.
# Use: export WEBLOG_PROMETHEUS_HOME=$(scripts/prometheus.sh fetch)
set -euo pipefail

CACHE=${WEBLOG_CACHE:-$HOME/.cache/weblog}/prometheus
PACKAGE=prometheus
BINARIES="prometheus promtool"

usage() { sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

die() { echo "prometheus.sh: $*" >&2; exit 1; }

# The version apt would download (the candidate), so the cache follows the mirror's package.
candidate_version() {
  apt-cache policy "$PACKAGE" 2>/dev/null | awk '/Candidate:/ { print $2 }'
}

# Already extracted for this version, or for any version when apt knows none (offline, no package lists).
cached_dir() {
  local version=$1 dir
  if [[ -n $version && $version != "(none)" ]]; then
    dir=$CACHE/${version//:/_}
    [[ -x $dir/prometheus && -x $dir/promtool ]] && { echo "$dir"; return 0; }
    return 1
  fi
  for dir in $(ls -1d "$CACHE"/*/ 2>/dev/null | sort -rV); do
    dir=${dir%/}
    [[ -x $dir/prometheus && -x $dir/promtool ]] && { echo "$dir"; return 0; }
  done
  return 1
}

download() {
  local work=$1 log=$2
  (cd "$work" && apt-get download "$PACKAGE") >>"$log" 2>&1
}

WORK=""
trap '[[ -z $WORK ]] || rm -rf "$WORK"' EXIT

fetch() {
  local version dir work log deb pkg_version staged
  version=$(candidate_version)
  if dir=$(cached_dir "$version"); then
    echo "$dir"
    return 0
  fi
  mkdir -p "$CACHE"
  work=$(mktemp -d "$CACHE/.fetch.XXXXXX")
  WORK=$work
  log=$CACHE/fetch.log
  : >"$log"
  if ! download "$work" "$log"; then
    echo "prometheus.sh: apt-get download $PACKAGE failed; running apt-get update once and retrying" >&2
    apt-get update >>"$log" 2>&1 || die "apt-get update failed (root needed?); log: $log"
    download "$work" "$log" || die "apt-get download $PACKAGE failed twice; log: $log"
  fi
  deb=$(ls -1 "$work"/${PACKAGE}_*.deb 2>/dev/null | head -n 1)
  [[ -n $deb ]] || die "apt-get download left no ${PACKAGE}_*.deb in $work; log: $log"
  pkg_version=$(dpkg-deb -f "$deb" Version 2>>"$log") || die "dpkg-deb cannot read $deb; log: $log"
  dpkg-deb -x "$deb" "$work/root" >>"$log" 2>&1 || die "dpkg-deb -x $deb failed; log: $log"
  staged=$work/bin
  mkdir -p "$staged"
  for b in $BINARIES; do
    [[ -x $work/root/usr/bin/$b ]] || die "$deb holds no usr/bin/$b; log: $log"
    mv "$work/root/usr/bin/$b" "$staged/$b"
  done
  "$staged/promtool" --version >>"$log" 2>&1 || die "the extracted promtool does not run; log: $log"
  dir=$CACHE/${pkg_version//:/_}
  # A rename is atomic: a reader sees no directory or a complete one. Another fetch may have won the race.
  if ! mv -T "$staged" "$dir" 2>>"$log"; then
    [[ -x $dir/promtool && -x $dir/prometheus ]] || die "cannot move the binaries to $dir; log: $log"
  fi
  echo "$dir"
}

case ${1:-} in
  fetch) fetch ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
