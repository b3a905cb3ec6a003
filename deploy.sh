#!/usr/bin/env bash
# Submits the Sparkify jobs to a cluster (YARN by default) with spark-submit: the jar the build
# makes, the job's main class, the files in conf/ shipped beside the driver and executors, and the
# settings below from flags or environment. ./sparkify runs the same main classes on this machine.
#
# Safe under a scheduler: every job takes a lock so that two runs never overlap (exit 4), the
# ingest also refuses to start while YARN runs an ingest of the same name (two queries on one
# checkpoint fight over it), batch jobs are waited for and exit with a code a scheduler understands.
set -euo pipefail

SPARKIFY_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROG="deploy.sh"

# Exit codes: the same table as every Sparkify command (io.sparkify.cli.ExitCodes).
readonly EXIT_OK=0 EXIT_FAILURE=1 EXIT_USAGE=2 EXIT_LOCKED=4

usage() {
  cat <<'EOF'
Usage: deploy.sh [options] <job> [job options...]

Submits a Sparkify job with spark-submit (YARN cluster mode by default). Everything after <job>
is passed to the job unchanged (./sparkify <job> --help lists the job's options; those that are
not given come from the shipped sparkify properties file).

Jobs
  ingest    Kafka -> lake streaming job (streaming-ingest jar, io.sparkify.ingest.cli.IngestMain).
            Submitted so that YARN restarts it after a failure; it resumes from its checkpoint.
            Returns once YARN accepted it, unless its trigger is available-now (the --trigger
            job option, else SPARKIFY_INGEST_TRIGGER, else ingest.trigger in the sparkify conf:
            read from the job jar, io.sparkify.config.SettingsMain, so resolved exactly as the
            job resolves it): then it drains the topic and is waited for like a batch job.
            Refused (exit 4) while YARN already runs an application of the same name.
  compact   Rewrite one day of the lake into few files (streaming-ingest jar)
  train     Train, evaluate and register churn models; champion/challenger rule (churn-batch jar,
            io.sparkify.churn.cli.ChurnMain). Without --input it reads train.input from the
            sparkify conf, by default the lake (lake.uri)
  score     Score active users with the champion (churn-batch jar)
  report    Render the HTML report (churn-batch jar)
  stop-ingest
            Ask the running ingest to stop after its micro-batch: creates its stop file
            (hdfs dfs -touchz; the ingest deletes it and exits 0). The file is the job's
            --stop-file, else <checkpoint>/STOP, the checkpoint and lake resolved as the job
            resolves them (--checkpoint/--lake given here, SPARKIFY_CHECKPOINT_URI,
            SPARKIFY_LAKE_URI, the sparkify conf). Submits nothing.

Options (flag / environment variable / default)
  --master URL            DEPLOY_MASTER            yarn
  --deploy-mode MODE      DEPLOY_MODE              cluster   (client runs the driver here; on YARN without a Spark UI)
  --queue NAME            DEPLOY_QUEUE             the cluster's default queue
  --name NAME             DEPLOY_NAME              sparkify-<job>
  --driver-memory SIZE    DEPLOY_DRIVER_MEMORY     2g
  --driver-cores N        DEPLOY_DRIVER_CORES      1
  --executor-memory SIZE  DEPLOY_EXECUTOR_MEMORY   2g
  --executor-cores N      DEPLOY_EXECUTOR_CORES    2
  --num-executors N       DEPLOY_NUM_EXECUTORS     2
  --principal NAME        DEPLOY_PRINCIPAL         none (Kerberos; with --keytab)
  --keytab FILE           DEPLOY_KEYTAB            none
  --conf KEY=VALUE        DEPLOY_SPARK_CONF        extra Spark settings; the flag repeats, the
                                                   variable holds whitespace-separated KEY=VALUE
                                                   pairs (use the flag or a properties file for
                                                   values with spaces); flags win
  --properties-file FILE  DEPLOY_PROPERTIES_FILE   Spark properties file (instead of
                                                   $SPARK_HOME/conf/spark-defaults.conf)
  --sparkify-conf FILE    SPARKIFY_CONF            conf/sparkify.properties; shipped with --files,
                                                   the jobs read it (SPARKIFY_CONF on YARN)
  --log-config FILE       DEPLOY_LOG_CONFIG        conf/log4j2.properties; shipped, and set with
                                                   -Dlog4j2.configurationFile on driver/executors
  --max-attempts N        DEPLOY_MAX_ATTEMPTS      ingest: 4 YARN attempts per validity interval
                                                   (capped by yarn.resourcemanager.am.max-attempts);
                                                   batch jobs: 1 (the scheduler decides on reruns)
  --attempts-interval T   DEPLOY_ATTEMPTS_INTERVAL 1h (ingest: failures older than this are forgotten)
  --wait | --no-wait      DEPLOY_WAIT=true|false   wait for the application to finish (cluster
                                                   mode). Default: wait, except a streaming ingest
  --lock-file FILE        DEPLOY_LOCK_FILE         $DEPLOY_LOCK_DIR/sparkify-<job>.lock, held until
                                                   spark-submit returns (DEPLOY_LOCK_DIR default
                                                   ${TMPDIR:-/tmp})
  --no-yarn-check         DEPLOY_YARN_CHECK=false  ingest on YARN: do not ask YARN (yarn application
                                                   -list) for a running application of the same name
  --env-file FILE         DEPLOY_ENV_FILE          a file of VAR=value lines read first (e.g.
                                                   conf/cluster/deploy.env); the environment and
                                                   flags given here still win
  --no-build                                       never run Maven; fail if a jar is missing
  --dry-run                                        print the spark-submit command, run nothing
  -h, --help

Environment
  SPARK_HOME       spark-submit is $SPARK_HOME/bin/spark-submit
  SPARK_SUBMIT     the spark-submit program to run, overriding the above (the tests point it at a
                   stand-in script to exercise the lock and exit codes without a cluster)
                   With neither, only Java is needed: java runs Spark's SparkSubmit on the jars the
                   build collects (DEPLOY_SPARK_JARS, default spark-runtime/target/spark-jars, built
                   when missing unless --no-build), and YARN containers get them as
                   spark.yarn.jars (uploaded with each submission; DEPLOY_SPARK_JARS_LOCAL=true: read
                   in place, when the nodemanagers run on this host). A multi-host cluster sets
                   spark.yarn.archive instead (docs/deploy.md). The yarn and hdfs programs below
                   then default to Hadoop's own classes in those jars.
  JAVA_HOME        the java that runs SparkSubmit and reads the job's settings (else java on PATH)
  HADOOP_CONF_DIR  client settings of the cluster (conf/cluster for the docker-compose cluster)
  DEPLOY_YARN_CLI  the Hadoop yarn program for the ingest's check (default: $HADOOP_YARN_HOME/bin/yarn,
                   $HADOOP_HOME/bin/yarn, or a yarn on the PATH that sits beside hadoop; none
                   found: the check is skipped with a note)
  SPARKIFY_<KEY>   overrides of the sparkify conf (e.g. SPARKIFY_INGEST_TRIGGER); in cluster mode
                   they are passed on to the driver (spark.yarn.appMasterEnv), as ./sparkify does
  DEPLOY_HDFS_CLI  the program stop-ingest runs as "<it> dfs -touchz URI" (default: hdfs)
  DEPLOY_INGEST_JAR, DEPLOY_CHURN_JAR   the job jars (default: the build's, under */target;
                   any URI spark-submit accepts, e.g. hdfs:///apps/sparkify/...)

Exit codes
  0  done (train: the new model was promoted to champion)
  1  the job failed (or could not be submitted)
  2  bad usage, a missing file, or a jar that could not be built: nothing was submitted
  4  another run of the same job holds the lock, or YARN already runs the ingest: nothing
     was submitted
  5  train: a model was trained but not promoted (kept as a challenger)
  In client mode the code is the job's own. In cluster mode it is 0 when YARN reports the
  application SUCCEEDED, else the exit status the application reported to YARN (found in the
  final report spark-submit prints), else 1.
EOF
}

