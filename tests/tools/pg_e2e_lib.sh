# Sourced by the PostgreSQL end-to-end scripts, before e2e_lib.sh: the test run's cluster
# (tests/support/pg_cluster.sh, found through GRIDCASE_PG_CLUSTER), or a skip (exit 77, which
# CTest reports as skipped) when PostgreSQL is not installed; and databases of the script's own.
#
#   MAINTENANCE                   the conninfo of the cluster's maintenance database
#   pg_new_database VAR PREFIX    creates a database PREFIX_<pid>_<n>; VAR gets its conninfo
#                                 and PG_NEW_DATABASE its name
#   pg_drop_databases             drops every database pg_new_database made (for the EXIT trap)

cluster="${GRIDCASE_PG_CLUSTER:?GRIDCASE_PG_CLUSTER is not set}"
if [[ -f "$cluster/unavailable" ]]; then
  echo "gridcase: PostgreSQL tests skip: $(cat "$cluster/unavailable")"
  exit 77
fi
MAINTENANCE=$(cat "$cluster/conninfo")

PG_DATABASES=()
PG_NEW_DATABASE=
pg_new_database() {
  PG_NEW_DATABASE="${2}_$$_${RANDOM}_${#PG_DATABASES[@]}"
  psql -X -q -v ON_ERROR_STOP=1 "$MAINTENANCE" -c "CREATE DATABASE $PG_NEW_DATABASE" >/dev/null
  PG_DATABASES+=("$PG_NEW_DATABASE")
  printf -v "$1" '%s' "${MAINTENANCE/dbname=postgres/dbname=$PG_NEW_DATABASE}"
}
pg_drop_databases() {
  local name
  for name in "${PG_DATABASES[@]}"; do
    psql -X -q "$MAINTENANCE" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
  done
}
