# Shared by deploy/local/up and deploy/local/test: install and start what is missing, idempotently.
# Sourced, not run. Works as root (CI, containers) or as a sudoer.

DISPATCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE_DIR="$DISPATCH_ROOT/.dispatch-local"
mkdir -p "$STATE_DIR"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

_apt_updated=
apt_install() {
  if [ -z "$_apt_updated" ]; then say "apt-get update"; as_root apt-get update -qq; _apt_updated=1; fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# Waits for a command to succeed, up to $1 seconds.
wait_for() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then echo "timed out after ${seconds}s waiting for: $*" >&2; return 1; fi
    sleep 1
  done
}

ensure_postgres() {
  if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    apt_install postgresql
  fi
  if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    local version; version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    say "creating PostgreSQL $version cluster"
    as_root pg_createcluster "$version" main >/dev/null
  fi
  local version name port status
  read -r version name port status _ < <(pg_lsclusters -h | head -n 1)
  if [ "$status" != "online" ]; then
    say "starting PostgreSQL $version/$name"
    as_root pg_ctlcluster "$version" "$name" start
  fi
  PG_PORT=$port
  wait_for 60 pg_isready -q -h 127.0.0.1 -p "$PG_PORT"
}

# Debian's docker-compose (1.29): the suite validates the compose files with `docker-compose config`; no engine is needed.
ensure_docker_compose() {
  if ! command -v docker-compose >/dev/null 2>&1; then
    apt_install docker-compose
  fi
}

# The OpenAPI linter the suite runs (OpenApiLintSpecs): Redocly CLI pinned in deploy/openapi, installed from its lock file.
# Debian's nodejs when node is missing (Debian 12's is 18, too old for Redocly CLI 2.77: the spec then says so and is skipped).
# npm ci again when node_modules is missing or was installed from another lock file.
ensure_openapi_linter() {
  local dir="$DISPATCH_ROOT/deploy/openapi" stamp
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  stamp="$dir/node_modules/.dispatch-lock.sha256"
  if [ -f "$stamp" ] && (cd "$dir" && sha256sum --status -c "$stamp" 2>/dev/null); then
    return 0
  fi
  say "installing the OpenAPI linter (npm ci in deploy/openapi)"
  if (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
    (cd "$dir" && sha256sum package-lock.json > "$stamp")
  else
    say "npm ci failed in deploy/openapi: OpenApiLintSpecs will say what is missing"
  fi
}

# The console (Dispatch.Api/ClientApp: Vue, Vite, Vitest). Debian's nodejs when node is missing (Debian 12's is 18, which Vite 6
# and Vitest 3 support); an older Node is said plainly and the console is not built. npm ci again when node_modules is missing
# or was installed from another lock file.
ensure_console_packages() {
  local dir="$DISPATCH_ROOT/Dispatch.Api/ClientApp" stamp major
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 18 ]; then
    say "the console needs Node 18 or later (Vite 6, Vitest 3); this machine has $(node --version 2>/dev/null || echo no node): install Node 18+"
    return 1
  fi
  stamp="$dir/node_modules/.dispatch-lock.sha256"
  if [ -f "$stamp" ] && (cd "$dir" && sha256sum --status -c "$stamp" 2>/dev/null); then
    return 0
  fi
  say "installing the console's packages (npm ci in Dispatch.Api/ClientApp)"
  if (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
    (cd "$dir" && sha256sum package-lock.json > "$stamp")
  else
    say "npm ci failed in Dispatch.Api/ClientApp"
    return 1
  fi
}

# Debian's Chromium for the console's browser specs: Playwright drives it at /usr/bin/chromium (its own browser download cannot run
# here, and Playwright 1.64 drives Debian 12's chromium 156). A Chinese font too, so that a failed spec's screenshot (and the docs'
# screenshots) can be read.
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
  fi
  if ! fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk'; then
    apt_install fonts-wqy-microhei
  fi
}

# Builds the console into Dispatch.Api/wwwroot, which the Api serves at /.
build_console() {
  ensure_console_packages || return 1
  say "building the console (Vite) into Dispatch.Api/wwwroot"
  (cd "$DISPATCH_ROOT/Dispatch.Api/ClientApp" && npm run --silent build >/dev/null)
}

ensure_rabbitmq() {
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    apt_install rabbitmq-server
  fi
  if ! as_root rabbitmqctl -q status >/dev/null 2>&1; then
    say "starting RabbitMQ"
    as_root rabbitmq-server -detached
  fi
  wait_for 120 as_root rabbitmqctl -q await_startup
}

