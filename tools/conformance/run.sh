#!/usr/bin/env bash
# The conformance job: Tempest (tempest.api.compute and tempest.api.image)
# against nova-all behind a real Keystone, with the built-in image service
# or a real Glance as the image backend.
# Usage: tools/conformance/run.sh [--image-backend builtin|glance]
#            [--regex R] [--update-pass-list]
# Fails when a test of tools/conformance/pass-list-<backend>.txt does not
# pass. Results and logs: .conformance/<backend>/ (summary.txt, skips.txt,
# failed.txt, tempest/tempest-run.log).
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/install.sh >/dev/null
exec .venv/bin/python tools/conformance/job.py "$@"
