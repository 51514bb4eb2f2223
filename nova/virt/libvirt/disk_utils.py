"""qemu-img and friends: create, inspect, convert and grow disk files."""

import json
import os
import subprocess

from nova.virt.libvirt import errors

GiB = 1024 ** 3


def run(*cmd):
    """Run cmd; DiskOperationFailed with its stderr when it fails."""
    try:
        done = subprocess.run(cmd, check=True, capture_output=True,
                              text=True)
    except FileNotFoundError:
        raise errors.DiskOperationFailed(
            reason='%s is not installed (run tools/libvirt/setup-host.sh)'
            % cmd[0])
    except subprocess.CalledProcessError as error:
        raise errors.DiskOperationFailed(
            reason='%s failed: %s' % (' '.join(cmd),
                                      (error.stderr or '').strip()))
    return done.stdout


def info(path):
    """qemu-img info of path: {'format', 'virtual-size', ...}."""
    # -U: a running guest holds a lock on its disks; reading is safe.
    return json.loads(run('qemu-img', 'info', '-U', '--output=json', path))


def create_overlay(base, base_format, path, size=None):
    """A qcow2 file over base (copy on write), of size bytes if given."""
    cmd = ['qemu-img', 'create', '-q', '-f', 'qcow2', '-F', base_format,
           '-b', base, path]
    if size:
        cmd.append(str(size))
    run(*cmd)


def create_blank(path, size, fmt='qcow2'):
    run('qemu-img', 'create', '-q', '-f', fmt, path, str(size))


def convert(source, dest, fmt, source_format=None):
    cmd = ['qemu-img', 'convert', '-U', '-q', '-O', fmt]
    if source_format:
        cmd += ['-f', source_format]
    run(*cmd + [source, dest])


def grow(path, size):
    """Grow the disk at path to size bytes; never shrinks it."""
    if size and info(path)['virtual-size'] < size:
        run('qemu-img', 'resize', '-q', path, str(size))


def make_swap(path):
    """Format a raw file as Linux swap (when mkswap is there)."""
    for sbin in ('/sbin/mkswap', '/usr/sbin/mkswap'):
        if os.path.exists(sbin):
            run(sbin, '-q', path)
            return
