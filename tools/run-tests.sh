#!/usr/bin/env bash
# Installs nova with its test requirements into .venv (and, as root, the
# host packages of the libvirt and network tests) and runs the tests:
# unit tests, then functional tests that start real clouds (SQLite +
# in-process transport, and split daemons on RabbitMQ with MariaDB and
# PostgreSQL, which must be running on 127.0.0.1), after flake8.
# Arguments go to pytest; by default every test, one worker per core
# (each test cloud has its own database, vhost and ports).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install.sh --test
# libvirt, QEMU, the network data plane's tools, noVNC and the test guest
# images (idempotent; needs root, as the real-guest tests do).
if [ "$(id -u)" = 0 ]; then
    tools/libvirt/setup-host.sh
    tools/network/setup-host.sh
    tools/console/setup-host.sh
    tools/libvirt/build-test-images.sh
else
    echo "not root: the libvirt guest tests will be skipped" >&2
fi
.venv/bin/python -m flake8 nova tests tools
# Several test clouds run at once, each conductor keeping up to 16 MariaDB
# connections (nova.conductor.db_pool) beside the other daemons' pools:
# MariaDB's default of 151 connections for the whole machine was seen
# exhausted. A test machine's setting, not persisted across a restart.
mysql -uroot -h127.0.0.1 -e 'SET GLOBAL max_connections = 1000' \
    2>/dev/null || echo "could not raise MariaDB's max_connections" >&2
# Bytecode caching on for the hundreds of processes the tests start (see
# daemon_env in tests/functional/cloud.py), beside the venv when the
# caller had it off.
if [ -n "${PYTHONDONTWRITEBYTECODE:-}" ]; then
    unset PYTHONDONTWRITEBYTECODE
    export PYTHONPYCACHEPREFIX="${PYTHONPYCACHEPREFIX:-$PWD/.venv/pycache}"
fi
if [ "$#" -eq 0 ]; then
    # The slowest tests are listed at the end: CI time is a budget.
    # worksteal: a worker that runs out takes tests queued for the other
    # (with plain load distribution one worker idled for the last 20 min).
    set -- -n auto --dist worksteal --durations=40 tests
fi
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
