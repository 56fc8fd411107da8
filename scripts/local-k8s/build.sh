# `local-k8s.sh build`: Kubernetes from Debian's `kubernetes` source package into $CACHE/bin (sourced).
# Reused when every binary is there; the Go build cache under $CACHE makes a rebuild take minutes, not ten.

# A deb-src twin of the machine's own apt sources, in a private apt state: /etc/apt is never touched.
fetch_source() {
  local apt=$CACHE/apt
  mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/archives/partial" "$CACHE/src"
  local f n=0
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] && sed -n 's/^deb \(.*\)/deb-src \1/p' "$f" >>"$apt/sources.list.d/src-$n.list" && n=$((n + 1))
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] && sed 's/^Types:.*/Types: deb-src/' "$f" >"$apt/sources.list.d/src-$n.sources" && n=$((n + 1))
  done
  local opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt/sources.list.d"
              -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache::Archives=$apt/archives" -q)
  log "fetching Debian's kubernetes source package (mirror from this machine's apt sources)"
  apt-get "${opts[@]}" update >"$RUN/apt-source.log" 2>&1 || die "apt-get update for deb-src failed; see $RUN/apt-source.log"
  (cd "$CACHE/src" && apt-get "${opts[@]}" source kubernetes >>"$RUN/apt-source.log" 2>&1) \
    || die "apt-get source kubernetes failed; see $RUN/apt-source.log"
}

source_tree() { ls -d "$CACHE"/src/kubernetes-*/ 2>/dev/null | head -1; }

# Go >= 1.18 (Debian's is 1.19) breaks the vendored reflect2 1.0.1: kube-apiserver segfaults on the first
# custom-object write. Debian's reflect2 1.0.2 is the fix.
patch_reflect2() {
  local v=vendor/github.com/modern-go/reflect2
  [[ -f $v/go_above_118.go ]] && return 0
  rm -f "$v"/*.go "$v"/*.s
  cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.go /usr/share/gocode/src/github.com/modern-go/reflect2/*.s "$v"/
  sed -i 's|github.com/modern-go/reflect2 v1.0.1|github.com/modern-go/reflect2 v1.0.2|g' vendor/modules.txt go.mod
  log "vendored reflect2 replaced by Debian's 1.0.2"
}

cmd_build() {
  require_root_linux
  local missing=() b
  for b in $BINARIES; do [[ -x $BIN/$b ]] || missing+=("$b"); done
  if [[ ${#missing[@]} -eq 0 && ${1:-} != --force ]]; then log "binaries (cached): $BIN"; return 0; fi
  [[ ${1:-} == --force ]] && missing=($BINARIES)
  ensure_packages $BUILD_PACKAGES
  [[ -n $(source_tree) ]] || fetch_source
  local src; src=$(source_tree)
  [[ -n $src ]] || die "no kubernetes source tree under $CACHE/src"
  cd "$src"
  patch_reflect2
  export GOFLAGS=-p=2 GOCACHE=$CACHE/gocache GOPATH=$CACHE/gopath HOME=$CACHE/home
  export KUBE_GIT_VERSION=v$K8S_VERSION KUBE_GIT_MAJOR=1 KUBE_GIT_MINOR=20 KUBE_GIT_TREE_STATE=clean
  mkdir -p "$HOME" "$GOCACHE" "$BIN"
  local total=$SECONDS start
  for b in "${missing[@]}"; do
    start=$SECONDS
    log "building $b"
    # the project's own node services are built in the tree, against its vendored client-go and miekg/dns
    [[ $b == weblog-* ]] && mkdir -p "cmd/$b" && cp "$HERE/$b/main.go" "cmd/$b/main.go"
    # `make WHAT=` runs the code generators first; a plain `go build` lacks the generated openapi.
    make WHAT="cmd/$b" >"$RUN/build-$b.log" 2>&1 || die "building $b failed; last lines of $RUN/build-$b.log:
$(tail -15 "$RUN/build-$b.log")"
    install -m 0755 "_output/bin/$b" "$BIN/$b"
    log "built $b in $((SECONDS - start)) s ($(( $(stat -c %s "$BIN/$b") / 1048576 )) MiB)"
  done
  log "build done in $((SECONDS - total)) s: $BIN"
}
