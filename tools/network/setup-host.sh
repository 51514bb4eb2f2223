#!/usr/bin/env bash
# Prepares this host for the built-in networking's Linux data plane
# ([network] plumbing_driver = linux_net; idempotent, run as root): the
# nft, dnsmasq, dhcp_release and ip commands, from Debian packages.
# Usage: tools/network/setup-host.sh
set -euo pipefail

PACKAGES=(nftables dnsmasq-base dnsmasq-utils iproute2)

missing=()
for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' \
        || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
