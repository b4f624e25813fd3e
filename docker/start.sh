#!/usr/bin/env bash
# Starts Odoo with the dist suite on one database, the container's command.
# - empty database (or none): installs the suite with its demo data, then starts Odoo;
# - a suite module not installed (a first install cut short, or one uninstalled by hand):
#   installs what is missing, then starts;
# - installed suite modules whose version differs from their manifest: upgrades them (-u),
#   then starts;
# - otherwise: only starts Odoo.
# Every Odoo run gets the master password (from DIST_ADMIN_PASSWORD_FILE, DIST_ADMIN_PASSWORD,
# or generated once and kept in DIST_STATE_DIR) and list_db = False, so no database manager
# is served. Extra arguments are passed to every Odoo run.
#
# Environment (defaults are the image's):
#   DIST_DB            database name (dist)
#   DIST_ODOO          the Odoo command (odoo)
#   DIST_ODOO_CONFIG   base configuration file ($ODOO_RC, else /etc/odoo/odoo.conf)
#   DIST_STATE_DIR     where the generated password and the runtime configuration live (/var/lib/odoo)
#   DIST_ROOT          the suite's folder (this script's parent folder)
#   DIST_PYTHON        the Python that imports Odoo (python3)
set -euo pipefail

log() { echo "dist-start: $*" >&2; }
die() {
    log "ERROR: $*"
    exit 1
}

DB=${DIST_DB:-dist}
read -ra ODOO <<< "${DIST_ODOO:-odoo}"
BASE_CONFIG=${DIST_ODOO_CONFIG:-${ODOO_RC:-/etc/odoo/odoo.conf}}
STATE_DIR=${DIST_STATE_DIR:-/var/lib/odoo}
ROOT=${DIST_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
PYTHON=${DIST_PYTHON:-python3}
CONFIG="$STATE_DIR/odoo-dist.conf"

[ -r "$BASE_CONFIG" ] || die "cannot read the Odoo configuration $BASE_CONFIG"
if [ ! -d "$STATE_DIR" ] || [ ! -w "$STATE_DIR" ]; then die "$STATE_DIR must be a writable folder"; fi

# Master password: never Odoo's default, never empty.
if [ -n "${DIST_ADMIN_PASSWORD_FILE:-}" ]; then
    [ -r "$DIST_ADMIN_PASSWORD_FILE" ] || die "cannot read DIST_ADMIN_PASSWORD_FILE=$DIST_ADMIN_PASSWORD_FILE"
    PASSWORD=$(< "$DIST_ADMIN_PASSWORD_FILE")
elif [ -n "${DIST_ADMIN_PASSWORD:-}" ]; then
    PASSWORD=$DIST_ADMIN_PASSWORD
else
    GENERATED="$STATE_DIR/admin_passwd"
    if [ ! -s "$GENERATED" ]; then
        (umask 077 && "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(24))' > "$GENERATED")
        log "no DIST_ADMIN_PASSWORD given: generated a master password, stored in $GENERATED"
    fi
    PASSWORD=$(< "$GENERATED")
fi
[ "$PASSWORD" != admin ] || die "the master password must not be Odoo's default 'admin'"
[ "${#PASSWORD}" -ge 12 ] || die "the master password must have at least 12 characters"

# Runtime configuration: the base one with the password's hash (Odoo's own scheme) and no
# database manager, whatever the base file says.
HASH=$("$PYTHON" -c 'import sys
from passlib.context import CryptContext
print(CryptContext(["pbkdf2_sha512"], pbkdf2_sha512__rounds=600_000).hash(sys.stdin.read()))' <<< "$PASSWORD")
(
    umask 077
    awk -v hash="$HASH" '
        /^[[:space:]]*(admin_passwd|list_db)[[:space:]]*=/ { next }
        { print }
        /^[[:space:]]*\[options\][[:space:]]*$/ { print "admin_passwd = " hash; print "list_db = False"; done = 1 }
        END { if (!done) exit 3 }
    ' "$BASE_CONFIG" > "$CONFIG.new"
) || die "$BASE_CONFIG has no [options] section"
mv "$CONFIG.new" "$CONFIG"

# What the database needs, read with Odoo's own configuration and connection:
# "install <modules>", "upgrade <modules>" or "current".
STATE=$("$PYTHON" - "$ROOT" "$CONFIG" "$DB" "$@" << 'PY'
import ast
import pathlib
import sys

import odoo
from odoo.modules.module import adapt_version
from odoo.sql_db import db_connect

root, config, db, *args = sys.argv[1:]
odoo.tools.config.parse_config(["-c", config, "-d", db, *args])
manifests = {}
for path in sorted([*pathlib.Path(root).glob("*/__manifest__.py"), *pathlib.Path(root).glob("addons/*/__manifest__.py")]):
    manifests[path.parent.name] = ast.literal_eval(path.read_text())
if not manifests:
    sys.exit(f"no suite module found in {root}")
# The bridges are auto-installed with the modules they join.
top = sorted(name for name, manifest in manifests.items() if not manifest.get("auto_install"))

with db_connect("postgres").cursor() as cr:
    cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
    exists = bool(cr.fetchone())
installed = {}
if exists:
    with db_connect(db).cursor() as cr:
        cr.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
        if cr.fetchone()[0]:
            cr.execute(
                "SELECT name, state, latest_version FROM ir_module_module WHERE name = ANY(%s)", [list(manifests)]
            )
            installed = {name: (state, version) for name, state, version in cr.fetchall()}
missing = [name for name in top if installed.get(name, ("",))[0] not in ("installed", "to upgrade")]
if missing:
    print("install", ",".join(missing))
    sys.exit()
changed = [
    name
    for name, (state, version) in sorted(installed.items())
    if state == "to upgrade" or (state == "installed" and version != adapt_version(manifests[name]["version"]))
]
print(f"upgrade {','.join(changed)}" if changed else "current")
PY
) || die "could not read the state of database $DB (see above)"

case "$STATE" in
    install\ *)
        log "installing ${STATE#install } with demo data into $DB (the first start takes about 4 minutes)"
        "${ODOO[@]}" -c "$CONFIG" -d "$DB" -i "${STATE#install }" --stop-after-init "$@" \
            || die "installing the suite into $DB failed"
        ;;
    upgrade\ *)
        log "upgrading ${STATE#upgrade } in $DB (their code has another version)"
        "${ODOO[@]}" -c "$CONFIG" -d "$DB" -u "${STATE#upgrade }" --stop-after-init "$@" \
            || die "upgrading the suite in $DB failed"
        ;;
    current) log "the suite in $DB is up to date" ;;
    *) die "unexpected state of database $DB: $STATE" ;;
esac
log "starting Odoo on database $DB"
exec "${ODOO[@]}" -c "$CONFIG" -d "$DB" "$@"
