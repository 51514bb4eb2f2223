#!/usr/bin/env bash
# Builds the tiny guest images of the libvirt end-to-end tests from Debian
# packages only (idempotent; cached outside the git tree):
#   vmlinuz, initrd.img, root.img  a kernel + ramdisk pair (AKI/ARI) and a
#                                  small raw root disk (AMI style)
#   disk.qcow2                     a bootable whole-disk image (syslinux on
#                                  an unpartitioned FAT disk, same kernel)
#   rescue.qcow2                   the same with nova_boot=rescue on the
#                                  kernel command line: which disk booted
# The initramfs is busybox-static; its /init prints NOVA-TEST-GUEST-BOOTED
# on the serial console, the sizes of its virtio disks, the config drive's
# meta_data.json when there is one, NOVA-DISK-ADDED vdX <sectors> and
# NOVA-DISK-REMOVED vdX when a disk is hot-plugged or unplugged, and powers
# off on an ACPI power button press. With a NIC, /bin/nova-net (in the
# background) runs udhcpc and prints NOVA-NET-IP <address>, fetches the
# metadata service's instance-id and prints NOVA-METADATA-INSTANCE-ID <id>,
# and serves HTTP on port 8080 (NOVA-NET-LISTENING 8080). Once ready, init
# keeps a root shell on the console (prompt NOVA-SHELL# ), respawned when it
# exits: with console=ttyS0 what is typed into the serial port runs.
# Usage: tools/libvirt/build-test-images.sh [DIR]
# (default $NOVA_TEST_IMAGES or /var/cache/nova-test-images).
set -euo pipefail

out=${1:-${NOVA_TEST_IMAGES:-/var/cache/nova-test-images}}
version=9  # bump when the images change
if [ -f "$out/version" ] && [ "$(cat "$out/version")" = "$version" ]; then
    exit 0
fi
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

kernel_pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
             awk '/Depends: linux-image-/ {print $2; exit}')
if [ -z "$kernel_pkg" ]; then
    apt-get update -qq
    kernel_pkg=$(apt-cache depends linux-image-cloud-amd64 |
                 awk '/Depends: linux-image-/ {print $2; exit}')
fi
apt-get download -qq "$kernel_pkg" 2>/dev/null
dpkg-deb -x ./*.deb pkg
modules=$(echo pkg/lib/modules/*)

root=initramfs
mkdir -p $root/bin $root/proc $root/sys $root/dev $root/mnt $root/lib/modules
cp /bin/busybox $root/bin/busybox
for mod in virtio/virtio_ring virtio/virtio virtio/virtio_pci_modern_dev \
           virtio/virtio_pci_legacy_dev virtio/virtio_pci block/virtio_blk \
           acpi/button input/evdev cdrom/cdrom; do
    cp "$modules/kernel/drivers/$mod.ko" $root/lib/modules/
done
cp "$modules/kernel/fs/isofs/isofs.ko" $root/lib/modules/
cp "$modules/kernel/net/core/failover.ko" \
   "$modules/kernel/drivers/net/net_failover.ko" \
   "$modules/kernel/drivers/net/virtio_net.ko" $root/lib/modules/
cat > $root/init <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev \
         virtio_pci virtio_blk button evdev cdrom isofs failover \
         net_failover virtio_net; do
    insmod /lib/modules/$m.ko 2>/dev/null
done
echo "NOVA-TEST-GUEST-BOOTED $(cat /proc/cmdline)"
/bin/nova-net &
sleep 1
for disk in /sys/block/vd*; do
    [ -e "$disk" ] || continue
    echo "NOVA-TEST-DISK ${disk##*/} $(cat $disk/size)"
done
for dev in /dev/vd* /dev/sr*; do
    [ -b "$dev" ] || continue
    if mount -t iso9660 -o ro "$dev" /mnt 2>/dev/null; then
        if [ -f /mnt/openstack/latest/meta_data.json ]; then
            echo "NOVA-TEST-CONFIG-DRIVE $(cat /mnt/openstack/latest/meta_data.json)"
        fi
        umount /mnt
    fi
