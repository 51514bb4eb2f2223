#!/usr/bin/env bash
# Prepares this host for the built-in networking's Linux data plane
# ([network] plumbing_driver = linux_net; idempotent, run as root): the
# nft, dnsmasq, dhcp_release(6) and ip commands, and haproxy (the metadata
# proxy of each network namespace when [network] allow_overlapping_ips),
# from Debian packages.
# Usage: tools/network/setup-host.sh
set -euo pipefail

PACKAGES=(nftables dnsmasq-base dnsmasq-utils iproute2 haproxy)

"$(dirname "$0")"/../apt-ensure.sh "${PACKAGES[@]}"