die_usage() {
  echo "$PROG: $*" >&2
  echo "$PROG: see $PROG --help" >&2
  exit "$EXIT_USAGE"
}

# job -> "<module> <jar file> <main class>"
job_spec() {
  case "$1" in
    ingest|compact)      echo "streaming-ingest sparkify-ingest-job.jar io.sparkify.ingest.cli.IngestMain" ;;
    train|score|report)  echo "churn-batch sparkify-churn-job.jar io.sparkify.churn.cli.ChurnMain" ;;
    *) return 1 ;;
  esac
}

abs_path() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "$PWD/$1" ;;
  esac
}

# A local path (no scheme) must exist; URIs (hdfs://, s3a://, ...) are left to spark-submit.
is_local() {
  case "$1" in
    *://*) return 1 ;;
    file:*) return 1 ;;
    *) return 0 ;;
  esac
}

require_file() {
  local what="$1" path="$2"
  [ -f "$path" ] || die_usage "$what '$path': no such file"
}

# ---------------------------------------------------------------------------------------------
# Arguments: deploy options, then the job, then the job's own arguments (passed through).
# ---------------------------------------------------------------------------------------------
opt_master="" opt_mode="" opt_queue="" opt_name=""
opt_driver_memory="" opt_driver_cores="" opt_executor_memory="" opt_executor_cores="" opt_num_executors=""
opt_principal="" opt_keytab="" opt_properties_file="" opt_sparkify_conf="" opt_log_config=""
opt_max_attempts="" opt_attempts_interval="" opt_wait="" opt_lock_file="" opt_env_file="" opt_yarn_check=""
no_build=false dry_run=false
flag_confs=()

