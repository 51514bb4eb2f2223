#!/usr/bin/env bash
# The conformance job: Tempest (tempest.api.compute, tempest.api.image and
# tempest.api.network) against nova-all behind a real Keystone, with its
# built-in Neutron API in the catalog, and the built-in image service or a
# real Glance as the image backend.
# Usage: tools/conformance/run.sh [--image-backend builtin|glance]
#            [--regex R] [--update-pass-list]
# Fails when a test of tools/conformance/pass-list-<backend>.txt does not
# pass. Results and logs: .conformance/<backend>/ (summary.txt, skips.txt,
# failed.txt, tempest/tempest-run.log).
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/install.sh >/dev/null
exec .venv/bin/python tools/conformance/job.py "$@"
