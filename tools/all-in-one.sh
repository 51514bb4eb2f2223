#!/usr/bin/env bash
# Installs nova into .venv and starts the whole cloud in one process
# (nova-all): SQLite under $NOVA_STATE_PATH (default ~/.nova), the
# in-process transport, the fake driver and the built-in image store.
# Extra arguments go to nova-all, e.g. --config-file my.conf.
# With --keystone first: a real Keystone on port 5000 beside it (tokens,
# service users, a catalog of the built-in services, EC2 signatures
# checked by Keystone) and a clouds.yaml printed; see
# tools/all_in_one_keystone.py.
set -euo pipefail
keystone=
if [ "${1:-}" = --keystone ]; then
    keystone=1
    shift
fi
cd "$(dirname "$0")/.."
tools/install.sh
# The noVNC web client of the console proxy, when we may install it.
if [ "$(id -u)" = 0 ]; then
    tools/apt-ensure.sh novnc
fi
state=${NOVA_STATE_PATH:-$HOME/.nova}
mkdir -p "$state"
if [ -n "$keystone" ]; then
    exec .venv/bin/python tools/all_in_one_keystone.py "$state" "$@"
fi
exec .venv/bin/nova-all --state_path "$state" "$@"
