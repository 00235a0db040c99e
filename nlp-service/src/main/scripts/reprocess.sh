#!/usr/bin/env bash
# Re-tags history: runs nlp-service once more, next to the live one, consuming articles.raw from the beginning
# under a NEW consumer group, writing articles.tagged (same keys, so the compacted topic keeps the new tags) and
# raising NO alerts (countersight.nlp.reprocess=true). See nlp-service/README.md, "Reprocess".
#
#   nlp-service/src/main/scripts/reprocess.sh [group-id]
#
# Build first: ./mvnw -q -pl nlp-service package -DskipTests
# Stop it (Ctrl-C) once the group's lag on articles.raw is 0: /q/metrics of this instance shows
# kafka_consumer_fetch_manager_records_lag, or use kafka-consumer-groups.sh --describe --group <group-id>.
set -euo pipefail
here="$(cd "$(dirname "$0")/../../.." && pwd)"   # nlp-service/
group="${1:-nlp-reprocess-$(date -u +%Y%m%dT%H%M%SZ)}"
jar="$here/target/quarkus-app/quarkus-run.jar"
if [[ ! -f "$jar" ]]; then
  echo "missing $jar: build with ./mvnw -q -pl nlp-service package -DskipTests" >&2
  exit 1
fi
echo "reprocessing articles.raw under consumer group $group (no alerts); HTTP on port ${REPROCESS_HTTP_PORT:-8092}" >&2
export COUNTERSIGHT_NLP_REPROCESS=true
export COUNTERSIGHT_NLP_GROUP_ID="$group"
exec java ${JAVA_OPTS:--Xmx1g} -Dquarkus.http.port="${REPROCESS_HTTP_PORT:-8092}" -jar "$jar"