need_value() {
  [ $# -ge 2 ] && [ -n "$2" ] || die_usage "option $1 needs a value"
}

while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help|help) usage; exit "$EXIT_OK" ;;
    --master)            need_value "$@"; opt_master="$2"; shift 2 ;;
    --deploy-mode)       need_value "$@"; opt_mode="$2"; shift 2 ;;
    --queue)             need_value "$@"; opt_queue="$2"; shift 2 ;;
    --name)              need_value "$@"; opt_name="$2"; shift 2 ;;
    --driver-memory)     need_value "$@"; opt_driver_memory="$2"; shift 2 ;;
    --driver-cores)      need_value "$@"; opt_driver_cores="$2"; shift 2 ;;
    --executor-memory)   need_value "$@"; opt_executor_memory="$2"; shift 2 ;;
    --executor-cores)    need_value "$@"; opt_executor_cores="$2"; shift 2 ;;
    --num-executors)     need_value "$@"; opt_num_executors="$2"; shift 2 ;;
    --principal)         need_value "$@"; opt_principal="$2"; shift 2 ;;
    --keytab)            need_value "$@"; opt_keytab="$2"; shift 2 ;;
    --conf)              need_value "$@"; flag_confs+=("$2"); shift 2 ;;
    --properties-file)   need_value "$@"; opt_properties_file="$2"; shift 2 ;;
    --sparkify-conf)     need_value "$@"; opt_sparkify_conf="$2"; shift 2 ;;
    --log-config)        need_value "$@"; opt_log_config="$2"; shift 2 ;;
    --max-attempts)      need_value "$@"; opt_max_attempts="$2"; shift 2 ;;
    --attempts-interval) need_value "$@"; opt_attempts_interval="$2"; shift 2 ;;
    --lock-file)         need_value "$@"; opt_lock_file="$2"; shift 2 ;;
    --env-file)          need_value "$@"; opt_env_file="$2"; shift 2 ;;
    --wait)              opt_wait=true; shift ;;
    --no-wait)           opt_wait=false; shift ;;
    --no-build)          no_build=true; shift ;;
    --no-yarn-check)     opt_yarn_check=false; shift ;;
    --dry-run)           dry_run=true; shift ;;
    --) shift; break ;;
    -*) die_usage "unknown option '$1'" ;;
    *) break ;;
  esac
done

[ $# -gt 0 ] || die_usage "no job given (ingest, compact, train, score, report or stop-ingest)"
job="$1"
shift
job_args=("$@")
if [ "$job" != stop-ingest ]; then
  spec="$(job_spec "$job")" || die_usage "unknown job '$job' (ingest, compact, train, score, report or stop-ingest)"
  read -r module jar_name main_class <<<"$spec"
fi

# The env file fills in what the environment does not already say (the environment and the
# flags win), so one file can describe a cluster and a single run can still override it.
env_file="${opt_env_file:-${DEPLOY_ENV_FILE:-}}"
if [ -n "$env_file" ]; then
  require_file "env file" "$env_file"
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line#"${line%%[![:space:]]*}"}"
    case "$line" in ''|'#'*) continue ;; esac
    line="${line#export }"
    key="${line%%=*}"
    value="${line#*=}"
    [[ "$key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die_usage "$env_file: not a VAR=value line: $line"
    # Strip one level of matching quotes, as systemd's EnvironmentFile= does.
    if [[ "$value" =~ ^\"(.*)\"$ || "$value" =~ ^\'(.*)\'$ ]]; then value="${BASH_REMATCH[1]}"; fi
    if [ -z "${!key+x}" ]; then
      export "$key=$value"
    fi
  done <"$env_file"
fi

master="${opt_master:-${DEPLOY_MASTER:-yarn}}"
mode="${opt_mode:-${DEPLOY_MODE:-cluster}}"
queue="${opt_queue:-${DEPLOY_QUEUE:-}}"
app_name="${opt_name:-${DEPLOY_NAME:-sparkify-$job}}"
driver_memory="${opt_driver_memory:-${DEPLOY_DRIVER_MEMORY:-2g}}"
driver_cores="${opt_driver_cores:-${DEPLOY_DRIVER_CORES:-1}}"
executor_memory="${opt_executor_memory:-${DEPLOY_EXECUTOR_MEMORY:-2g}}"
executor_cores="${opt_executor_cores:-${DEPLOY_EXECUTOR_CORES:-2}}"
num_executors="${opt_num_executors:-${DEPLOY_NUM_EXECUTORS:-2}}"
principal="${opt_principal:-${DEPLOY_PRINCIPAL:-}}"
keytab="${opt_keytab:-${DEPLOY_KEYTAB:-}}"
properties_file="${opt_properties_file:-${DEPLOY_PROPERTIES_FILE:-}}"
sparkify_conf="${opt_sparkify_conf:-${SPARKIFY_CONF:-$SPARKIFY_HOME/conf/sparkify.properties}}"
log_config="${opt_log_config:-${DEPLOY_LOG_CONFIG:-$SPARKIFY_HOME/conf/log4j2.properties}}"
attempts_interval="${opt_attempts_interval:-${DEPLOY_ATTEMPTS_INTERVAL:-1h}}"

case "$mode" in
  cluster|client) ;;
  *) die_usage "deploy mode must be cluster or client, not '$mode'" ;;
esac
for pair in "driver cores:$driver_cores" "executor cores:$executor_cores" "executors:$num_executors"; do
  [[ "${pair#*:}" =~ ^[1-9][0-9]*$ ]] || die_usage "number of ${pair%%:*} must be a positive integer, not '${pair#*:}'"
done
if [[ -n "$principal" && -z "$keytab" || -z "$principal" && -n "$keytab" ]]; then
  die_usage "Kerberos needs both --principal and --keytab (or neither)"
fi
[ -z "$keytab" ] || require_file "keytab" "$keytab"
[ -z "$properties_file" ] || require_file "Spark properties file" "$properties_file"
require_file "sparkify conf" "$sparkify_conf"
require_file "log config" "$log_config"
# Absolute, so that the command means the same from any working directory (cron, systemd) and
# --dry-run prints what actually runs.
sparkify_conf="$(abs_path "$sparkify_conf")"
log_config="$(abs_path "$log_config")"
[ -z "$properties_file" ] || properties_file="$(abs_path "$properties_file")"
[ -z "$keytab" ] || keytab="$(abs_path "$keytab")"
yarn_check="${opt_yarn_check:-${DEPLOY_YARN_CHECK:-true}}"
case "$yarn_check" in true|false) ;; *) die_usage "DEPLOY_YARN_CHECK must be true or false, not '$yarn_check'" ;; esac
# spark-submit resolves a relative HADOOP_CONF_DIR against its own working directory; pin it.
if [ -n "${HADOOP_CONF_DIR:-}" ]; then
  [ -d "$HADOOP_CONF_DIR" ] || die_usage "HADOOP_CONF_DIR '$HADOOP_CONF_DIR': no such directory"
  HADOOP_CONF_DIR="$(abs_path "$HADOOP_CONF_DIR")"
  export HADOOP_CONF_DIR
