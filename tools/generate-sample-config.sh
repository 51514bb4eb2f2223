#!/usr/bin/env bash
# Regenerates etc/nova/nova.conf.sample from the options' own help texts.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/oslo-config-generator --config-file etc/nova/nova-config-generator.conf
