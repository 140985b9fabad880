# lib.sh - what scripts/run and scripts/test share: packages, build, a private PostgreSQL.
# Sourced, not run. Needs bash; set -euo pipefail in the caller.

SAYWHO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_BIN=/usr/lib/postgresql/15/bin

# Debian packages the build, the tests and the local database need (pgbouncer: the pooler
# suite, tests/integration/test_pooler.c, runs saywho behind a real one).
SAYWHO_PACKAGES=(
  gcc libc6-dev pkg-config meson ninja-build python3
  libmicrohttpd-dev libjansson-dev libpq-dev libcriterion-dev libcurl4-openssl-dev wordnet-base
  postgresql-15 postgresql-client-15 curl
  pgbouncer
)

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }

# Installs whatever of "$@" is missing; silent when everything is there.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    say "missing packages: ${missing[*]} (run as root, or install them with apt-get)"
    return 1
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures (once) and builds build dir $1 with extra meson options "${@:2}".
build_saywho() {
  local dir=$1; shift
  if [ ! -f "$SAYWHO_ROOT/$dir/build.ninja" ]; then
    meson setup "$SAYWHO_ROOT/$dir" "$SAYWHO_ROOT" "$@" >/dev/null
  fi
  ninja -C "$SAYWHO_ROOT/$dir" >/dev/null || ninja -C "$SAYWHO_ROOT/$dir"
}

# PostgreSQL refuses to run as root: as root, run its tools as the postgres user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts a cluster with data in $1/data, its unix socket in $1, and TCP on
# 127.0.0.1:$2 when a port is given. Creates it first when needed.
pg_start() {
  local dir=$1 port=${2:-} listen="''"
  [ -n "$port" ] && listen=127.0.0.1
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
      --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  if as_pg "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then return 0; fi
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 \
    -o "-k $dir -c listen_addresses=$listen ${port:+-p $port} -c fsync=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { tail -20 "$dir/postgres.log" >&2; return 1; }
}

# Makes $2 a streaming replica of the cluster whose socket is in $1 (port ${3:-5432}):
# pg_basebackup -R (wal_level=replica and max_wal_senders are PostgreSQL 15's defaults;
# initdb -A trust lets local replication connections in), then starts it with its
# socket in $2. Tests use it; so can scripts/cluster-demo.
pg_start_replica() {
  local primary=$1 dir=$2 port=${3:-5432}
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg "$PG_BIN/pg_basebackup" -h "$primary" -p "$port" -U postgres -D "$dir/data" -R \
      -X stream -c fast --no-sync >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; return 1; }
  fi
  pg_start "$dir"
}

pg_stop() {
  local dir=$1
  [ -f "$dir/data/PG_VERSION" ] || return 0
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
}

# Creates database $2 in the cluster at $1 (socket) when it does not exist.
pg_createdb() {
  local dir=$1 db=$2 port=${3:-5432}
  as_pg "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -d postgres -Atqc \
    "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 ||
    as_pg "$PG_BIN/createdb" -h "$dir" -p "$port" -U postgres "$db"
}
