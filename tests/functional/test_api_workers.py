"""nova-api with osapi_compute_workers = 2 (split daemons, MariaDB,
RabbitMQ): two forked workers answer on one port, each with its own
database connections, the parent holding none; a killed worker is
replaced; SIGTERM stops the parent and its workers; a parent killed
outright takes its workers with it and the test client says so
(CloudDied)."""

import os
import signal

import pytest
import requests

from tests.functional import cloud as cloud_lib

CONNECTIONS = 20


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    cloud = cloud_lib.Cloud(tmp_path_factory.mktemp('workers'),
                            database='mysql', split=True,
                            options={'osapi_compute_workers': 2})
    try:
        cloud.start()
        yield cloud
    finally:
        cloud.stop()


def _children(pid):
    """Pids whose parent is pid (from /proc)."""
    children = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces: fields follow its ')'.
        fields = stat.rsplit(')', 1)[1].split()
        if int(fields[1]) == pid:
            children.append(int(entry))
    return sorted(children)


def _tcp_peers(pid):
    """(local port, remote port) of pid's established TCP connections."""
    inodes = set()
    fd_dir = '/proc/%d/fd' % pid
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if target.startswith('socket:['):
            inodes.add(target[8:-1])
    peers = []
    for table in ('tcp', 'tcp6'):
        with open('/proc/%d/net/%s' % (pid, table)) as f:
            next(f)
            for line in f:
                fields = line.split()
                # st 01: ESTABLISHED
                if fields[3] == '01' and fields[9] in inodes:
                    peers.append((int(fields[1].rsplit(':', 1)[1], 16),
                                  int(fields[2].rsplit(':', 1)[1], 16)))
    return peers


def _wait(predicate, timeout=30, what='condition'):
    return cloud_lib.wait_for(predicate, timeout, 0.1, what)


def _open_clients(cloud, count=CONNECTIONS):
    """count clients, each holding its own kept-alive connection after
    one request; the kernel spreads the connections over the workers."""
    clients = [cloud.api.as_user('admin:admin') for _ in range(count)]
    for client in clients:
        assert client.get('/flavors').status_code == 200
    return clients


def _api_pid(cloud):
    return cloud.processes['nova-api'].pid


def test_two_workers_serve_with_their_own_connections(cloud):
    parent = _api_pid(cloud)
    workers = _wait(lambda: len(_children(parent)) == 2 and
                    _children(parent), what='two workers')
    clients = _open_clients(cloud)
    # Each worker holds some of the clients' connections and its own
    # database connections, opened after the fork.
    for worker in workers:
        peers = _tcp_peers(worker)
        assert any(local == cloud.port for local, _ in peers), peers
        assert any(remote == 3306 for _, remote in peers), peers
    # The parent serves nothing and talks to no database or bus.
    assert _tcp_peers(parent) == []
    for client in clients:
        client.session.close()


def test_killed_worker_is_replaced(cloud):
    parent = _api_pid(cloud)
    workers = _wait(lambda: len(_children(parent)) == 2 and
                    _children(parent), what='two workers')
    os.kill(workers[0], signal.SIGKILL)
    replaced = _wait(lambda: (lambda now: len(now) == 2 and
                              workers[0] not in now and now)(
        _children(parent)), what='a replacement worker')
    assert workers[1] in replaced
    clients = _open_clients(cloud)
    new = [pid for pid in replaced if pid != workers[1]][0]
    assert any(local == cloud.port for local, _ in _tcp_peers(new))
    for client in clients:
        client.session.close()


def test_sigterm_stops_parent_and_workers(cloud):
    proc = cloud.processes['nova-api']
    workers = _children(proc.pid)
    assert len(workers) == 2
    os.kill(proc.pid, signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    for worker in workers:
        _wait(lambda: not os.path.exists('/proc/%d' % worker),
              what='worker %d to exit' % worker)
    # Restarted for the next test.
    cloud.processes.pop('nova-api')
    cloud._spawn('nova-api')
    _wait(lambda: _up(cloud), timeout=60, what='nova-api back')


def _up(cloud):
    try:
        return cloud.api.get('/flavors').status_code == 200
    except requests.ConnectionError:
        return False


def test_parent_killed_takes_workers_and_cloud_died(cloud):
    proc = cloud.processes['nova-api']
    workers = _wait(lambda: len(_children(proc.pid)) == 2 and
                    _children(proc.pid), what='two workers')
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    # Orphans notice their parent is gone and stop serving.
    for worker in workers:
        _wait(lambda: not os.path.exists('/proc/%d' % worker),
              what='orphan worker %d to exit' % worker)
    client = cloud.api.as_user('admin:admin')
    with pytest.raises(cloud_lib.CloudDied) as error:
        client.get('/flavors')
    assert 'nova-api exited with -9' in str(error.value)
