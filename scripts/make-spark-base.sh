#!/usr/bin/env bash
# Makes the registry-free Spark base of the spark-apps image from the Debian JRE base: the layout and config of
# apache/spark:<version>-scala2.13-java17 (user spark = 185, whose passwd entry the JRE base has; SPARK_HOME=/opt/spark;
# /opt/spark/{jars,conf} and a work-dir 185 owns; WORKDIR; ENTRYPOINT /opt/entrypoint.sh).
# The jars (images/spark-runtime, the reactor's versions) and the entrypoint itself are added by the spark-apps
# image's Jib build, so they always match the build that uses them.
# Usage: scripts/make-spark-base.sh JRE_BASE_TAR OUTPUT_TAR
set -euo pipefail
base=${1:?usage: make-spark-base.sh JRE_BASE_TAR OUTPUT_TAR}
out=${2:?usage: make-spark-base.sh JRE_BASE_TAR OUTPUT_TAR}
[[ -s "$base" ]] || { echo "make-spark-base.sh: JRE base tar $base is missing (scripts/make-debian-jre-base.sh makes it)" >&2; exit 1; }
if [[ -s "$out" && "$out" -nt "$base" && "$out" -nt "$0" ]]; then
  echo "spark base (cached): $out"
  exit 0
fi
python3 - "$base" "$out" <<'PY'
import gzip, hashlib, io, json, sys, tarfile
base, out = sys.argv[1], sys.argv[2]
SPARK_UID = 185

with tarfile.open(base) as src:
    manifest = json.load(src.extractfile('manifest.json'))[0]
    config = json.load(src.extractfile(manifest['Config']))
    base_layers = [(name, src.extractfile(name).read()) for name in manifest['Layers']]

layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode='w') as t:
    for d in ['opt', 'opt/spark', 'opt/spark/jars', 'opt/spark/conf', 'opt/spark/work-dir', 'opt/weblog']:
        info = tarfile.TarInfo(d); info.type = tarfile.DIRTYPE; info.mode = 0o755
        if d == 'opt/spark/work-dir':
            info.uid = info.gid = SPARK_UID; info.mode = 0o775
        t.addfile(info)
raw = layer.getvalue()
config['config'].update({
    'User': str(SPARK_UID), 'WorkingDir': '/opt/spark/work-dir', 'Entrypoint': ['/opt/entrypoint.sh'],
    'Env': config['config']['Env'] + ['SPARK_HOME=/opt/spark']})
config['rootfs']['diff_ids'].append('sha256:' + hashlib.sha256(raw).hexdigest())
config['history'].append({'created_by': 'make-spark-base.sh: apache/spark layout, user and config'})
gz = gzip.compress(raw, compresslevel=1)
with tarfile.open(out + '.partial', 'w') as dst:
    def add(name, data):
        info = tarfile.TarInfo(name); info.size = len(data); dst.addfile(info, io.BytesIO(data))
    layers = []
    for name, data in base_layers:
        add(name, data); layers.append(name)
    add('spark-base.tar.gz', gz); layers.append('spark-base.tar.gz')
    add('config.json', json.dumps(config).encode())
    add('manifest.json', json.dumps([{'Config': 'config.json', 'RepoTags': ['local/spark-base:latest'],
                                      'Layers': layers}]).encode())
PY
mv "$out.partial" "$out"
echo "spark base: $out"
