#!/usr/bin/env bash
# Installs a pinned OpenStack peer (keystone, glance, tempest) from PyPI into
# a virtual environment of its own outside the repository, reused when present.
# Usage: tools/peers/install.sh NAME    (prints the environment's directory)
# NOVA_PEERS_CACHE overrides the parent folder (default /var/cache/nova-peers).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=${1:?usage: $0 keystone|glance|tempest}
case "$name" in
    keystone) version=30.0.0; extra=(gunicorn) ;;
    glance)   version=33.0.0; extra=(gunicorn) ;;
    tempest)  version=47.0.0; extra=() ;;
    neutron)  version=29.0.0; extra=(gunicorn PyMySQL) ;;
    *) echo "unknown peer: $name" >&2; exit 2 ;;
esac
constraints=$here/$name-constraints.txt
cache=${NOVA_PEERS_CACHE:-/var/cache/nova-peers}
venv=$cache/$name-$version
stamp=$venv/.nova-peer-installed
wanted=$( (echo "$name $version ${extra[*]}"; cat "$constraints") | sha1sum | cut -c1-40)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    echo "$venv"
    exit 0
fi
mkdir -p "$cache"
# One installer at a time per peer: CI steps and tests may ask concurrently.
exec 9>"$cache/.$name-$version.lock"
flock 9
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    echo "$venv"
    exit 0
fi
rm -rf "$venv"
"${PYTHON:-python3}" -m venv "$venv"
{
    "$venv/bin/pip" install -q --upgrade pip setuptools wheel
    "$venv/bin/pip" install -q -c "$constraints" "$name==$version" "${extra[@]}"
} >&2
echo "$wanted" > "$stamp"
echo "$venv"