# Secrets generated on first use and kept in .dispatch-local (git-ignored): no secret lives in the repo. Each is added to the file
# when missing, so a file from an earlier version gains the new ones and keeps the old.
ensure_credentials() {
  local file="$STATE_DIR/credentials.env"
  (umask 077; touch "$file")
  random() { head -c "$1" /dev/urandom | base64 | tr -dc 'A-Za-z0-9+/='; }
  grep -q '^DISPATCH_PASSWORD=' "$file" || printf 'DISPATCH_PASSWORD=%s\n' "$(random 24 | tr -dc 'A-Za-z0-9')" >> "$file"
  grep -q '^DISPATCH_APP_PASSWORD=' "$file" || printf 'DISPATCH_APP_PASSWORD=%s\n' "$(random 24 | tr -dc 'A-Za-z0-9')" >> "$file"
  # The key that seals the audit records (Audit:ChainKeys): 32 random bytes, base64. Never in the database.
  grep -q '^DISPATCH_AUDIT_KEY=' "$file" || printf 'DISPATCH_AUDIT_KEY=%s\n' "$(head -c 32 /dev/urandom | base64)" >> "$file"
  # shellcheck disable=SC1090
  . "$file"
  # Two roles: dispatch owns the databases and runs migrations; the services log in as dispatch_app, a member of dispatch_service,
  # which owns nothing and may only read and append the audit records (the migrations grant it what it may do).
  as_postgres psql -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -v pw="$DISPATCH_PASSWORD" -v apppw="$DISPATCH_APP_PASSWORD" >/dev/null <<'SQL'
select format('create role dispatch login createdb password %L', :'pw') where not exists (select from pg_roles where rolname = 'dispatch') \gexec
select format('alter role dispatch password %L', :'pw') \gexec
select 'create role dispatch_service nologin' where not exists (select from pg_roles where rolname = 'dispatch_service') \gexec
select format('create role dispatch_app login password %L in role dispatch_service', :'apppw')
  where not exists (select from pg_roles where rolname = 'dispatch_app') \gexec
select format('alter role dispatch_app password %L', :'apppw') \gexec
-- The owner watches what the services' sessions run (pg_stat_activity shows another role's query only to this role's members):
-- the specs that hold a table until the services' requests wait on it read it as the owner.
grant pg_read_all_stats to dispatch;
SQL
  if ! as_root rabbitmqctl -q list_users | grep -q '^dispatch\b'; then
    as_root rabbitmqctl -q add_user dispatch "$DISPATCH_PASSWORD" >/dev/null
  else
    as_root rabbitmqctl -q change_password dispatch "$DISPATCH_PASSWORD" >/dev/null
  fi
  as_root rabbitmqctl -q set_user_tags dispatch management >/dev/null
}

# Creates (or re-creates, with --fresh) a RabbitMQ virtual host the dispatch user may use.
ensure_vhost() {
  local vhost=$1 fresh=${2:-}
  if [ "$fresh" = "--fresh" ]; then as_root rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true; fi
  as_root rabbitmqctl -q add_vhost "$vhost" >/dev/null 2>&1 || true
  as_root rabbitmqctl -q set_permissions -p "$vhost" dispatch '.*' '.*' '.*' >/dev/null
}

ensure_database() {
  local db=$1
  if [ -z "$(as_postgres psql -p "$PG_PORT" -tAc "select 1 from pg_database where datname = '$db'")" ]; then
    as_postgres createdb -p "$PG_PORT" -O dispatch "$db"
  fi
}

