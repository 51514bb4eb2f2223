"""Attach cannot race: 20 parallel attaches of one volume to 20 servers
through 4 nova-api processes over one database and one message bus.

The test starts four nova-api processes on their own ports (each one
process with threads: osapi_compute_workers unset). Exactly one attach
wins; the others get upstream's 400; the database then holds exactly one
active mapping and one attachment.
"""

import concurrent.futures
import os
import re

import pytest
import sqlalchemy as sa

from tests.functional import cloud as cloud_lib
from tests.functional import volume_helpers as vh

API_PROCESSES = 4
SERVERS = 20
PROJECT_TOKEN = 'admin:proj-race'


def _add_api(cloud, index):
    name = 'nova-api-%d' % index
    port = cloud_lib.free_port()
    path = os.path.join(cloud.workdir, name + '.conf')
    with open(path, 'w') as conf:
        conf.write('[DEFAULT]\nosapi_compute_listen_port = %d\n'
                   'image_api_listen_port = %d\n' % (
                       port, cloud_lib.free_port()))
    cloud._commands[name] = ('nova-api', path)
    cloud._spawn(name)
    return cloud_lib.Client('http://127.0.0.1:%d/v2.1' % port,
                            token=PROJECT_TOKEN)


def _wait_up(cloud, client, timeout=60):
    import time
    deadline = time.time() + timeout
    while time.time() < deadline:
        cloud.check_alive()
        try:
            if client.get('/flavors').status_code == 200:
                return
        except Exception:
            pass
        time.sleep(0.2)
    raise AssertionError('extra nova-api did not start:\n' + cloud.logs())


@pytest.fixture(scope='module', params=['mysql', 'postgresql'])
def race_cloud(request, tmp_path_factory):
    workdir = tmp_path_factory.mktemp('race-%s' % request.param)
    cloud = cloud_lib.Cloud(workdir, database=request.param, split=True,
                            simulated_hosts=2)
    try:
        cloud.start()
        clients = [cloud.api.as_user(PROJECT_TOKEN)]
        clients += [_add_api(cloud, i) for i in range(2, API_PROCESSES + 1)]
        for client in clients[1:]:
            _wait_up(cloud, client)
        vh.wait_volume_service(cloud.api)
    except Exception:
        cloud.stop()
        raise
    yield cloud, clients
    cloud.stop()


def _boot_many(api, count):
    image = api.get('/images').json()['images'][0]['id']
    resp = api.post('/servers', json={'server': {
        'name': 'race', 'imageRef': image, 'flavorRef': '1',
        'min_count': count, 'max_count': count,
        'return_reservation_id': True}})
    assert resp.status_code == 202, resp.text
    rid = resp.json()['reservation_id']
    servers = api.get('/servers?reservation_id=%s' % rid).json()['servers']
    assert len(servers) == count
    for server in servers:
        status = api.wait_for_status(server['id'], ['ACTIVE', 'ERROR'],
                                     timeout=120)
        assert status['status'] == 'ACTIVE', status.get('fault')
    return [s['id'] for s in servers]


def test_twenty_parallel_attaches_one_winner(race_cloud):
    cloud, clients = race_cloud
    api = clients[0]
    resp = api.put('/os-quota-sets/proj-race', json={'quota_set': {
        'instances': SERVERS, 'cores': SERVERS, 'ram': SERVERS * 512}})
    assert resp.status_code == 200, resp.text
    servers = _boot_many(api, SERVERS)
    volume = vh.create_volume(api, 'contended')

    barrier = __import__('threading').Barrier(SERVERS)

    def attach(index):
        client = clients[index % len(clients)]
        barrier.wait()
        return servers[index], vh.attach(client, servers[index],
                                         volume['id'])

    with concurrent.futures.ThreadPoolExecutor(SERVERS) as pool:
        results = list(pool.map(attach, range(SERVERS)))

    winners = [(s, r) for s, r in results if r.status_code == 200]
    losers = [(s, r) for s, r in results if r.status_code != 200]
    assert len(winners) == 1, [(r.status_code, r.text) for _, r in results]
    winner = winners[0][0]
    refused = re.compile(r'^Invalid volume: volume %s (is already attached '
                         r'to instance (%s|another)|already attached)$' % (
                             volume['id'], '|'.join(servers)))
    for server_id, resp in losers:
        assert resp.status_code == 400, resp.text
        assert refused.match(resp.json()['badRequest']['message']), \
            resp.text

    attached = vh.wait_volume(api, volume['id'], 'in-use')
    assert [a['serverId'] for a in attached['attachments']] == [winner]
    vh.wait_devices(cloud, winner, ['/dev/vdb'])

    engine = sa.create_engine(cloud.db.url)
    with engine.connect() as conn:
        mappings = conn.execute(sa.text(
            'SELECT instance_uuid FROM block_device_mapping WHERE '
            'volume_id = :v AND deleted = 0'), {'v': volume['id']}).all()
        attachments = conn.execute(sa.text(
            'SELECT instance_uuid FROM volume_attachments WHERE '
            'volume_uuid = :v AND deleted = 0'), {'v': volume['id']}).all()
    engine.dispose()
    assert [m[0] for m in mappings] == [winner]
    assert [a[0] for a in attachments] == [winner]
