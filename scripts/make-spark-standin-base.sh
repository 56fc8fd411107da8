#!/usr/bin/env bash
# Makes a registry-free stand-in for apache/spark:<version>-scala2.13-java17-ubuntu, for image-smoke only:
# the Debian JRE base plus the official image's config (user 185, SPARK_HOME, WORKDIR /opt/spark/work-dir,
# ENTRYPOINT /opt/entrypoint.sh) and a stub entrypoint that passes other commands through like the real one.
# It has no Spark distribution in /opt/spark/jars: only the image layout and the Jib settings are checked.
# Usage: scripts/make-spark-standin-base.sh JRE_BASE_TAR OUTPUT_TAR
set -euo pipefail
base=${1:?usage: make-spark-standin-base.sh JRE_BASE_TAR OUTPUT_TAR}
out=${2:?usage: make-spark-standin-base.sh JRE_BASE_TAR OUTPUT_TAR}
[[ -s "$base" ]] || { echo "make-spark-standin-base.sh: JRE base tar $base is missing (scripts/make-debian-jre-base.sh makes it)" >&2; exit 1; }
if [[ -s "$out" && "$out" -nt "$base" && "$out" -nt "$0" ]]; then
  echo "spark stand-in base (cached): $out"
  exit 0
fi
python3 - "$base" "$out" <<'PY'
import gzip, hashlib, io, json, sys, tarfile
base, out = sys.argv[1], sys.argv[2]
entrypoint = b"""#!/bin/bash
# Stand-in for apache/spark's /opt/entrypoint.sh: driver/executor need a Spark distribution, anything else runs.
case "$1" in
  driver|executor) echo "spark stand-in: '$1' needs the real apache/spark base image" >&2; exit 64 ;;
  *) exec "$@" ;;
esac
"""
layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode='w') as t:
    for d in ['opt', 'opt/spark', 'opt/spark/jars', 'opt/spark/work-dir']:
        info = tarfile.TarInfo(d); info.type = tarfile.DIRTYPE; info.mode = 0o775
        if d == 'opt/spark/work-dir': info.uid = info.gid = 185
        t.addfile(info)
    info = tarfile.TarInfo('opt/entrypoint.sh'); info.size = len(entrypoint); info.mode = 0o755
    t.addfile(info, io.BytesIO(entrypoint))
raw = layer.getvalue()
with tarfile.open(base) as src:
    manifest = json.load(src.extractfile('manifest.json'))[0]
    config = json.load(src.extractfile(manifest['Config']))
    base_layers = [(name, src.extractfile(name).read()) for name in manifest['Layers']]
config['config'].update({
    'User': '185', 'WorkingDir': '/opt/spark/work-dir', 'Entrypoint': ['/opt/entrypoint.sh'],
    'Env': config['config']['Env'] + ['SPARK_HOME=/opt/spark']})
config['rootfs']['diff_ids'].append('sha256:' + hashlib.sha256(raw).hexdigest())
config['history'].append({'created_by': 'make-spark-standin-base.sh: apache/spark layout and config'})
gz = gzip.compress(raw, compresslevel=1)
with tarfile.open(out + '.partial', 'w') as dst:
    def add(name, data):
        info = tarfile.TarInfo(name); info.size = len(data); dst.addfile(info, io.BytesIO(data))
    layers = []
    for name, data in base_layers:
        add(name, data); layers.append(name)
    add('spark-standin.tar.gz', gz); layers.append('spark-standin.tar.gz')
    add('config.json', json.dumps(config).encode())
    add('manifest.json', json.dumps([{'Config': 'config.json', 'RepoTags': ['local/spark-standin:latest'],
                                      'Layers': layers}]).encode())
PY
mv "$out.partial" "$out"
echo "spark stand-in base: $out"