fi

# The job's settings as the job itself resolves them: SettingsMain (common-runtime, inside the job
# jar) prints every key of ConfigKey with its flag (among the job's arguments), environment, conf
# file and default applied in that order. deploy.sh reads them instead of parsing properties files.
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
declare -A setting_value=() setting_env=() setting_source=()

# A local classpath with SettingsMain: the job jar given, the build's job jar and common-runtime's
# compiled classes, those that exist (java skips what is not a jar of classes); the build's job jar
# built now when there is none of them.
settings_classpath() {
  local module="$1" jar_name="$2" given="$3" built cp=""
  built="$SPARKIFY_HOME/$module/target/$jar_name"
  if [ -n "$given" ] && is_local "$given" && [ -f "$given" ]; then cp="$given"; fi
  if [ -f "$built" ]; then cp="${cp:+$cp:}$built"; fi
  if [ -d "$SPARKIFY_HOME/common-runtime/target/classes/io/sparkify/config" ]; then
    cp="${cp:+$cp:}$SPARKIFY_HOME/common-runtime/target/classes"
  fi
  if [ -z "$cp" ] && ! $no_build && ! $dry_run; then
    echo "$PROG: building $jar_name (./mvnw -DskipTests package -pl $module -am)..." >&2
    (cd "$SPARKIFY_HOME" && ./mvnw -q -B -DskipTests package -pl "$module" -am >&2) || return 1
    [ -f "$built" ] && cp="$built"
  fi
  [ -n "$cp" ] && printf '%s' "$cp"
}

load_settings() {
  local module="$1" jar_name="$2" given="$3" cp out key var source value
  command -v "$java_cmd" >/dev/null 2>&1 || die_usage "java not found (set JAVA_HOME or put java on the PATH)"
  cp="$(settings_classpath "$module" "$jar_name" "$given")" \
    || die_usage "cannot read the job's settings: no $jar_name and no compiled common-runtime (build with ./mvnw -DskipTests package, or drop --no-build)"
  if ! out="$(SPARKIFY_CONF="$sparkify_conf" "$java_cmd" -cp "$cp" io.sparkify.config.SettingsMain "$job" "${job_args[@]}" 2>&1)"; then
    printf '%s\n' "$out" >&2
    echo "$PROG: the job's settings are invalid (exit $EXIT_USAGE)" >&2
    exit "$EXIT_USAGE"
  fi
  while IFS=$'\t' read -r key var source value; do
    [ -n "$key" ] || continue
    setting_value[$key]="$value"
    setting_env[$key]="$var"
    setting_source[$key]="$source"
  done <<<"$out"
}

# The SPARKIFY_<KEY> variables of this environment that set one of the job's keys.
config_env_vars() {
  local key
  for key in "${!setting_source[@]}"; do
    if [ "${setting_source[$key]}" = env ]; then printf '%s\n' "${setting_env[$key]}"; fi
  done | sort
}

