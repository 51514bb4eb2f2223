#!/usr/bin/env bash
# Installs nova into .venv and starts the whole cloud in one process
# (nova-all): SQLite under $NOVA_STATE_PATH (default ~/.nova), the
# in-process transport, the fake driver and the built-in image store.
# Extra arguments go to nova-all, e.g. --config-file my.conf.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install.sh
# The noVNC web client of the console proxy, when we may install it.
if [ "$(id -u)" = 0 ]; then
    tools/apt-ensure.sh novnc
fi
state=${NOVA_STATE_PATH:-$HOME/.nova}
mkdir -p "$state"
exec .venv/bin/nova-all --state_path "$state" "$@"
