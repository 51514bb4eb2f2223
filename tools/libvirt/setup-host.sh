#!/usr/bin/env bash
# Prepares this host for the libvirt driver (idempotent, run as root):
# installs libvirt, QEMU and the image tools from Debian packages, starts
# libvirtd when it is not running, and installs libvirt-python into .venv.
# Guests run under TCG (virt_type = qemu): the test machines have no
# working KVM. Usage: tools/libvirt/setup-host.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

PACKAGES=(libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients
          libvirt-dev pkg-config qemu-system-x86 qemu-utils genisoimage
          busybox-static cpio syslinux syslinux-common mtools dosfstools)

tools/apt-ensure.sh "${PACKAGES[@]}"

# libvirtd started by hand (no systemd here): it needs its log directory,
# the libvirt-qemu user, and QEMU's output written to files (no virtlogd).
# QEMU runs as root so it can open disks under any test directory.
mkdir -p /var/log/libvirt/qemu /var/lib/libvirt/images /run/libvirt
id libvirt-qemu >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin \
    libvirt-qemu
conf=/etc/libvirt/qemu.conf
marker='# nova test host settings'
if ! grep -q "$marker" "$conf"; then
    cat >> "$conf" <<EOF
$marker
stdio_handler = "file"
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
EOF
fi
if ! virsh -q -c qemu:///system version >/dev/null 2>&1; then
    echo "starting libvirtd"
    libvirtd -d
    for _ in $(seq 50); do
        virsh -q -c qemu:///system version >/dev/null 2>&1 && break
        sleep 0.2
    done
    virsh -q -c qemu:///system version >/dev/null
fi

# libvirt-python compiles against libvirt-dev (pinned in constraints.txt).
if [ -x .venv/bin/python ] && \
        ! .venv/bin/python -c 'import libvirt' 2>/dev/null; then
    echo "installing libvirt-python into .venv"
    .venv/bin/pip install -q -c constraints.txt libvirt-python
fi
