"""The TCP listeners a test cloud's configuration opens, and which of them
listen already (read from /proc: asking opens no connection, which a
console proxy would log as a broken handshake)."""

import os
import socket

from oslo_config import cfg

from nova.conf import ec2_metadata
from nova.conf import glance
from nova.conf import network
from nova.conf import serial_console
from nova.conf import vnc
from nova.conf import volume
from nova.conf import wsgi

# /proc/net/tcp's state of a listening socket.
_LISTEN = '0A'


def _options(config_file):
    """The options that decide the listeners, as the daemons read them
    (their defaults included)."""
    conf = cfg.ConfigOpts()
    for module in (ec2_metadata, glance, network, serial_console, vnc,
                   volume, wsgi):
        module.register_opts(conf)
    conf(['--config-file', config_file], project='nova',
         default_config_files=[])
    return conf


def expected(config_file, processes):
    """{listener: port} of what the processes named (console scripts: a
    split cloud's, or nova-all) open with the config_file they run."""
    conf = _options(config_file)
    builtin_image = conf.glance.backend == 'local'
    builtin_network = conf.network.backend == 'builtin'
    builtin_volume = conf.volume.backend == 'builtin'
    # (process, opened or not, name, port), mirroring nova.cmd.services.
    table = [
        ('nova-api', True, 'compute API', conf.osapi_compute_listen_port),
        ('nova-api', builtin_image, 'image API', conf.image_api_listen_port),
        ('nova-api-network', True, 'network API', conf.network_api.bind_port),
        ('nova-api-volume', True, 'volume API', conf.volume_api.bind_port),
        ('nova-api-ec2', True, 'EC2 API', conf.ec2_listen_port),
        ('nova-api-metadata', True, 'metadata', conf.metadata_listen_port),
        ('nova-all', True, 'compute API', conf.osapi_compute_listen_port),
        ('nova-all', builtin_image, 'image API', conf.image_api_listen_port),
        ('nova-all', conf.ec2.enabled_in_all, 'EC2 API',
         conf.ec2_listen_port),
        ('nova-all', conf.metadata.enabled_in_all, 'metadata',
         conf.metadata_listen_port),
        ('nova-all', builtin_network and conf.network_api.enabled_in_all,
         'network API', conf.network_api.bind_port),
        ('nova-all', builtin_volume and conf.volume_api.enabled_in_all,
         'volume API', conf.volume_api.bind_port),
        ('nova-all', conf.vnc.enabled, 'noVNC proxy',
         conf.vnc.novncproxy_port),
        ('nova-all', conf.serial_console.enabled, 'serial proxy',
         conf.serial_console.serialproxy_port),
    ]
    return {name: port for process, opened, name, port in table
            if opened and process in processes}


def _rows():
    """/proc/net/tcp{,6}'s fields of every socket."""
    for table in ('/proc/net/tcp', '/proc/net/tcp6'):
        with open(table) as f:
            next(f)
            for line in f:
                yield line.split()


def _port(text):
    return int(text.rsplit(':', 1)[1], 16)


def listening_ports():
    """The ports some socket of this machine listens on."""
    return {_port(fields[1]) for fields in _rows() if fields[3] == _LISTEN}


def _socket_inodes(pid):
    inodes = set()
    for fd in os.listdir('/proc/%d/fd' % pid):
        try:
            target = os.readlink('/proc/%d/fd/%s' % (pid, fd))
        except OSError:
            continue
        if target.startswith('socket:['):
            inodes.add(target[8:-1])
    return inodes


def _hex_address(text):
    address, port = text.split(':')
    raw = bytes.fromhex(address)
    if len(raw) == 4:
        return socket.inet_ntop(socket.AF_INET, raw[::-1]), int(port, 16)
    # /proc/net/tcp6 stores each 32-bit word in host (little-endian) order.
    words = b''.join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
    return socket.inet_ntop(socket.AF_INET6, words), int(port, 16)


def listening(pid):
    """(address, port) of every TCP socket process pid listens on."""
    inodes = _socket_inodes(pid)
    # Field 9 is the socket's inode.
    return [_hex_address(fields[1]) for fields in _rows()
            if fields[3] == _LISTEN and fields[9] in inodes]
