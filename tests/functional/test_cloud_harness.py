"""The test clouds' harness: its client names daemons that died when a
request fails (what a CI log keeps is the failure's first line), and a
cloud is ready once every listener its configuration opens listens."""

import os
import socket
import subprocess
import threading

import pytest
import requests

from tests.functional import cloud as cloud_lib
from tests.functional import listeners


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


def _written(tmp_path, **kwargs):
    cloud = cloud_lib.Cloud(tmp_path, **kwargs)
    cloud._write_config()
    return cloud


def test_the_listeners_each_shape_opens(tmp_path):
    aio = _written(tmp_path / 'aio')
    assert listeners.expected(aio.config_file, ['nova-all']) == {
        'compute API': aio.port, 'image API': aio.image_port,
        'EC2 API': aio.ec2_port, 'metadata': aio.metadata_port,
        'network API': aio.network_port, 'volume API': aio.volume_port,
        'noVNC proxy': aio.novnc_port}
    other = _written(tmp_path / 'other', options={
        'glance.backend': 'glance', 'serial_console.enabled': 'true',
        'metadata.enabled_in_all': 'false', 'vnc.enabled': 'false'})
    assert set(listeners.expected(other.config_file, ['nova-all'])) == {
        'compute API', 'EC2 API', 'network API', 'volume API',
        'serial proxy'}
    split = _written(tmp_path / 'split', split=True)
    assert listeners.expected(split.config_file, [
        'nova-api', 'nova-api-network', 'nova-api-volume',
        'nova-compute']) == {
        'compute API': split.port, 'image API': split.image_port,
        'network API': split.network_port, 'volume API': split.volume_port}


@pytest.fixture
def up_but_listening_late(tmp_path):
    """A cloud whose services are up and whose listeners are bound, all
    listening but the metadata one (the test says when)."""
    cloud = _written(tmp_path)
    with open(os.path.join(cloud.workdir, 'nova-all.log'), 'w') as log:
        log.write('metadata listener: still importing\n')
    cloud.processes['nova-all'] = subprocess.Popen(['sleep', '60'])
    cloud._services_up = lambda: True
    held = []
    for name, port in listeners.expected(
            cloud.config_file, cloud.processes).items():
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(('127.0.0.1', port))
        if name != 'metadata':
            sock.listen()
        held.append(sock)
        if name == 'metadata':
            cloud.late = sock
    yield cloud
    for sock in held:
        sock.close()
    cloud.processes['nova-all'].kill()
    cloud.processes['nova-all'].wait()


def test_ready_once_every_listener_listens(up_but_listening_late):
    """Root cause of a CI failure: wait_ready returned once the compute
    API answered and the services were up; nova-all opens its metadata
    listener (and others) a moment later, and a test asked it first."""
    cloud = up_but_listening_late
    opening = threading.Timer(0.5, cloud.late.listen)
    opening.start()
    try:
        cloud.wait_ready(timeout=30)
        with socket.socket() as client:
            assert client.connect_ex(
                ('127.0.0.1', cloud.metadata_port)) == 0
    finally:
        opening.join()


def test_a_listener_that_never_opens_is_named_with_the_logs(
        up_but_listening_late):
    with pytest.raises(RuntimeError) as info:
        up_but_listening_late.wait_ready(timeout=1)
    message = str(info.value)
    assert message.startswith('cloud did not open metadata (%d):' %
                              up_but_listening_late.metadata_port)
    assert 'metadata listener: still importing' in message
