#!/usr/bin/env bash
# Creates .venv (if needed) and installs nova with the pinned dependencies.
# Usage: tools/install.sh [--test]
# Installs the clients (python-openstackclient, novaclient) too; --test adds
# the test requirements.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.nova-installed
wanted=$(cat requirements.txt client-requirements.txt test-requirements.txt constraints.txt setup.cfg | sha1sum | cut -c1-40)
# A test install holds everything a plain one does: reinstalling then
# would rewrite the package under tests that are running.
have=$(cat "$stamp" 2>/dev/null || true)
if [ "$have" != "$wanted${1:-}" ] && [ "$have" != "$wanted--test" ]; then
    .venv/bin/pip install -q --upgrade pip
    reqs=(-r requirements.txt -r client-requirements.txt)
    if [ "${1:-}" = "--test" ]; then
        reqs+=(-r test-requirements.txt)
    fi
    .venv/bin/pip install -q -c constraints.txt "${reqs[@]}"
    .venv/bin/pip install -q -c constraints.txt --no-deps -e .
    echo "$wanted${1:-}" > "$stamp"
fi