# Test and benchmark databases left behind by runs that were killed (a finished run drops its own): older than three hours
# (PG_VERSION is written when a database is created and never again) and with nobody connected.
drop_orphaned_databases() {
  local name
  for name in $(as_postgres psql -At -p "$PG_PORT" -c "
      select d.datname from pg_database d
      where (d.datname like 'dispatch\_test\_%' or d.datname like 'dispatch\_bench\_%')
        and (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification < now() - interval '3 hours'
        and not exists (select from pg_stat_activity a where a.datid = d.oid)"); do
    say "dropping $name, left behind by a run that was killed"
    as_postgres psql -q -p "$PG_PORT" -c "drop database if exists \"$name\"" >/dev/null || true
  done
}

# Loopback without TLS: encrypting traffic that never leaves the machine protects nothing, and TLS cost about a quarter of each
# .NET process's CPU in the benchmark (Npgsql's default, Prefer, takes TLS whenever the server offers it, as Debian's does).
# A database on another machine needs TLS: see ConnectionStrings:Dispatch in docs/configuration.md.
dispatch_connection_string() {
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=dispatch;Password=%s;SSL Mode=Disable' "$PG_PORT" "$1" "$DISPATCH_PASSWORD"
}

# The services' connection: the role that owns nothing.
service_connection_string() {
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=dispatch_app;Password=%s;SSL Mode=Disable' "$PG_PORT" "$1" "$DISPATCH_APP_PASSWORD"
}

# ---------------------------------------------------------------------------------------------------------------------------------
# The survival fault scenarios' own servers (Dispatch.Tests/Integration/Faults/SurvivalFaultSpecs.cs, through
# Dispatch.Tests/Support/RabbitMqCluster.cs and OwnPostgresCluster.cs): a three-node RabbitMQ cluster and a PostgreSQL cluster,
# each with its own names, ports and data folders, so that killing a node or stopping the database touches nothing else on the
# machine (not the RabbitMQ node and PostgreSQL cluster the rest of the suite uses). Started and removed by the scenarios.

FAULTS_RABBIT_DIR=${FAULTS_RABBIT_DIR:-$STATE_DIR/faults-rabbitmq}
# Node i listens for AMQP on FAULTS_RABBIT_PORT+i-1, for Erlang distribution on FAULTS_RABBIT_PORT+10+i-1 and for the management
# HTTP API on FAULTS_RABBIT_PORT+20+i-1 (the scenarios read queues, leaders and nodes there: a rabbitmqctl call starts an Erlang
# VM, which takes 20 s on a busy machine): below the ports Support/ListenPort hands out and the kernel's range for outgoing
# connections, and apart from the usual 5672/25672/15672.
FAULTS_RABBIT_PORT=${FAULTS_RABBIT_PORT:-5681}
# Sorts after "main" on purpose: ensure_postgres and the older fault specs take the first cluster pg_lsclusters lists.
FAULTS_PG_CLUSTER=${FAULTS_PG_CLUSTER:-survival}
FAULTS_PG_PORT=${FAULTS_PG_PORT:-5440}

faults_rabbit_node() { printf 'dispatch-faults-%s@localhost' "$1"; }
faults_rabbit_amqp_port() { echo $((FAULTS_RABBIT_PORT + $1 - 1)); }
faults_rabbit_http_port() { echo $((FAULTS_RABBIT_PORT + 20 + $1 - 1)); }

# Runs a RabbitMQ command (rabbitmq-server, rabbitmqctl, rabbitmq-diagnostics…) for node $1 of the scenarios' cluster: Debian's
# scripts in /usr/sbin switch to the rabbitmq user and its home (the shared node's Erlang cookie), so the ones beneath them, with
# this cluster's own home (and cookie), names, ports and folders.
faults_rabbit_run() {
  local i=$1 command=$2; shift 2
  local dir="$FAULTS_RABBIT_DIR/node-$i"
  as_root env HOME="$FAULTS_RABBIT_DIR" \
    RABBITMQ_NODENAME="$(faults_rabbit_node "$i")" RABBITMQ_USE_LONGNAME=false \
    RABBITMQ_NODE_PORT="$(faults_rabbit_amqp_port "$i")" RABBITMQ_DIST_PORT=$((FAULTS_RABBIT_PORT + 10 + i - 1)) \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_PID_FILE="$dir/pid" ERL_CRASH_DUMP="$dir/erl_crash.dump" \
    "/usr/lib/rabbitmq/bin/$command" "$@"
}

# Writes node $1's configuration: deploy/compose/rabbitmq-cluster.conf (what compose's cluster runs) with this machine's node
# names, plus its ports and the dispatch user.
faults_rabbit_configure() {
  local i=$1 dir="$FAULTS_RABBIT_DIR/node-$1"
  mkdir -p "$dir/mnesia" "$dir/log"
  sed -e "s/rabbit@rabbitmq-3\b/$(faults_rabbit_node 3)/; s/rabbit@rabbitmq-2\b/$(faults_rabbit_node 2)/; s/rabbit@rabbitmq\$/$(faults_rabbit_node 1)/" \
    "$DISPATCH_ROOT/deploy/compose/rabbitmq-cluster.conf" > "$dir/rabbitmq.conf"
  cat >> "$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = $(faults_rabbit_amqp_port "$i")
management.tcp.ip = 127.0.0.1
management.tcp.port = $(faults_rabbit_http_port "$i")
# Queue depths as the scenarios poll them: fresh every half second rather than every five.
collect_statistics_interval = 500
default_user = dispatch
default_pass = $DISPATCH_PASSWORD
loopback_users = none
CONF
  # The management plugin, as compose's image (rabbitmq:3.13-management) has it.
  echo '[rabbitmq_management].' > "$dir/enabled_plugins"
  : > "$dir/rabbitmq-env.conf"
}

faults_rabbit_node_start() {
  faults_rabbit_run "$1" rabbitmq-server -detached
  wait_for 120 faults_rabbit_run "$1" rabbitmqctl -q await_startup
}

# SIGKILL: the node dies as a machine would, nothing of its shutdown runs.
faults_rabbit_node_kill() {
  local pid; pid=$(cat "$FAULTS_RABBIT_DIR/node-$1/pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    as_root kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
}

# Three nodes from empty folders: node 1 first, then 2 and 3, which find it by the classic peer discovery of the configuration and
# join; done when all three run in one cluster. Needs the credentials (ensure_credentials or DISPATCH_PASSWORD).
faults_rabbit_cluster_up() {
  command -v curl >/dev/null 2>&1 || apt_install curl
  faults_rabbit_cluster_down
  mkdir -p "$FAULTS_RABBIT_DIR"
  (umask 077; head -c 30 /dev/urandom | base64 | tr -dc 'A-Z' | head -c 20 > "$FAULTS_RABBIT_DIR/.erlang.cookie")
  chmod 400 "$FAULTS_RABBIT_DIR/.erlang.cookie"
  local i
  for i in 1 2 3; do faults_rabbit_configure "$i"; done
  faults_rabbit_node_start 1
  faults_rabbit_node_start 2 & faults_rabbit_node_start 3 & wait
  wait_for 120 faults_rabbit_cluster_whole
}

# True when every node runs and sees the other two (asked over the management API: a rabbitmqctl call is an Erlang VM's start).
faults_rabbit_cluster_whole() {
  local i
  for i in 1 2 3; do
    [ "$(curl -sf -u "dispatch:$DISPATCH_PASSWORD" "http://127.0.0.1:$(faults_rabbit_http_port "$i")/api/nodes?columns=name,running" \
      | grep -o '"running":true' | wc -l)" = 3 ] || return 1
  done
}

faults_rabbit_cluster_down() {
  local i
  for i in 1 2 3; do faults_rabbit_node_kill "$i"; done
  [ -d "$FAULTS_RABBIT_DIR" ] && as_root rm -rf "$FAULTS_RABBIT_DIR"
  return 0
}

# A PostgreSQL cluster of the scenarios' own (created, or re-created empty), started, with the roles ensure_credentials makes.
faults_postgres_up() {
  local version; version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  faults_postgres_down
  as_root pg_createcluster "$version" "$FAULTS_PG_CLUSTER" -p "$FAULTS_PG_PORT" >/dev/null
  faults_postgres_ctl start
  as_postgres psql -q -v ON_ERROR_STOP=1 -p "$FAULTS_PG_PORT" -v pw="$DISPATCH_PASSWORD" -v apppw="$DISPATCH_APP_PASSWORD" >/dev/null <<'SQL'
select format('create role dispatch login createdb password %L', :'pw') \gexec
create role dispatch_service nologin;
select format('create role dispatch_app login password %L in role dispatch_service', :'apppw') \gexec
grant pg_read_all_stats to dispatch;
SQL
}

# start | stop (fast: open sessions are cut, as in a crash or a failover) the scenarios' PostgreSQL cluster.
faults_postgres_ctl() {
  local version; version=$(pg_lsclusters -h | awk -v c="$FAULTS_PG_CLUSTER" '$2 == c { print $1 }')
  if [ "$1" = stop ]; then
    as_root pg_ctlcluster "$version" "$FAULTS_PG_CLUSTER" stop -m fast
  else
    as_root pg_ctlcluster "$version" "$FAULTS_PG_CLUSTER" start
    wait_for 60 pg_isready -q -h 127.0.0.1 -p "$FAULTS_PG_PORT"
  fi
}

faults_postgres_down() {
  local version; version=$(pg_lsclusters -h | awk -v c="$FAULTS_PG_CLUSTER" '$2 == c { print $1 }')
  if [ -n "$version" ]; then as_root pg_dropcluster --stop "$version" "$FAULTS_PG_CLUSTER"; fi
}