# The value of an option among the job's arguments (--opt VALUE or --opt=VALUE); fails when it is
# not given.
job_option() {
  local name="$1" value="" given=false prev="" a
  for a in "${job_args[@]}"; do
    if [ "$prev" = "$name" ]; then value="$a"; given=true; fi
    case "$a" in "$name"=*) value="${a#"$name"=}"; given=true ;; esac
    prev="$a"
  done
  $given && printf '%s' "$value"
}

case "$job" in
  stop-ingest) load_settings streaming-ingest sparkify-ingest-job.jar "${DEPLOY_INGEST_JAR:-}" ;;
  ingest|compact) load_settings "$module" "$jar_name" "${DEPLOY_INGEST_JAR:-}" ;;
  *) load_settings "$module" "$jar_name" "${DEPLOY_CHURN_JAR:-}" ;;
esac

# Without a Spark distribution (neither SPARK_SUBMIT nor SPARK_HOME), Spark comes from the build:
# spark-runtime/target/spark-jars holds the jars of a distribution (spark-yarn and the Hadoop client
# included). SparkSubmit, and Hadoop's own yarn/hdfs client classes, then run from that folder.
java_only=false
if [ -z "${SPARK_SUBMIT:-}" ] && [ -z "${SPARK_HOME:-}" ]; then java_only=true; fi
spark_jars="${DEPLOY_SPARK_JARS:-$SPARKIFY_HOME/spark-runtime/target/spark-jars}"
spark_jars="$(abs_path "$spark_jars")"

# Builds the Spark jars folder when it is missing (unless --no-build); fails when it cannot.
ensure_spark_jars() {
  compgen -G "$spark_jars/spark-yarn_*.jar" >/dev/null && return 0
  if $no_build || [ -n "${DEPLOY_SPARK_JARS:-}" ]; then
    die_usage "no Spark jars in $spark_jars (build them with ./mvnw -DskipTests package -pl spark-runtime, or set SPARK_HOME)"
  fi
  echo "$PROG: building Spark's jars for submitting without a Spark distribution (./mvnw -DskipTests package -pl spark-runtime)..." >&2
  (cd "$SPARKIFY_HOME" && ./mvnw -q -B -DskipTests package -pl spark-runtime >&2) \
    || { echo "$PROG: the build of spark-runtime failed" >&2; exit "$EXIT_USAGE"; }
}

# java running a main class on the Spark jars, with the cluster's client settings on the classpath
# (as spark-class and Hadoop's scripts put HADOOP_CONF_DIR first).
build_java() {
  local extra_cp="${HADOOP_CONF_DIR:+$HADOOP_CONF_DIR:}"
  java_tool=("$java_cmd" "${SPARK_JVM_FLAGS[@]}" -cp "$extra_cp$spark_jars/*")
}

# Spark's JDK flags (the launcher and the pom give the same set): Spark reflects into JDK internals.
SPARK_JVM_FLAGS=(
  -XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true
)

# stop-ingest: the stop file the running ingest polls (IngestCommand --stop-file, default
# <checkpoint>/STOP, the checkpoint defaulting to <lake>/_checkpoints/ingest). A relative URI
# resolves, like the job's, against the default file system's working directory.
if [ "$job" = stop-ingest ]; then
  if ! stop_file="$(job_option --stop-file)" || [ -z "$stop_file" ]; then
    checkpoint="${setting_value[checkpoint.uri]}"
    if [ -z "$checkpoint" ]; then
      lake="${setting_value[lake.uri]}"
      [ -n "$lake" ] || die_usage "stop-ingest: no lake (--lake, SPARKIFY_LAKE_URI or lake.uri in $sparkify_conf)"
      checkpoint="${lake%/}/_checkpoints/ingest"
    fi
    stop_file="${checkpoint%/}/STOP"
  fi
  if [ -n "${DEPLOY_HDFS_CLI:-}" ] || ! $java_only || command -v hdfs >/dev/null 2>&1; then
    stop_cmd=("${DEPLOY_HDFS_CLI:-hdfs}" dfs -touchz "$stop_file")
  else
    # No Hadoop installation: Hadoop's own shell class (what "hdfs dfs" runs), from the Spark jars.
    $dry_run || ensure_spark_jars
    build_java
    stop_cmd=("${java_tool[@]}" org.apache.hadoop.fs.FsShell -touchz "$stop_file")
  fi
  if $dry_run; then
    printf '%q ' "${stop_cmd[@]}" | sed 's/ $//'
    echo
    exit "$EXIT_OK"
  fi
  echo "$PROG: asking the ingest to stop after its running micro-batch: $stop_file" >&2
  "${stop_cmd[@]}" || { echo "$PROG: could not create $stop_file" >&2; exit "$EXIT_FAILURE"; }
  exit "$EXIT_OK"
fi

