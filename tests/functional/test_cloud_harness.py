"""The test clouds' client names daemons that died when a request fails
(what a CI log keeps is the failure's first line)."""

import socket

import pytest
import requests

from tests.functional import cloud as cloud_lib


class _DeadCloud:
    def __init__(self, dead):
        self.dead = dead

    def dead_daemons(self, lines=20, tail_bytes=8192):
        return self.dead


@pytest.fixture
def closed_endpoint():
    """An endpoint that refuses connections: its port is held bound but
    not listening, so no other process can take it meanwhile."""
    with socket.socket() as held:
        held.bind(('127.0.0.1', 0))
        yield 'http://127.0.0.1:%d/v2.1' % held.getsockname()[1]


def test_a_refused_request_names_the_dead_daemon_and_its_crash(
        closed_endpoint):
    log = ('2026-12-07 INFO nova.service started\n'
           'Fatal Python error: Segmentation fault\n\n'
           'Thread 0x1 (most recent call first):\n'
           '  File "/x/libvirt.py", line 7 in create\n'
           '  File "/x/driver.py", line 9 in spawn\n'
           'Extension modules: libvirtmod (total: 1)')
    client = cloud_lib.Client(closed_endpoint,
                              cloud=_DeadCloud([('nova-all', -11, log)]))
    with pytest.raises(cloud_lib.CloudDied) as info:
        client.get('/servers')
    assert str(info.value) == (
        'nova-all exited with -11, last: Fatal Python error: '
        'Segmentation fault | File "/x/libvirt.py", line 7 in create | '
        'File "/x/driver.py", line 9 in spawn')


def test_with_every_daemon_alive_the_connection_error_stays(
        closed_endpoint):
    client = cloud_lib.Client(closed_endpoint, cloud=_DeadCloud([]))
    with pytest.raises(requests.ConnectionError) as info:
        client.get('/servers')
    assert not isinstance(info.value, cloud_lib.CloudDied)
