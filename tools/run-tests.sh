#!/usr/bin/env bash
# Installs nova with its test requirements into .venv and runs the tests:
# unit tests, then functional tests that start real clouds (SQLite +
# in-process transport, and split daemons on RabbitMQ with MariaDB and
# PostgreSQL, which must be running on 127.0.0.1), after flake8.
# Arguments go to pytest; by default every test, one worker per core
# (each test cloud has its own database, vhost and ports).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install.sh --test
.venv/bin/python -m flake8 nova tests tools
if [ "$#" -eq 0 ]; then
    set -- -n auto tests
fi
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
