#!/usr/bin/env bash
# Regenerates etc/nova/policy.yaml.sample from the rules' defaults
# (the oslo.policy.policies entry point).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/oslopolicy-sample-generator \
    --config-file etc/nova/nova-policy-generator.conf
