#!/usr/bin/env bash
# Builds a JRE base image without any registry: Debian bookworm minbase + openjdk-17-jre-headless from the
# Debian mirror (debootstrap), packed as a docker-save tar that Jib reads through `tar://<path>`.
# Needs root (debootstrap). Cached: a second run returns at once unless --force is given or this script changed.
# Usage: scripts/make-debian-jre-base.sh [--force] [OUTPUT_TAR]   (default ~/.cache/weblog/debian-jre17-base.tar)
set -euo pipefail

force=false
if [[ "${1:-}" == "--force" ]]; then force=true; shift; fi
out=${1:-$HOME/.cache/weblog/debian-jre17-base.tar}
. "$(dirname "${BASH_SOURCE[0]}")/debian-mirror.sh"
mirror=${DEBIAN_MIRROR:-$(debian_mirror)} || exit 1

if [[ -s "$out" && "$out" -nt "$0" && "$force" == false ]]; then
  echo "base image (cached): $out"
  exit 0
fi
if [[ $EUID -ne 0 ]]; then
  echo "make-debian-jre-base.sh: debootstrap needs root; run it as root or with sudo (output: $out)" >&2
  exit 1
fi
for tool in apt-get dpkg-deb python3 tar; do
  command -v "$tool" >/dev/null || { echo "make-debian-jre-base.sh: '$tool' is not on PATH" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/weblog-jre-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
start=$SECONDS
# debootstrap is taken from apt as a .deb and unpacked, so the machine needs no extra package installed.
apt-get download debootstrap >/dev/null
dpkg-deb -x debootstrap_*.deb x
DEBOOTSTRAP_DIR=$PWD/x/usr/share/debootstrap ./x/usr/sbin/debootstrap \
  --variant=minbase --include=openjdk-17-jre-headless bookworm rootfs "$mirror" >debootstrap.log 2>&1 \
  || { echo "make-debian-jre-base.sh: debootstrap from $mirror failed; last lines of its log:" >&2;
       tail -20 debootstrap.log >&2; exit 1; }
rm -rf rootfs/var/cache/apt/archives/*.deb rootfs/var/lib/apt/lists/*
# The users our images run as, named as in the apache/spark and apache/hadoop images: Hadoop's login refuses a
# uid without a passwd entry ("invalid null input: name").
cat >>rootfs/etc/passwd <<'USERS'
spark:x:185:185:spark:/opt/spark:/usr/sbin/nologin
hadoop:x:1000:1000:hadoop:/opt/hadoop:/usr/sbin/nologin
USERS
printf 'spark:x:185:\nhadoop:x:1000:\n' >>rootfs/etc/group
mkdir base
(cd rootfs && tar --numeric-owner -cf ../base/layer.tar .)
python3 - "$work/base" <<'PY'
import gzip, hashlib, json, os, sys
d = sys.argv[1]
raw = open(d + '/layer.tar', 'rb').read()
diff_id = 'sha256:' + hashlib.sha256(raw).hexdigest()
with gzip.open(d + '/layer.tar.gz', 'wb', compresslevel=1) as f:
    f.write(raw)
os.remove(d + '/layer.tar')
cfg = {"architecture": "amd64", "os": "linux",
       "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                          "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64"]},
       "rootfs": {"type": "layers", "diff_ids": [diff_id]},
       "history": [{"created_by": "debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm"}]}
json.dump(cfg, open(d + '/config.json', 'w'))
json.dump([{"Config": "config.json", "RepoTags": ["local/debian-jre17:bookworm"], "Layers": ["layer.tar.gz"]}],
          open(d + '/manifest.json', 'w'))
PY
mkdir -p "$(dirname "$out")"
(cd base && tar -cf "$out.partial" manifest.json config.json layer.tar.gz)
mv "$out.partial" "$out"
echo "base image: $out ($(du -m "$out" | cut -f1) MB, built in $((SECONDS - start)) s)"