# The streaming ingest runs until stopped, so by default the submitter returns once YARN has it;
# a drain-and-exit ingest (available-now) and every batch job are waited for, so that the exit
# code says how the run ended.
streaming=false
trigger="${setting_value[ingest.trigger]:-}"
if [ "$job" = ingest ] && [ "${trigger,,}" != available-now ]; then
  streaming=true
fi
if $streaming; then default_wait=false; default_attempts=4; else default_wait=true; default_attempts=1; fi
wait_completion="${opt_wait:-${DEPLOY_WAIT:-$default_wait}}"
max_attempts="${opt_max_attempts:-${DEPLOY_MAX_ATTEMPTS:-$default_attempts}}"
case "$wait_completion" in true|false) ;; *) die_usage "DEPLOY_WAIT must be true or false, not '$wait_completion'" ;; esac
[[ "$max_attempts" =~ ^[1-9][0-9]*$ ]] || die_usage "max attempts must be a positive integer, not '$max_attempts'"

# ---------------------------------------------------------------------------------------------
# The job jar: the build's (built when missing) or the one named by DEPLOY_*_JAR.
# ---------------------------------------------------------------------------------------------
case "$module" in
  streaming-ingest) jar="${DEPLOY_INGEST_JAR:-}" ;;
  churn-batch)      jar="${DEPLOY_CHURN_JAR:-}" ;;
esac
built_jar=false
if [ -z "$jar" ]; then
  jar="$SPARKIFY_HOME/$module/target/$jar_name"
  built_jar=true
fi
if is_local "$jar" && [ ! -f "$jar" ]; then
  if $dry_run; then
    echo "$PROG: note: $jar does not exist yet (a real run builds it)" >&2
  elif $built_jar && ! $no_build; then
    echo "$PROG: building $jar_name (./mvnw -DskipTests package -pl $module -am)..." >&2
    if ! (cd "$SPARKIFY_HOME" && ./mvnw -q -B -DskipTests package -pl "$module" -am >&2); then
      echo "$PROG: the build of $module failed; run ./mvnw -pl $module -am package to see why" >&2
      exit "$EXIT_USAGE"
    fi
    [ -f "$jar" ] || { echo "$PROG: the build did not produce $jar" >&2; exit "$EXIT_USAGE"; }
  else
    die_usage "job jar '$jar' does not exist (build it with ./mvnw -DskipTests package, or drop --no-build)"
  fi
fi

# ---------------------------------------------------------------------------------------------
# The spark-submit command.
# ---------------------------------------------------------------------------------------------
if [ -n "${SPARK_SUBMIT:-}" ]; then
  spark_submit=("$SPARK_SUBMIT")
elif [ -n "${SPARK_HOME:-}" ]; then
  spark_submit=("$SPARK_HOME/bin/spark-submit")
else
  # Spark's own SparkSubmit on the build's Spark jars. In client mode the driver runs in this JVM:
  # it gets the driver's memory and log config here (spark-class would set them the same way).
  $dry_run || ensure_spark_jars
  build_java
  spark_submit=("${java_tool[@]}")
  if [ "$mode" = client ]; then
    spark_submit+=("-Xmx$driver_memory" "-Dlog4j2.configurationFile=$log_config")
  fi
  spark_submit+=(org.apache.spark.deploy.SparkSubmit)
fi

# The conf files travel with the application (YARN localizes them into each container's working
# directory under their file names), so the driver and executors read the same settings wherever
# they run.
shipped_conf="$(basename "$sparkify_conf")"
shipped_log="$(basename "$log_config")"
[ "$shipped_conf" != "$shipped_log" ] || die_usage "the sparkify conf and the log config need different file names ($shipped_conf)"
log_opt="-Dlog4j2.configurationFile=$shipped_log"
driver_log_opt="$log_opt"
submit_env=()
if [ "$mode" = client ]; then
  # The driver runs in this process tree: it reads the local files.
  driver_log_opt="-Dlog4j2.configurationFile=$log_config"
  submit_env=("SPARKIFY_CONF=$sparkify_conf")
fi

cmd=("${spark_submit[@]}"
  --master "$master"
  --deploy-mode "$mode"
  --name "$app_name"
  --class "$main_class"
  --driver-memory "$driver_memory"
  --driver-cores "$driver_cores"
  --executor-memory "$executor_memory"
  --executor-cores "$executor_cores"
  --num-executors "$num_executors"
)
[ -z "$queue" ] || cmd+=(--queue "$queue")
[ -z "$principal" ] || cmd+=(--principal "$principal" --keytab "$keytab")
[ -z "$properties_file" ] || cmd+=(--properties-file "$properties_file")
cmd+=(--files "$log_config,$sparkify_conf"
  --conf "spark.driver.extraJavaOptions=$driver_log_opt"
  --conf "spark.executor.extraJavaOptions=$log_opt"
  --conf "spark.yarn.appMasterEnv.SPARKIFY_CONF=$shipped_conf"
  --conf "spark.executorEnv.SPARKIFY_CONF=$shipped_conf"
  --conf "spark.yarn.maxAppAttempts=$max_attempts"
)
if $streaming; then
  # A long-running query: YARN restarts the driver after a failure (the query resumes from its
  # checkpoint, exactly once); failures older than the interval stop counting, so a job that
  # fails once a week is never given up on, while one that crash-loops is.
  cmd+=(--conf "spark.yarn.am.attemptFailuresValidityInterval=$attempts_interval"
    --conf "spark.yarn.executor.failuresValidityInterval=$attempts_interval"
    --conf "spark.task.maxFailures=8")
