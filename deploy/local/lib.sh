# shellcheck shell=bash
# Shared functions of deploy/local/up, deploy/local/down and deploy/local/kafka-cli.
# Sourced, not run. Expects `set -euo pipefail` in the caller.
#
# Layout (all under $COUNTERSIGHT_DATA, default <repo>/.data, git-ignored):
#   kafka/cluster.id        the cluster id, generated once
#   kafka/data/             the broker's log dirs (topics), formatted once
#   kafka-cluster/          --cluster: cluster.id and kafka-N/data of the three nodes
#   api/ ingest/ nlp/ ...   the services' own folders (they create them); api-2/index in --cluster
#   api-key                 the generated API key, when COUNTERSIGHT_API_KEYS is unset (mode 600)
#   run/                    run state: *.pid, kafka.properties, kafka.classpath, auth-header (mode 600)
#   run/logs/               kafka.log (log4j), kafka.out, <service>.log

CS_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CS_REPO="$(cd "$CS_LOCAL_DIR/../.." && pwd)"
CS_KAFKA_POM="$CS_LOCAL_DIR/kafka/pom.xml"
CS_KAFKA_LOG4J="$CS_LOCAL_DIR/kafka/log4j2.xml"

CS_DATA="${COUNTERSIGHT_DATA:-$CS_REPO/.data}"
# private: it holds the API key, the index and the logs (0700, also when it was made before with looser modes)
(umask 077 && mkdir -p "$CS_DATA")
chmod 700 "$CS_DATA"
CS_DATA="$(cd "$CS_DATA" && pwd)" # absolute: the services run from another directory
CS_RUN="$CS_DATA/run"
CS_LOGS="$CS_RUN/logs"

CS_HOST=127.0.0.1
CS_KAFKA_PORT=9092
CS_CONTROLLER_PORT=9093

# Kafka node name -> client port, controller port, node id. Single node: "kafka"; --cluster: kafka-1..3.
declare -A CS_KPORT=([kafka]=9092 [kafka-1]=9092 [kafka-2]=9094 [kafka-3]=9096)
declare -A CS_CPORT=([kafka]=9093 [kafka-1]=9093 [kafka-2]=9095 [kafka-3]=9097)
declare -A CS_NODE_ID=([kafka]=1 [kafka-1]=1 [kafka-2]=2 [kafka-3]=3)

# service instance -> module folder, port, heap. Start order: api first (it serves the demo feed and
# the source registry), then ingest, then nlp (slowest to load: CoreNLP models). --cluster adds a
# second instance of each (<name>-2) on its own port; api-2 keeps its own index.
declare -A CS_MODULE=([api]=api-service [ingest]=ingest-service [nlp]=nlp-service
  [api-2]=api-service [ingest-2]=ingest-service [nlp-2]=nlp-service)
declare -A CS_PORT=([api]=8080 [ingest]=8081 [nlp]=8082 [api-2]=8083 [ingest-2]=8084 [nlp-2]=8085)
declare -A CS_HEAP=([api]=512m [ingest]=384m [nlp]=1g [api-2]=512m [ingest-2]=384m [nlp-2]=1g)
# every name up may have started, in either mode: down stops and checks all of them
CS_ALL_SERVICES=(api api-2 ingest ingest-2 nlp nlp-2)
CS_ALL_KAFKA=(kafka kafka-1 kafka-2 kafka-3)
CS_ALL_PORTS=(8080 8081 8082 8083 8084 8085 9092 9093 9094 9095 9096 9097)

# cs_set_mode single|cluster: the processes, ports and replication of this run
cs_set_mode() {
  CS_MODE="$1"
  if [[ "$CS_MODE" == cluster ]]; then
    CS_KAFKA_NODES=(kafka-1 kafka-2 kafka-3)
    CS_SERVICES=(api api-2 ingest ingest-2 nlp nlp-2)
    CS_PORTS=("${CS_ALL_PORTS[@]}")
    CS_BOOTSTRAP="$CS_HOST:9092,$CS_HOST:9094,$CS_HOST:9096"
    CS_REPLICATION=3
    CS_MIN_ISR=2
  else
    CS_KAFKA_NODES=(kafka)
    CS_SERVICES=(api ingest nlp)
    CS_PORTS=(8080 8081 8082 "$CS_KAFKA_PORT" "$CS_CONTROLLER_PORT")
    CS_BOOTSTRAP="$CS_HOST:$CS_KAFKA_PORT"
    CS_REPLICATION=1
    CS_MIN_ISR=1
  fi
}
cs_set_mode single