done
for event in /dev/input/event*; do
    (head -c 1 "$event" >/dev/null
     echo NOVA-TEST-GUEST-POWER-BUTTON; poweroff -f) &
done
# Hot-plugged disks: print each vd* disk that comes or goes.
disks() { ls /sys/block | grep '^vd' | tr '\n' ' '; }
known=" $(disks)"
(while true; do
    now=" $(disks)"
    for d in $now; do
        case "$known" in *" $d "*) ;; *)
            echo "NOVA-DISK-ADDED $d $(cat /sys/block/$d/size)";; esac
    done
    for d in $known; do
        case "$now" in *" $d "*) ;; *) echo "NOVA-DISK-REMOVED $d";; esac
    done
    known=$now
    usleep 200000
done) &
sleep 1  # the watchers above open their devices first
echo "NOVA-TEST-GUEST-READY"
# A root shell on the console, its controlling terminal (^C works).
export HOME=/ PS1='NOVA-SHELL# '
while true; do
    setsid cttyhack sh
    sleep 1
done
EOF
chmod +x $root/init
# The network step: nothing without a NIC; runs in the background.
mkdir -p $root/etc $root/www
echo NOVA-GUEST-HTTP > $root/www/index.html
cat > $root/bin/nova-net <<'EOF'
#!/bin/busybox sh
[ -e /sys/class/net/eth0 ] || exit 0
ip link set lo up
ip link set eth0 up
udhcpc -i eth0 -s /etc/udhcpc.script -q -n -t 20 -T 1 >/dev/null 2>&1 ||
    { echo NOVA-NET-DHCP-FAILED; exit 0; }
echo "NOVA-NET-IP $(ip -4 -o addr show dev eth0 | awk '{print $4}' |
                    cut -d/ -f1)"
httpd -p 8080 -h /www && echo "NOVA-NET-LISTENING 8080"
for try in 1 2 3 4 5 6 7 8 9 10; do
    id=$(timeout 5 wget -q -O - \
         http://169.254.169.254/latest/meta-data/instance-id) && break
    sleep 1
done
echo "NOVA-METADATA-INSTANCE-ID ${id:-none}"
EOF
# udhcpc only reports a lease: this script configures it.
cat > $root/etc/udhcpc.script <<'EOF'
#!/bin/busybox sh
case "$1" in
    deconfig) ip -4 addr flush dev "$interface"; ip link set "$interface" up;;
    bound|renew)
        ip -4 addr flush dev "$interface"
        ip addr add "$ip/${mask:-24}" dev "$interface"
        for gw in $router; do ip route add default via "$gw"; break; done;;
esac
exit 0
EOF
chmod +x $root/bin/nova-net $root/etc/udhcpc.script
(cd $root && find . | cpio -o -H newc --quiet | gzip -9) > initrd.img
cp "$(echo pkg/boot/vmlinuz-*)" vmlinuz

# The AMI: a small raw root disk (the guest lives in its ramdisk).
truncate -s 8M root.img

# The whole-disk image: syslinux's boot sector at sector 0 of a FAT disk.
mkfs.fat -C -n NOVATEST fat.img 24576 >/dev/null
cat > syslinux.cfg <<'EOF'
DEFAULT nova
PROMPT 0
TIMEOUT 1
LABEL nova
  KERNEL vmlinuz
  INITRD initrd.img
  APPEND console=ttyS0 quiet nova_boot=disk
EOF
mcopy -i fat.img vmlinuz initrd.img syslinux.cfg ::/
syslinux --install fat.img
qemu-img convert -q -f raw -O qcow2 fat.img disk.qcow2
sed -i 's/nova_boot=disk/nova_boot=rescue/' syslinux.cfg
mcopy -o -i fat.img syslinux.cfg ::/
qemu-img convert -q -f raw -O qcow2 fat.img rescue.qcow2

mv vmlinuz initrd.img root.img disk.qcow2 rescue.qcow2 "$out"/
echo "$kernel_pkg" > "$out/kernel-package"
echo "$version" > "$out/version"
echo "test images in $out"
