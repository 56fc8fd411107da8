#!/usr/bin/env bash
# bench.sh: the benchmarks (each stage beside its baselines, a table and JSON). Builds what is missing on first
# run, like ./weblog, then starts directly from the built classes. Not for CI: it measures this machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CLASSPATH_FILE="$ROOT/bench/target/bench.classpath"
FLAGS_FILE="$ROOT/bench/target/classes/bench-jvm.flags"

stale() {
  [ ! -f "$CLASSPATH_FILE" ] || [ ! -f "$FLAGS_FILE" ] && return 0
  # Rebuild when any main source or pom changed since the last build.
  [ -n "$(find "$ROOT" -newer "$CLASSPATH_FILE" \( -path '*/src/main/*' -o -name pom.xml \) \
        -not -path '*/target/*' -print -quit)" ]
}

if stale; then
  command -v mvn >/dev/null || { echo "bench.sh: Maven (mvn) is needed to build; install Maven 3.8+ and a JDK 17" >&2; exit 2; }
  echo "bench.sh: building the bench module (first run or sources changed)..." >&2
  mvn -B -q -f "$ROOT/pom.xml" -pl bench -am package -DskipTests \
      dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime >&2
  # build-classpath leaves an unchanged file (and its time) alone; without this every later run would rebuild.
  touch "$CLASSPATH_FILE"
fi

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" ${BENCH_JAVA_OPTS:--Xmx4g} $(cat "$FLAGS_FILE") \
  -cp "$ROOT/bench/target/classes:$(cat "$CLASSPATH_FILE")" dev.weblog.bench.BenchCommand "$@"