CS_STOP_TIMEOUT="${COUNTERSIGHT_STOP_TIMEOUT:-20}"
CS_KAFKA_START_TIMEOUT="${COUNTERSIGHT_KAFKA_START_TIMEOUT:-60}"

cs_log() { printf '[countersight] %s\n' "$*"; }
cs_warn() { printf '[countersight] WARNING: %s\n' "$*" >&2; }
cs_die() {
  printf '[countersight] ERROR: %s\n' "$*" >&2
  exit 1
}

cs_require_java17() {
  command -v java >/dev/null 2>&1 || cs_die "java not found on PATH (Java 17 or newer is needed)"
  local v
  v="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
  [[ "${v%%.*}" =~ ^[0-9]+$ ]] || cs_die "cannot tell the Java version of $(command -v java)"
  ((${v%%.*} >= 17)) || cs_die "Java $v on PATH; Java 17 or newer is needed"
  command -v curl >/dev/null 2>&1 || cs_die "curl not found on PATH"
}

# ---------------------------------------------------------------------------------------------
# PID files. Each process started by `up` gets -Dcslocal.run=<name> on its command line, so
# `down` kills a PID only if it still is the process that was started (PIDs get reused).

cs_pidfile() { printf '%s/%s.pid\n' "$CS_RUN" "$1"; }

# prints the PID of <name> if its PID file names a live process of ours, else nothing
cs_pid_of() {
  local f pid
  f="$(cs_pidfile "$1")"
  [[ -f "$f" ]] || return 0
  pid="$(tr -dc '0-9' <"$f")"
  [[ -n "$pid" ]] || return 0
  if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "-Dcslocal.run=$1 "; then
    printf '%s\n' "$pid"
  fi
}

cs_alive() { [[ -n "$(cs_pid_of "$1")" ]]; }

