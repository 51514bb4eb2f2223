#!/usr/bin/env bash
# Installs the noVNC web client that nova-novncproxy serves (Debian's
# novnc package, into /usr/share/novnc: [DEFAULT] web), and the headless
# Chromium that tests/functional/test_consoles.py opens it in.
# Idempotent; run as root. Usage: tools/console/setup-host.sh
set -euo pipefail
"$(dirname "$0")"/../apt-ensure.sh novnc chromium fonts-dejavu-core
