"""Create and list responses match recorded ones, so a change meant to make
the API faster cannot change what it answers.

A fixed set of servers is created on a fresh cloud at microversion 2.1 and
at the highest one; the create responses and GET /servers, /servers/detail
and /servers/{id} at both versions are compared, normalised (ids, times,
passwords, fixed IPs, MACs, ports and host names vary per run), with the
JSON files in recordings/. Only a change that means to change the API
records them again: NOVA_RECORD_RESPONSES=1 writes the files instead of
comparing.
"""

import difflib
import json
import os
import re
import time

import pytest

from nova.api.openstack import microversions
from tests.functional import actions_helpers
from tests.functional import cloud as cloud_lib
from tests.functional import conftest

RECORDINGS = os.path.join(os.path.dirname(__file__), 'recordings')
RECORD = os.environ.get('NOVA_RECORD_RESPONSES') == '1'
MAX = microversions.MAX_VERSION
VERSIONS = {'v2.1': '2.1', 'vmax': MAX}

_UUID = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                   r'[0-9a-f]{12}')
_TIME = re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?')
_MAC = re.compile(r'^([0-9a-f]{2}:){5}[0-9a-f]{2}$')
_HOST_ID = re.compile(r'^[0-9a-f]{56}$')
_ENDPOINT = re.compile(r'http://127\.0\.0\.1:\d+')
_RESERVATION = re.compile(r'^r-[0-9a-z]{8}$')


class Normaliser:
    """Replaces what differs per run by stable placeholders: the n-th
    distinct uuid seen becomes <uuid-n>, so equal ids stay equal."""

    def __init__(self, host):
        self.host = host
        self.seen = {}

    def _placeholder(self, kind, value):
        key = (kind, value)
        if key not in self.seen:
            self.seen[key] = '<%s-%d>' % (kind, sum(
                1 for k, _ in self.seen if k == kind) + 1)
        return self.seen[key]

    def __call__(self, value, key=None):
        if isinstance(value, dict):
            return {k: self(value[k], k) for k in sorted(value)}
        if isinstance(value, list):
            return [self(v) for v in value]
        if not isinstance(value, str):
            return value
        if key == 'adminPass':
            return '<password>'
        if key == 'addr':
            # Fixed IPs are picked at random from the free ones.
            return self._placeholder('ip', value)
        if _HOST_ID.match(value):
            return self._placeholder('hostid', value)
        if _MAC.match(value):
            return '<mac>'
        if _RESERVATION.match(value):
            return self._placeholder('reservation', value)
        value = _ENDPOINT.sub('http://<endpoint>', value)
        value = _TIME.sub('<time>', value)
        value = value.replace(self.host, '<host>')
        return _UUID.sub(lambda m: self._placeholder('uuid', m.group(0)),
                         value)


@pytest.fixture(scope='module', params=['sqlite-inproc', 'mysql-rabbit'])
def recorded(request, tmp_path_factory):
    """A fresh cloud with the fixed servers; the responses, normalised."""
    running = cloud_lib.Cloud(tmp_path_factory.mktemp('recordings'),
                              **conftest.SHAPES[request.param])
    try:
        running.start()
        yield _exchange(running)
    finally:
        running.stop()


def _servers(image, keypair):
    """(version key, create body) of every fixed server, in order."""
    base = {'imageRef': image, 'flavorRef': '1'}
    return [
        ('v2.1', dict(base, name='rec-plain')),
        ('v2.1', dict(base, name='rec-meta', metadata={'role': 'db'},
                      key_name=keypair,
                      security_groups=[{'name': 'default'}],
                      accessIPv4='192.0.2.10')),
        ('v2.1', dict(base, name='rec-multi', min_count=2, max_count=2)),
        ('vmax', dict(base, name='rec-auto', networks='auto',
                      description='with a description', tags=['a', 'b'])),
        ('vmax', dict(base, name='rec-none', networks='none',
                      metadata={'k': 'v'}, key_name=keypair)),
        ('vmax', dict(base, name='rec-max-multi', networks='auto',
                      min_count=2, max_count=2,
                      return_reservation_id=True)),
    ]


def _exchange(running):
    clients = {key: running.api.as_user('admin:admin', version)
               for key, version in VERSIONS.items()}
    image = actions_helpers.seeded_image(running.api)
    resp = clients['v2.1'].post('/os-keypairs',
                                json={'keypair': {'name': 'rec-key'}})
    assert resp.status_code == 200, resp.text
    normalise = Normaliser(running.host)
    exchanges = {}
    for index, (key, body) in enumerate(_servers(image, 'rec-key')):
        if index:
            # MariaDB keeps whole seconds: distinct creation times give
            # the listings one order.
            time.sleep(1.1)
        resp = clients[key].post('/servers', json={'server': body})
        assert resp.status_code == 202, resp.text
        exchanges['create %s %s' % (key, body['name'])] = (
            resp.status_code, resp.json())
        _wait_all_active(running.api)
    ids = [s['id'] for s in running.api.get('/servers').json()['servers']]
    for key, client in sorted(clients.items()):
        for path in ('/servers', '/servers/detail'):
            resp = client.get(path)
            exchanges['GET %s %s' % (key, path)] = (resp.status_code,
                                                    resp.json())
        for number, server_id in enumerate(reversed(ids)):
            resp = client.get('/servers/%s' % server_id)
            exchanges['GET %s /servers/<%d>' % (key, number)] = (
                resp.status_code, resp.json())
    # Placeholders follow the order of the exchanges, so equal runs give
    # equal numbers.
    return {name: [status, normalise(body)]
            for name, (status, body) in exchanges.items()}


def _wait_all_active(api, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        servers = api.get('/servers/detail').json()['servers']
        if all(s['status'] == 'ACTIVE' and not s['OS-EXT-STS:task_state']
               for s in servers):
            return
        assert not [s for s in servers if s['status'] == 'ERROR']
        time.sleep(0.1)
    raise AssertionError('servers did not all become ACTIVE')


def _path(name):
    return os.path.join(RECORDINGS, re.sub(r'[^a-z0-9.]+', '_',
                                           name.lower()).strip('_') + '.json')


def test_responses_match_recordings(recorded):
    if RECORD:
        os.makedirs(RECORDINGS, exist_ok=True)
        for name, exchange in recorded.items():
            with open(_path(name), 'w') as f:
                json.dump({'exchange': name, 'status': exchange[0],
                           'body': exchange[1]}, f, indent=1,
                          sort_keys=True)
                f.write('\n')
    differences = []
    for name, (status, body) in recorded.items():
        with open(_path(name)) as f:
            expected = json.load(f)
        if (expected['status'], expected['body']) != (status, body):
            differences.append('%s:\n%s' % (name, '\n'.join(
                difflib.unified_diff(_lines(expected['status'],
                                            expected['body']),
                                     _lines(status, body), lineterm='',
                                     n=2))))
    assert not differences, '\n'.join(differences)


def _lines(status, body):
    return json.dumps([status, body], indent=1, sort_keys=True).splitlines()


def test_every_recording_is_exercised(recorded):
    """A recording nothing compares any more is a stale one."""
    files = {f for f in os.listdir(RECORDINGS) if f.endswith('.json')}
    assert files == {os.path.basename(_path(n)) for n in recorded}