fi
if [ "$mode" = cluster ]; then
  cmd+=(--conf "spark.yarn.submit.waitAppCompletion=$wait_completion")
  # SPARKIFY_<KEY> overrides reach a client-mode driver with this environment, but a cluster-mode
  # driver runs in a YARN container: pass them on, so that the job resolves its settings as this
  # script did (the ingest's trigger above) and as ./sparkify would.
  while IFS= read -r var; do
    cmd+=(--conf "spark.yarn.appMasterEnv.$var=${!var}")
  done < <(config_env_vars)
fi
if $java_only && [ "$master" = yarn ]; then
  # The containers need Spark's jars too: uploaded with each submission, or, when the nodemanagers
  # run on this host (./sparkify cluster), read in place. A multi-host cluster sets
  # spark.yarn.archive instead (an archive of the folder uploaded to HDFS once, docs/deploy.md),
  # which Spark prefers over spark.yarn.jars.
  case "${DEPLOY_SPARK_JARS_LOCAL:-false}" in
    true) cmd+=(--conf "spark.yarn.jars=local:$spark_jars/*") ;;
    false) cmd+=(--conf "spark.yarn.jars=$spark_jars/*") ;;
    *) die_usage "DEPLOY_SPARK_JARS_LOCAL must be true or false, not '$DEPLOY_SPARK_JARS_LOCAL'" ;;
  esac
fi
if [ "$mode" = client ] && [ "$master" = yarn ]; then
  # Spark races in YARN client mode: the application master's web-proxy filter
  # (YarnSchedulerBackend.addWebUIFilter) can arrive while the SparkContext starts its UI
  # (SparkUI.attachAllHandlers, which takes no lock), and the context then fails to start with a
  # ConcurrentModificationException (seen in ClusterDeployTest's scheduled retrain, 2026-12-07).
  # Client mode is how the retrain is scheduled (its progress is in its log): it starts no UI.
  # --conf spark.ui.enabled=true (or DEPLOY_SPARK_CONF) brings it back.
  cmd+=(--conf "spark.ui.enabled=false")
fi
# Extra settings last, so that they win over the ones above.
if [ -n "${DEPLOY_SPARK_CONF:-}" ]; then
  read -r -a env_confs <<<"$DEPLOY_SPARK_CONF"
  for c in "${env_confs[@]}"; do cmd+=(--conf "$c"); done
fi
for c in "${flag_confs[@]}"; do
  [[ "$c" == *=* ]] || die_usage "--conf needs KEY=VALUE, not '$c'"
  cmd+=(--conf "$c")
done
cmd+=("$jar" "$job" "${job_args[@]}")

