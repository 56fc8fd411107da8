# The node's two images, built here without any registry (sourced by cluster.sh): the pause image from the
# shellcheck shell=bash
# Kubernetes source's pause.c and a busybox from Debian's busybox-static. Both are docker-archive tars, the
# format `ctr images import` reads, kept in $IMAGES and rebuilt only when missing.

# mkimage ROOTFS REF OUT.tar ENTRYPOINT_JSON CMD_JSON: one layer, packed by hand (tar + sha256sum), reproducible
mkimage() {
  local rootfs=$1 ref=$2 out=$3 entrypoint=$4 cmd=$5 w lsha csha
  w=$(mktemp -d)
  tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$rootfs" -cf "$w/layer.tar" .
  lsha=$(sha256sum "$w/layer.tar" | cut -d' ' -f1)
  mkdir "$w/$lsha" && mv "$w/layer.tar" "$w/$lsha/layer.tar"
  printf '%s' "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"1970-01-01T00:00:00Z\",\
\"config\":{\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"],\
\"Entrypoint\":$entrypoint,\"Cmd\":$cmd,\"WorkingDir\":\"/\"},\
\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$lsha\"]},\
\"history\":[{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"local-k8s mkimage\"}]}" >"$w/config.json"
  csha=$(sha256sum "$w/config.json" | cut -d' ' -f1)
  mv "$w/config.json" "$w/$csha.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$csha" "$ref" "$lsha" >"$w/manifest.json"
  tar -C "$w" -cf "$out.tmp" manifest.json "$csha.json" "$lsha" && mv "$out.tmp" "$out"
  rm -rf "$w"
}

build_images() {
  mkdir -p "$IMAGES"
  local root
  if [[ ! -s $IMAGES/pause.tar ]]; then
    local src; src=$(source_tree)   # from build.sh
    [[ -f $src/build/pause/linux/pause.c ]] || die "no pause.c under $src (run: scripts/local-k8s.sh build)"
    ensure_packages gcc libc6-dev
    root=$IMAGES/pause-root; rm -rf "$root"; mkdir -p "$root"
    # static: the image holds nothing but this one binary
    gcc -Os -static -DVERSION=v3.4-weblog -o "$root/pause" "$src/build/pause/linux/pause.c" || die "compiling pause.c failed"
    strip "$root/pause"
    mkimage "$root" "$PAUSE_IMAGE" "$IMAGES/pause.tar" '["/pause"]' null
    rm -rf "$root"
  fi
  if [[ ! -s $IMAGES/busybox.tar ]]; then
    root=$IMAGES/busybox-root; rm -rf "$root"; mkdir -p "$root"/{bin,etc,tmp,proc,sys,dev,root,www,data}
    cp /bin/busybox "$root/bin/busybox"
    local applet
    for applet in $(/bin/busybox --list); do [[ $applet == busybox ]] || ln -s busybox "$root/bin/$applet"; done
    # a non-root user for pods with runAsUser: 1000
    printf 'root:x:0:0:root:/root:/bin/sh\nweblog:x:1000:1000:weblog:/tmp:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nweblog:x:1000:\nnogroup:x:65534:\n' >"$root/etc/group"
    echo 'hello from weblog busybox' >"$root/www/index.html"
    chmod 1777 "$root/tmp"
    mkimage "$root" "$BUSYBOX_IMAGE" "$IMAGES/busybox.tar" null '["/bin/sh"]'
    rm -rf "$root"
  fi
}
