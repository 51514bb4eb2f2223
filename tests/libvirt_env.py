"""What the libvirt tests need from the host, and how they react when it
is missing: skip with the reason locally, fail under CI (CI=true), where
.ci/run prepares the host (tools/libvirt/setup-host.sh and
tools/libvirt/build-test-images.sh)."""

import os
import shutil

import pytest

IMAGES = os.environ.get('NOVA_TEST_IMAGES', '/var/cache/nova-test-images')
IMAGE_FILES = ('vmlinuz', 'initrd.img', 'root.img', 'disk.qcow2',
               'rescue.qcow2')
SYSTEM_URI = 'qemu:///system'


def worker_slot():
    """This test process's number among pytest-xdist's workers (0 without
    them). Tests that make host-wide things (bridges, namespaces, routes)
    name them by it: with --dist worksteal the tests of one module may run
    in two workers at once, each with a cloud of its own, and one's
    clean-up would otherwise remove the other's network under its guests."""
    worker = os.environ.get('PYTEST_XDIST_WORKER', 'gw0')
    slot = int(worker[2:]) if worker[2:].isdigit() else 0
    if slot > 15:
        pytest.fail('more than 16 test workers on one host: the host '
                    'network tests have address ranges for 16')
    return slot


def missing(reason):
    """Fail under CI, skip elsewhere."""
    if os.environ.get('CI') == 'true':
        pytest.fail('libvirt test host not ready: %s' % reason)
    pytest.skip('%s (run tools/libvirt/setup-host.sh and '
                'tools/libvirt/build-test-images.sh)' % reason)


def require_libvirt_python():
    try:
        import libvirt
    except ImportError:
        missing('libvirt-python is not installed in this environment')
    if not shutil.which('qemu-img'):
        missing('qemu-img is not installed')
    return libvirt


def require_qemu_host():
    """libvirt-python, a running libvirtd and the built test images."""
    libvirt = require_libvirt_python()
    try:
        conn = libvirt.open(SYSTEM_URI)
        conn.close()
    except libvirt.libvirtError as error:
        missing('cannot connect to %s: %s' % (SYSTEM_URI, error))
    for name in IMAGE_FILES:
        if not os.path.exists(os.path.join(IMAGES, name)):
            missing('test image %s/%s is missing' % (IMAGES, name))
    return IMAGES