# One word as the shell reads it: bare when safe, else single-quoted.
shell_quote() {
  if [[ "$1" =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

if $dry_run; then
  line=""
  for w in "${submit_env[@]}" "${cmd[@]}"; do line+="$(shell_quote "$w") "; done
  printf '%s\n' "${line% }"
  exit "$EXIT_OK"
fi

# ---------------------------------------------------------------------------------------------
# Run: under a lock, the ingest only when YARN does not run it yet; the exit code mapped for the
# scheduler.
# ---------------------------------------------------------------------------------------------
# The Hadoop yarn CLI, if this host has one. A yarn on the PATH counts only beside a hadoop
# program: a lone yarn is most likely Node's package manager.
find_yarn_cli() {
  local dir found
  if [ -n "${DEPLOY_YARN_CLI:-}" ]; then printf '%s' "$DEPLOY_YARN_CLI"; return 0; fi
  if $java_only; then printf '%s' java-yarn-cli; return 0; fi
  for dir in "${HADOOP_YARN_HOME:-}" "${HADOOP_HOME:-}"; do
    if [ -n "$dir" ] && [ -x "$dir/bin/yarn" ]; then printf '%s' "$dir/bin/yarn"; return 0; fi
  done
  found="$(command -v yarn 2>/dev/null)" || return 1
  [ -x "$(dirname "$found")/hadoop" ] || return 1
  printf '%s' "$found"
}

# Refuses (exit 4) to submit an ingest while YARN has one of the same name that has not ended:
# two streaming queries on one checkpoint fight over its offsets log, and a scheduled
# available-now run must not overlap the stream either. The lock below only covers submissions
# from this host, and a streaming ingest outlives its submission; YARN knows what runs.
check_not_running_on_yarn() {
  local yarn listing id name state
  if ! yarn="$(find_yarn_cli)"; then
    echo "$PROG: note: no Hadoop yarn CLI found (DEPLOY_YARN_CLI, HADOOP_HOME, PATH), so YARN is not asked whether '$app_name' already runs" >&2
    return 0
  fi
  local yarn_cmd=("$yarn")
  if [ "$yarn" = java-yarn-cli ]; then
    # No Hadoop installation: Hadoop's own yarn client class (what "yarn application" runs).
    build_java
    yarn_cmd=("${java_tool[@]}" org.apache.hadoop.yarn.client.cli.ApplicationCLI)
    yarn="Hadoop's ApplicationCLI"
  fi
  if ! listing="$("${yarn_cmd[@]}" application -list -appStates NEW,NEW_SAVING,SUBMITTED,ACCEPTED,RUNNING 2>&1)"; then
    printf '%s\n' "$listing" | tail -n 5 >&2
    echo "$PROG: could not list YARN applications with $yarn; not submitting (exit $EXIT_FAILURE). Fix the client settings (HADOOP_CONF_DIR, a Kerberos ticket), or skip the check with --no-yarn-check" >&2
    exit "$EXIT_FAILURE"
  fi
  # Rows are tab-separated and space-padded: Application-Id, Application-Name, Application-Type,
  # User, Queue, State, ...
  while IFS=$'\t' read -r id name _ _ _ state _; do
    id="${id//[[:space:]]/}"
    name="${name#"${name%%[![:space:]]*}"}"
    name="${name%"${name##*[![:space:]]}"}"
    [[ "$id" == application_* ]] || continue
    if [ "$name" = "$app_name" ]; then
      echo "$PROG: YARN already runs '$app_name' as $id (${state//[[:space:]]/}); not starting another one on the same checkpoint (exit $EXIT_LOCKED). Stop it first: docs/deploy.md" >&2
      exit "$EXIT_LOCKED"
    fi
  done <<<"$listing"
}

command -v flock >/dev/null 2>&1 || die_usage "flock (util-linux) is needed for the run lock"
lock_file="${opt_lock_file:-${DEPLOY_LOCK_FILE:-${DEPLOY_LOCK_DIR:-${TMPDIR:-/tmp}}/sparkify-$job.lock}}"
mkdir -p "$(dirname "$lock_file")" 2>/dev/null || true
# Opened without truncating, so a refused run can still read the holder's pid.
if ! exec 9<>"$lock_file"; then
  die_usage "cannot open the lock file $lock_file"
fi
if ! flock -n 9; then
  holder="$(head -c 64 "$lock_file" 2>/dev/null | tr -dc '0-9')" || true
  echo "$PROG: another '$job' run holds the lock $lock_file${holder:+ (pid $holder)}; not starting (exit $EXIT_LOCKED)" >&2
  exit "$EXIT_LOCKED"
fi
printf '%s\n' "$$" >"$lock_file"
# spark-submit inherits the lock: it stays held while spark-submit runs, even if this shell is
# killed: for the whole job when it is waited for (batch jobs, available-now, client mode), for
# the submission of a streaming ingest in cluster mode (then YARN's own list guards the rest).
if [ "$job" = ingest ] && [ "$master" = yarn ] && [ "$yarn_check" = true ]; then
  check_not_running_on_yarn
fi

echo "$PROG: submitting $job to $master ($mode mode): $main_class from $(basename "$jar")" >&2
command -v "${spark_submit[0]}" >/dev/null 2>&1 || [ -x "${spark_submit[0]}" ] || {
  echo "$PROG: spark-submit not found ('${spark_submit[0]}'); set SPARK_HOME or SPARK_SUBMIT" >&2
  exit "$EXIT_USAGE"
}

if [ "$mode" = client ] || [ "$wait_completion" = false ]; then
  # exec: spark-submit takes this process's place and keeps the lock (fd 9); its code is ours.
  exec env "${submit_env[@]}" "${cmd[@]}"
fi

# Cluster mode, waiting: spark-submit only says SUCCEEDED (0) or not (1). The application's own
# exit status (e.g. 5, trained but not promoted) is in the final report's diagnostics, which the
# YARN client prints; keep a copy of its output to find it.
report_log="$(mktemp "${TMPDIR:-/tmp}/sparkify-deploy-$job.XXXXXX")"
trap 'rm -f "$report_log"' EXIT
# stderr goes through tee (to the terminal or log and to the copy); stdout stays as it is.
rc=0   # pipefail: spark-submit's status unless tee itself failed
{ "${cmd[@]}" 2>&1 1>&3 3>&- | tee "$report_log" >&2 3>&-; } 3>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
  app_status="$(grep -oE 'User application exited with status [0-9]+' "$report_log" | tail -n 1 | grep -oE '[0-9]+$')" || true
  if [ -n "$app_status" ] && [ "$app_status" -ne 0 ]; then
    rc="$app_status"
  else
    rc="$EXIT_FAILURE"
  fi
  echo "$PROG: $job ended with exit code $rc" >&2
fi
exit "$rc"
