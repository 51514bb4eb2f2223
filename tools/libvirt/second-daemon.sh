#!/usr/bin/env bash
# A second libvirtd on this host, for live migration tests: it runs in a
# mount namespace of its own, where its state, configuration and log
# directories are private bind mounts under DIR, answers on
# DIR/sock/libvirt-sock and has a host UUID of its own (libvirt refuses
# to migrate a guest to the host it runs on). Run as root, after
# tools/libvirt/setup-host.sh.
# Usage: tools/libvirt/second-daemon.sh start|stop DIR
# start prints the daemon's URI.
set -euo pipefail
action=$1
dir=$(realpath -m "$2")
uri="qemu+unix:///system?socket=$dir/sock/libvirt-sock"

case "$action" in
start)
    if virsh -q -c "$uri" version >/dev/null 2>&1; then
        echo "$uri"
        exit 0
    fi
    mkdir -p "$dir"/{run,lib,etc,sock,log/qemu}
    cp -a /etc/libvirt/. "$dir/etc/"
    cat > "$dir/etc/libvirtd.conf" <<EOF
unix_sock_dir = "$dir/sock"
host_uuid = "$(cat /proc/sys/kernel/random/uuid)"
EOF
    setsid unshare -m --propagation private sh -c "
        mount --bind '$dir/run' /run/libvirt &&
        mount --bind '$dir/lib' /var/lib/libvirt &&
        mount --bind '$dir/etc' /etc/libvirt &&
        mount --bind '$dir/log' /var/log/libvirt &&
        exec libvirtd -f /etc/libvirt/libvirtd.conf -p '$dir/libvirtd.pid'
    " >"$dir/libvirtd.log" 2>&1 </dev/null &
    for _ in $(seq 100); do
        virsh -q -c "$uri" version >/dev/null 2>&1 && break
        sleep 0.1
    done
    virsh -q -c "$uri" version >/dev/null
    echo "$uri"
    ;;
stop)
    if [ -f "$dir/libvirtd.pid" ]; then
        for domain in $(virsh -q -c "$uri" list --name 2>/dev/null); do
            virsh -q -c "$uri" destroy "$domain" >/dev/null 2>&1 || true
        done
        kill "$(cat "$dir/libvirtd.pid")" 2>/dev/null || true
        rm -f "$dir/libvirtd.pid"
    fi
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
