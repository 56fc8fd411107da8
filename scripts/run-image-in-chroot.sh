#!/usr/bin/env bash
# Runs a docker-save image tar (e.g. Jib's target/jib-image.tar) without a container engine: unpacks its layers
# into a folder and starts the image's ENTRYPOINT (+ given args, else its CMD) in a chroot as the image's user,
# with its Env and WorkingDir. Needs root (chroot, mounts). Not isolation: it only proves the image starts.
# Usage: scripts/run-image-in-chroot.sh [--read-only] [--timeout SECONDS] [--env NAME=VALUE]... [--expect REGEX]
#                                       IMAGE_TAR ROOTFS_DIR [ARG...]
#   --read-only   the root file system is read-only with a tmpfs at /tmp, as the operator's Deployment runs it
#   --expect      the output must also match REGEX (grep -E)
#   --any-exit    any exit code is accepted (with --expect: for a program expected to stop, e.g. an operator
#                 without an API server)
# Prints the command's output; exits non-zero when a check fails, else with the command's exit code.
set -euo pipefail

# Every mount below lives in a private mount namespace: it vanishes with the process and never reaches the host.
if [[ -z "${WEBLOG_CHROOT_NS:-}" ]]; then
  [[ $EUID -eq 0 ]] || { echo "run-image-in-chroot.sh: chroot and mounts need root" >&2; exit 1; }
  WEBLOG_CHROOT_NS=1 exec unshare --mount --propagation private -- "$0" "$@"
fi

read_only=false
timeout_s=120
extra_env=()
expect=""
any_exit=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --read-only) read_only=true; shift ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --env) extra_env+=("$2"); shift 2 ;;
    --expect) expect=$2; shift 2 ;;
    --any-exit) any_exit=true; shift ;;
    *) break ;;
  esac
done
image=${1:?usage: run-image-in-chroot.sh [--read-only] [--timeout S] [--env K=V]... IMAGE_TAR ROOTFS_DIR [ARG...]}
rootfs=${2:?usage: run-image-in-chroot.sh [--read-only] [--timeout S] [--env K=V]... IMAGE_TAR ROOTFS_DIR [ARG...]}
shift 2
[[ $EUID -eq 0 ]] || { echo "run-image-in-chroot.sh: chroot needs root (image $image)" >&2; exit 1; }
[[ -s "$image" ]] || { echo "run-image-in-chroot.sh: image tar $image is missing or empty" >&2; exit 1; }

rm -rf "$rootfs" && mkdir -p "$rootfs"
rootfs=$(cd "$rootfs" && pwd)
unpacked=$(mktemp -d "${TMPDIR:-/tmp}/weblog-image.XXXXXX")
trap 'rm -rf "$unpacked"' EXIT
tar -xf "$image" -C "$unpacked"

# One line per fact of the image config, read back below; layers in order, whiteouts applied.
python3 - "$unpacked" "$rootfs" > "$unpacked/facts" <<'PY'
import json, os, shutil, sys, tarfile
src, root = sys.argv[1], sys.argv[2]
manifest = json.load(open(os.path.join(src, 'manifest.json')))[0]
config = json.load(open(os.path.join(src, manifest['Config'])))['config']
for layer in manifest['Layers']:
    with tarfile.open(os.path.join(src, layer)) as t:
        members = []
        for m in t.getmembers():
            head, name = os.path.split(m.name)
            if name.startswith('.wh.'):
                target = os.path.join(root, head, name[4:])
                if name == '.wh..wh..opq':
                    shutil.rmtree(os.path.join(root, head), ignore_errors=True)
                elif os.path.isdir(target) and not os.path.islink(target):
                    shutil.rmtree(target)
                elif os.path.lexists(target):
                    os.remove(target)
            else:
                members.append(m)
        t.extractall(root, members=members, numeric_owner=True)
print('user=' + (config.get('User') or '0'))
print('workdir=' + (config.get('WorkingDir') or '/'))
print('entrypoint=' + json.dumps(config.get('Entrypoint') or []))
print('cmd=' + json.dumps(config.get('Cmd') or []))
for e in config.get('Env') or []:
    print('env=' + e)
PY
user=$(sed -n 's/^user=//p' "$unpacked/facts")
workdir=$(sed -n 's/^workdir=//p' "$unpacked/facts")
mapfile -t entrypoint < <(sed -n 's/^entrypoint=//p' "$unpacked/facts" | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)))' | sed '/^$/d')
mapfile -t cmd < <(sed -n 's/^cmd=//p' "$unpacked/facts" | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)))' | sed '/^$/d')
mapfile -t env_vars < <(sed -n 's/^env=//p' "$unpacked/facts")
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=("${cmd[@]}")
[[ ${#entrypoint[@]} -gt 0 || ${#args[@]} -gt 0 ]] || { echo "run-image-in-chroot.sh: $image has neither ENTRYPOINT nor CMD and no command was given" >&2; exit 1; }

# Docker's rule: a user without a group runs with its /etc/passwd group, else group 0.
uid=${user%%:*}
gid=${user#*:}
if [[ "$gid" == "$user" ]]; then
  gid=$(awk -F: -v u="$uid" '$1 == u || $3 == u { print $4; exit }' "$rootfs/etc/passwd" 2>/dev/null)
  gid=${gid:-0}
fi
if ! [[ "$uid" =~ ^[0-9]+$ ]]; then
  uid=$(awk -F: -v u="$uid" '$1 == u { print $3; exit }' "$rootfs/etc/passwd" 2>/dev/null)
  [[ -n "$uid" ]] || { echo "run-image-in-chroot.sh: user '$user' of $image is not in its /etc/passwd" >&2; exit 1; }
fi

mount --bind "$rootfs" "$rootfs"
if $read_only; then
  mount -o remount,bind,ro "$rootfs"
  mount -t tmpfs -o mode=1777 tmpfs "$rootfs/tmp"
fi
mkdir -p "$rootfs/proc" "$rootfs/dev" 2>/dev/null || true
mount -t proc proc "$rootfs/proc"
mount --rbind /dev "$rootfs/dev"

echo "chroot: image=$(basename "$image") user=$uid:$gid workdir=$workdir read-only=$read_only"
echo "chroot: exec ${entrypoint[*]} ${args[*]}"
set +e
timeout --kill-after=5 "$timeout_s" chroot --userspec="$uid:$gid" "$rootfs" \
  /usr/bin/env -i -C "$workdir" "${env_vars[@]}" "${extra_env[@]}" "${entrypoint[@]}" "${args[@]}" 2>&1 \
  | tee "$unpacked/output"
status=${PIPESTATUS[0]}
set -e
echo "chroot: exit status $status"
if [[ -n "$expect" ]]; then
  if ! grep -Eq -- "$expect" "$unpacked/output"; then
    echo "run-image-in-chroot.sh: output of $image does not match '$expect' (exit status $status)" >&2
    exit 1
  fi
  echo "chroot: output matches '$expect'"
fi
if $any_exit; then exit 0; fi
exit $status
