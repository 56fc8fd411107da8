# Prints the Debian archive this machine's apt uses (sourced or run): the first URI of a `main` source in
# /etc/apt/sources.list or sources.list.d (one-line or deb822 format), skipping security archives. The
# project never names a mirror itself, so its scripts work wherever they run.
debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f")
    [[ -n $uri ]] && { echo "${uri%/}"; return 0; }
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    uri=$(awk '/^URIs:/ && $0 !~ /security/ { print $2; exit }' "$f")
    [[ -n $uri ]] && { echo "${uri%/}"; return 0; }
  done
  echo "no Debian mirror in /etc/apt/sources.list(.d); set DEBIAN_MIRROR" >&2
  return 1
}
# An `if`, not `&&`: sourced, a false test would be the file's status and stop a caller under `set -e`.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then debian_mirror; fi
