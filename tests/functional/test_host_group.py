"""Many simulated hosts in one nova-compute process on split daemons
(MariaDB, RabbitMQ) register, beat and report their resources in batches
(nova.compute.host_group, conductor RPC 1.7), and are every bit as usable
as hosts that report alone: all up, each one's hypervisor listed, servers
placed on every one of them, and kept up by the group's heartbeat alone.
Pinned to conductor RPC 1.6 (an older conductor), the hosts go one by
one as before (issue 20).
"""

import concurrent.futures
import os
import time

import pytest

from tests.functional import actions_helpers
from tests.functional import cloud as cloud_lib

HOSTS = 20
# Two tiny servers fit each host, none more: 2 * HOSTS boots use all.
OPTIONS = {'fake_driver.vcpus': 2, 'cpu_allocation_ratio': 1.0,
           'quota.instances': -1, 'quota.cores': -1, 'quota.ram': -1}


@pytest.fixture(scope='module')
def grouped(tmp_path_factory):
    cloud = cloud_lib.Cloud(tmp_path_factory.mktemp('host-group'),
                            database='mysql', split=True,
                            simulated_hosts=HOSTS, options=OPTIONS)
    try:
        cloud.start()
        yield cloud
    finally:
        cloud.stop()


def _log(cloud, binary):
    with open(os.path.join(cloud.workdir, binary + '.log'),
              errors='replace') as log:
        return log.read()


def _wait_log(cloud, binary, text, timeout=60):
    """The hosts show up before the group logs that all started."""
    deadline = time.time() + timeout
    while text not in _log(cloud, binary):
        assert time.time() < deadline, 'no %r in %s' % (text, binary)
        time.sleep(0.5)


def _computes(api):
    return [s for s in api.get('/os-services').json()['services']
            if s['binary'] == 'nova-compute']


def test_every_host_registers_in_batches_and_is_up(grouped):
    computes = _computes(grouped.api)
    assert len(computes) == HOSTS
    assert {s['state'] for s in computes} == {'up'}
    _wait_log(grouped, 'nova-compute',
              'Started %d simulated hosts (batched reports)' % HOSTS)
    # One RPC server took the queues of all hosts (one connection).
    assert ('Listening for %d hosts on topic compute over one connection'
            % HOSTS in _log(grouped, 'nova-compute'))
    hypervisors = grouped.api.get(
        '/os-hypervisors/detail').json()['hypervisors']
    assert len(hypervisors) == HOSTS
    assert {h['state'] for h in hypervisors} == {'up'}
    assert {h['vcpus'] for h in hypervisors} == {2}
    assert ({h['service']['host'] for h in hypervisors} ==
            {s['host'] for s in computes})


def test_servers_are_placed_on_every_host(grouped):
    api = grouped.api
    image = actions_helpers.seeded_image(api)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(
            lambda i: actions_helpers.boot(api.as_user('admin:admin'),
                                           'grouped-%d' % i, image=image),
            range(2 * HOSTS)))
    hosts = [api.get('/servers/%s' % i).json()['server'][
        'OS-EXT-SRV-ATTR:host'] for i in ids]
    # Full hosts and the reports that say so: each has exactly two.
    assert sorted(hosts.count(h) for h in set(hosts)) == [2] * HOSTS
    hypervisors = api.get('/os-hypervisors/detail').json()['hypervisors']
    assert {h['vcpus_used'] for h in hypervisors} == {2}


def test_the_group_heartbeat_alone_keeps_the_hosts_up(grouped):
    """No simulated host beats on its own: past service_down_time (15 s
    in test clouds) they are up only if the batched heartbeat works."""
    before = {s['host']: s['updated_at'] for s in _computes(grouped.api)}
    time.sleep(17)
    computes = _computes(grouped.api)
    assert {s['state'] for s in computes} == {'up'}
    assert all(s['updated_at'] != before[s['host']] for s in computes)


def test_pinned_to_an_older_conductor_hosts_go_one_by_one(
        tmp_path_factory):
    cloud = cloud_lib.Cloud(
        tmp_path_factory.mktemp('host-group-pinned'), database='mysql',
        split=True, simulated_hosts=3,
        options={'upgrade_levels.conductor': '1.6'})
    try:
        cloud.start()
        computes = _computes(cloud.api)
        assert len(computes) == 3 and {s['state'] for s in computes} == {
            'up'}
        _wait_log(cloud, 'nova-compute',
                  'Started 3 simulated hosts (one by one)')
        server_id = actions_helpers.boot(cloud.api, 'pinned')
        # Below conductor 1.8 the build records its event in calls of
        # its own: started and finished all the same.
        [create] = cloud.api.get(
            '/servers/%s/os-instance-actions' % server_id).json()[
                'instanceActions']
        events = cloud.api.get('/servers/%s/os-instance-actions/%s' % (
            server_id, create['request_id'])).json()['instanceAction'][
                'events']
        assert {(e['event'], e['result']) for e in events} >= {
            ('compute_build_and_run_instance', 'Success')}, events
    finally:
        cloud.stop()