# stop_process <name>...: TERM all, wait up to CS_STOP_TIMEOUT s, then KILL; removes PID files
cs_stop_processes() {
  local name pid waited
  local -A pids=()
  for name in "$@"; do
    pid="$(cs_pid_of "$name")"
    if [[ -n "$pid" ]]; then
      cs_log "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      pids[$name]=$pid
    fi
  done
  waited=0
  while ((${#pids[@]} > 0)); do
    for name in "${!pids[@]}"; do
      if ! kill -0 "${pids[$name]}" 2>/dev/null; then
        unset "pids[$name]"
      fi
    done
    ((${#pids[@]} > 0)) || break
    if ((waited >= CS_STOP_TIMEOUT * 2)); then
      for name in "${!pids[@]}"; do
        cs_warn "$name (pid ${pids[$name]}) did not stop within ${CS_STOP_TIMEOUT}s; killing it"
        kill -KILL "${pids[$name]}" 2>/dev/null || true
      done
      sleep 0.5
      break
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  for name in "$@"; do
    rm -f "$(cs_pidfile "$name")"
  done
}

# ---------------------------------------------------------------------------------------------
# Ports

cs_port_taken() {
  if command -v ss >/dev/null 2>&1; then
    ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
  else
    (exec 3<>"/dev/tcp/$CS_HOST/$1") 2>/dev/null
  fi
}

cs_check_ports_free() {
  local p taken=() alternatives
  for p in "$@"; do
    if cs_port_taken "$p"; then taken+=("$p"); fi
  done
  if ((${#taken[@]} > 0)); then
    alternatives="$(IFS='|' && printf '%s' "${taken[*]}")"
    cs_die "port(s) ${taken[*]} already in use (Countersight needs ${CS_PORTS[*]}).
  Is Countersight already running? Try deploy/local/down. What holds them: ss -ltnp | grep -E ':($alternatives)\\b'"
  fi
}

cs_tail_log() {
  local f="$1" n="${2:-40}"
  if [[ -s "$f" ]]; then
    printf -- '----- last %s lines of %s -----\n' "$n" "$f" >&2
    tail -n "$n" "$f" >&2
    printf -- '-----\n' >&2
  else
    printf '(%s is empty or missing)\n' "$f" >&2
  fi
}

# ---------------------------------------------------------------------------------------------
# Kafka: one KRaft broker in combined mode (broker + controller), jars from Maven Central.

# prints the broker's classpath; resolved once with the Maven wrapper, again when the pom changes
# or a jar went missing from the local repository
cs_kafka_classpath() {
  local cp_file="$CS_RUN/kafka.classpath" stale=0 jar jars=()
  mkdir -p "$CS_RUN"
  if [[ ! -s "$cp_file" || "$CS_KAFKA_POM" -nt "$cp_file" ]]; then
    stale=1
  else
    IFS=: read -r -a jars <"$cp_file" || true # no trailing newline: read returns 1
    for jar in "${jars[@]}"; do
      [[ -f "$jar" ]] || {
        stale=1
        break
      }
    done
  fi
  if ((stale)); then
    cs_log "resolving the Kafka broker classpath (deploy/local/kafka/pom.xml) ..." >&2
    rm -f "$cp_file"
    (cd "$CS_REPO" && ./mvnw -q -B -f "$CS_KAFKA_POM" dependency:build-classpath \
      -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime) >&2 ||
      cs_die "could not resolve the Kafka classpath (is Maven Central reachable?)"
    [[ -s "$cp_file" ]] || cs_die "dependency:build-classpath wrote no classpath to $cp_file"
  fi
  cat "$cp_file"
}

cs_kafka_java() {
  # runs a Kafka main class on the broker classpath with the file logging of log4j2.xml
  local log="$1" cp
  shift
  cp="$(cs_kafka_classpath)"
  java -Dlog4j2.configurationFile="$CS_KAFKA_LOG4J" -Dcountersight.kafka.log="$log" \
    -Djava.awt.headless=true -cp "$cp" "$@"
}

# cs_kafka_data <node>: the node's log dirs
cs_kafka_data() {
  if [[ "$1" == kafka ]]; then printf '%s/kafka/data\n' "$CS_DATA"; else printf '%s/kafka-cluster/%s/data\n' "$CS_DATA" "$1"; fi
}

# cs_write_kafka_properties <node>
cs_write_kafka_properties() {
  local node="${1:-kafka}" data quorum n voters=""
  data="$(cs_kafka_data "$node")"
  mkdir -p "$CS_RUN" "$data"
  if [[ "$node" == kafka ]]; then
    quorum="controller.quorum.bootstrap.servers=$CS_HOST:$CS_CONTROLLER_PORT"
  else
    for n in "${CS_KAFKA_NODES[@]}"; do
      voters+="${voters:+,}${CS_NODE_ID[$n]}@$CS_HOST:${CS_CPORT[$n]}"
    done
    quorum="controller.quorum.voters=$voters"
  fi
  cat >"$CS_RUN/$node.properties" <<EOF
# Generated by deploy/local/lib.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=${CS_NODE_ID[$node]}
$quorum
listeners=PLAINTEXT://$CS_HOST:${CS_KPORT[$node]},CONTROLLER://$CS_HOST:${CS_CPORT[$node]}
advertised.listeners=PLAINTEXT://$CS_HOST:${CS_KPORT[$node]},CONTROLLER://$CS_HOST:${CS_CPORT[$node]}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data

# topics are created by the services (TopicProvisioner) with their cleanup policies, never by use
auto.create.topics.enable=false
num.partitions=3
default.replication.factor=$CS_REPLICATION
min.insync.replicas=$CS_MIN_ISR
offsets.topic.replication.factor=$CS_REPLICATION
transaction.state.log.replication.factor=$CS_REPLICATION
transaction.state.log.min.isr=$CS_MIN_ISR
share.coordinator.state.topic.replication.factor=$CS_REPLICATION
share.coordinator.state.topic.min.isr=$CS_MIN_ISR

# small machine: 256 MB heap, so a small cleaner buffer (the default is 128 MB)
log.cleaner.dedupe.buffer.size=16777216
log.cleaner.threads=1
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
group.initial.rebalance.delay.ms=0
EOF
}

# formats a node's storage once; the cluster id is generated once and kept in the data folder
cs_kafka_format() {
  local node="${1:-kafka}" id_file id out data standalone=()
  if [[ "$node" == kafka ]]; then
    id_file="$CS_DATA/kafka/cluster.id"
    standalone=(--standalone)
  else
    id_file="$CS_DATA/kafka-cluster/cluster.id" # static quorum (controller.quorum.voters): no --standalone
  fi
  data="$(cs_kafka_data "$node")"
  mkdir -p "$(dirname "$id_file")" "$CS_LOGS"
  if [[ ! -s "$id_file" ]]; then
    id="$(cs_kafka_java "$CS_LOGS/kafka-storage.log" kafka.tools.StorageTool random-uuid | tail -n 1)"
    [[ "$id" =~ ^[A-Za-z0-9_-]{22}$ ]] || cs_die "StorageTool random-uuid printed '$id', not a cluster id"
    printf '%s\n' "$id" >"$id_file"
  fi
  id="$(tr -d '[:space:]' <"$id_file")"
  if [[ -f "$data/meta.properties" ]]; then
    return 0
  fi
  cs_log "formatting Kafka storage of $node in $data (cluster id $id)"
  out="$(cs_kafka_java "$CS_LOGS/kafka-storage.log" kafka.tools.StorageTool format \
    --ignore-formatted --cluster-id "$id" --config "$CS_RUN/$node.properties" "${standalone[@]}" 2>&1)" ||
    cs_die "formatting Kafka storage of $node failed:
$out"
}

# cs_launch_kafka_node <node>: starts one node in the background, without waiting
cs_launch_kafka_node() {
  local node="$1" log="$CS_LOGS/$1.log" out="$CS_LOGS/$1.out" cp pid
  cp="$(cs_kafka_classpath)"
  # rotate the previous run's log so that the wait only sees this run's lines
  [[ -f "$log" ]] && mv -f "$log" "$log.prev"
  # setsid: own session, so a Ctrl-C in the terminal reaches only `up`, which then stops the
  # processes in order (services first, broker last)
  setsid java "-Dcslocal.run=$node" -Xmx256m -Xms256m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$CS_KAFKA_LOG4J" -Dcountersight.kafka.log="$log" \
    -cp "$cp" kafka.Kafka "$CS_RUN/$node.properties" </dev/null >"$out" 2>&1 &
  pid=$!
  printf '%s\n' "$pid" >"$(cs_pidfile "$node")"
}

# starts the broker (single) or the three nodes (--cluster) and waits until each logs 'Kafka Server started'
cs_start_kafka() {
  local node start deadline ports=() pending
  for node in "${CS_KAFKA_NODES[@]}"; do
    cs_alive "$node" && cs_die "Kafka node $node is already running (pid $(cs_pid_of "$node")); run deploy/local/down first"
    ports+=("${CS_KPORT[$node]}" "${CS_CPORT[$node]}")
  done
  cs_check_ports_free "${ports[@]}"
  mkdir -p "$CS_LOGS"
  cs_kafka_classpath >/dev/null
  for node in "${CS_KAFKA_NODES[@]}"; do
    cs_write_kafka_properties "$node"
    cs_kafka_format "$node"
  done
  start=$SECONDS
  if [[ "$CS_MODE" == cluster ]]; then
    cs_log "starting a Kafka 4.1.2 cluster: 3 KRaft nodes (broker+controller each) on $CS_BOOTSTRAP, controllers on 9093/9095/9097; replication 3, min.insync.replicas 2"
  else
    cs_log "starting Kafka 4.1.2 (KRaft, broker+controller) on $CS_BOOTSTRAP, controller $CS_HOST:$CS_CONTROLLER_PORT"
  fi
  # all nodes at once: a node of the cluster cannot finish starting before a majority of controllers runs
  for node in "${CS_KAFKA_NODES[@]}"; do
    cs_launch_kafka_node "$node"
  done
  deadline=$((SECONDS + CS_KAFKA_START_TIMEOUT))
  while :; do
    pending=0
    for node in "${CS_KAFKA_NODES[@]}"; do
      if [[ -f "$CS_LOGS/$node.log" ]] && grep -q 'Kafka Server started' "$CS_LOGS/$node.log"; then
        continue
      fi
      pending=1
      if ! cs_alive "$node"; then
        cs_tail_log "$CS_LOGS/$node.log" 40
        cs_tail_log "$CS_LOGS/$node.out" 20
        rm -f "$(cs_pidfile "$node")"
        cs_stop_kafka
        cs_die "Kafka node $node exited during start-up (logs above: $CS_LOGS/$node.log, $CS_LOGS/$node.out)"
      fi
    done
    ((pending)) || break
    if ((SECONDS >= deadline)); then
      for node in "${CS_KAFKA_NODES[@]}"; do cs_tail_log "$CS_LOGS/$node.log" 30; done
      cs_stop_kafka
      cs_die "Kafka did not report 'Kafka Server started' within ${CS_KAFKA_START_TIMEOUT}s (logs above)"
    fi
    sleep 0.5
  done
  for node in "${CS_KAFKA_NODES[@]}"; do
    cs_log "Kafka $node ready in $((SECONDS - start))s (pid $(cs_pid_of "$node"), log $CS_LOGS/$node.log)"
  done
}

cs_stop_kafka() { cs_stop_processes "${CS_ALL_KAFKA[@]}"; }

# ---------------------------------------------------------------------------------------------
# Services

cs_service_jar() { printf '%s/%s/target/quarkus-app/quarkus-run.jar\n' "$CS_REPO" "${CS_MODULE[$1]}"; }

# true (0) when any service jar is missing or older than its sources, the shared modules or a pom
cs_build_needed() {
  local s jar mod newer
  for s in "${CS_SERVICES[@]}"; do
    mod="$CS_REPO/${CS_MODULE[$s]}"
    [[ -d "$mod" ]] || cs_die "module ${CS_MODULE[$s]}/ does not exist in $CS_REPO"
    jar="$(cs_service_jar "$s")"
    if [[ ! -f "$jar" ]]; then
      cs_log "${CS_MODULE[$s]}: $jar is missing"
      return 0
    fi
    newer="$(find "$mod/src" "$mod/pom.xml" "$CS_REPO/events/src" "$CS_REPO/events/pom.xml" \
      "$CS_REPO/pom.xml" -newer "$jar" -type f -print -quit 2>/dev/null || true)"
    if [[ -n "$newer" ]]; then
      cs_log "${CS_MODULE[$s]}: ${newer#"$CS_REPO"/} is newer than its quarkus-run.jar"
      return 0
    fi
  done
  return 1
}

cs_build() {
  local start=$SECONDS
  cs_log "building (./mvnw -q -DskipTests install) ..."
  (cd "$CS_REPO" && ./mvnw -q -B -DskipTests install) || cs_die "the build failed (output above)"
  cs_log "built in $((SECONDS - start))s"
}

# API key: COUNTERSIGHT_API_KEYS if set, else one generated once and kept in $CS_DATA/api-key
cs_api_keys() {
  local f="$CS_DATA/api-key"
  if [[ -n "${COUNTERSIGHT_API_KEYS:-}" ]]; then
    printf '%s\n' "$COUNTERSIGHT_API_KEYS"
    return
  fi
  if [[ ! -s "$f" ]]; then
    (
      umask 077
      od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$f"
      printf '\n' >>"$f"
    )
  fi
  tr -d '[:space:]' <"$f"
  printf '\n'
}

# cs_auth_header <key>: writes "Authorization: Bearer <key>" to a mode-600 file and prints its path, for
# `curl -H @<file>`: the key never appears in any process's argv (ps, /proc/<pid>/cmdline)
cs_auth_header() {
  local f="$CS_RUN/auth-header"
  mkdir -p "$CS_RUN"
  (
    umask 077
    printf 'Authorization: Bearer %s\n' "$1" >"$f"
  )
  chmod 600 "$f"
  printf '%s\n' "$f"
}

# cs_start_service <name> [demo]
cs_start_service() {
  local s="$1" demo="${2:-false}" jar log pid
  jar="$(cs_service_jar "$s")"
  log="$CS_LOGS/$s.log"
  [[ -f "$jar" ]] || cs_die "$jar is missing (build with ./mvnw -DskipTests install)"
  cs_alive "$s" && cs_die "$s is already running (pid $(cs_pid_of "$s")); run deploy/local/down first"
  mkdir -p "$CS_LOGS"
  [[ -f "$log" ]] && mv -f "$log" "$log.prev"
  local -a envs=(
    "KAFKA_BOOTSTRAP_SERVERS=$CS_BOOTSTRAP"
    "COUNTERSIGHT_KAFKA_REPLICATION_FACTOR=$CS_REPLICATION"
    "COUNTERSIGHT_KAFKA_MIN_INSYNC_REPLICAS=$CS_MIN_ISR"
    "COUNTERSIGHT_DATA=$CS_DATA"
    "COUNTERSIGHT_API_KEYS=$CS_KEYS"
    # private networks only for --demo (its feed is on 127.0.0.1): real feeds' links and redirects must not
    # reach the LAN; an explicit COUNTERSIGHT_FETCH_ALLOW_PRIVATE_NETWORKS still decides
    "COUNTERSIGHT_FETCH_ALLOW_PRIVATE_NETWORKS=${COUNTERSIGHT_FETCH_ALLOW_PRIVATE_NETWORKS:-$demo}"
    "QUARKUS_HTTP_HOST=${QUARKUS_HTTP_HOST:-$CS_HOST}"
    "QUARKUS_HTTP_PORT=${CS_PORT[$s]}"
  )
  if [[ "$s" == api* && "$demo" == true ]]; then
    envs+=("COUNTERSIGHT_DEMO_ENABLED=true")
  fi
  if [[ "$s" == api-2 ]]; then
    envs+=("COUNTERSIGHT_INDEX_DIR=$CS_DATA/api-2/index") # every api instance keeps its own index
  fi
  # exported by the shell, not passed to env(1): the API key must not appear in any process's argv
  # shellcheck disable=SC2086 # COUNTERSIGHT_JAVA_OPTS is a list of JVM options
  (cd "$CS_REPO" && export "${envs[@]}" && exec setsid java "-Dcslocal.run=$s" \
    "-Xmx${CS_HEAP[$s]}" -XX:+ExitOnOutOfMemoryError ${COUNTERSIGHT_JAVA_OPTS:-} \
    -jar "$jar" </dev/null >"$log" 2>&1) &
  pid=$!
  printf '%s\n' "$pid" >"$(cs_pidfile "$s")"
  cs_log "started $s (${CS_MODULE[$s]}, port ${CS_PORT[$s]}, -Xmx${CS_HEAP[$s]}, pid $pid, log $log)"
}

cs_stop_services() { cs_stop_processes "${CS_ALL_SERVICES[@]}"; }

# waits until every service's /q/health/ready answers 200; returns 1 (after printing which one
# and the tail of its log) when one dies or the deadline passes
cs_wait_ready() {
  local timeout="$1" start=$SECONDS s code
  local -A ready=()
  while :; do
    for s in "${CS_SERVICES[@]}"; do
      [[ -n "${ready[$s]:-}" ]] && continue
      if ! cs_alive "$s"; then
        cs_tail_log "$CS_LOGS/$s.log" 60
        cs_warn "$s (${CS_MODULE[$s]}) exited during start-up; its log: $CS_LOGS/$s.log"
        return 1
      fi
      code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 \
        "http://$CS_HOST:${CS_PORT[$s]}/q/health/ready" 2>/dev/null || true)"
      if [[ "$code" == 200 ]]; then
        ready[$s]=1
        cs_log "$s ready after $((SECONDS - start))s"
      fi
    done
    ((${#ready[@]} == ${#CS_SERVICES[@]})) && return 0
    if ((SECONDS - start >= timeout)); then
      for s in "${CS_SERVICES[@]}"; do
        if [[ -z "${ready[$s]:-}" ]]; then
          code="$(curl -s -w ' (HTTP %{http_code})' --max-time 3 \
            "http://$CS_HOST:${CS_PORT[$s]}/q/health/ready" 2>/dev/null || true)"
          cs_tail_log "$CS_LOGS/$s.log" 40
          cs_warn "$s (${CS_MODULE[$s]}) not ready after ${timeout}s; /q/health/ready answered: ${code:-nothing}"
        fi
      done
      return 1
    fi
    sleep 1
  done
}
