"""Microversions 2.45 to 2.52 over HTTP, each at its version and at the
one before: createImage's body (2.45), the request id headers (2.46), the
embedded flavor (2.47), standard diagnostics (2.48), tagged attach (2.49),
quota classes (2.50), volume-extended and action events (2.51), tags at
create (2.52).

One cloud for the module: an all-in-one whose metadata service trusts the
tests as a proxy (for the device tags) and whose policy hides flavor
extra specs from one project. The versions that store something also run
on every deployment shape (the session's `cloud`: SQLite all-in-one,
split daemons on MariaDB and on PostgreSQL with RabbitMQ).
"""

import re
import time

import pytest
import requests

from nova.api.metadata import lookup
from tests.functional import actions_helpers as actions
from tests.functional import cloud as cloud_lib
from tests.functional import ec2_cloud
from tests.functional import volume_helpers

OWNER = 'carol:proj-mv245'
NO_SPECS = 'dave:proj-no-specs'
GiB = 1024 ** 3


@pytest.fixture(scope='module')
def mv_cloud(tmp_path_factory):
    workdir = tmp_path_factory.mktemp('mv-245-252')
    policy = workdir / 'policy.yaml'
    policy.write_text('"os_compute_api:os-flavor-extra-specs:index": '
                      '"not project_id:proj-no-specs"\n')
    running = cloud_lib.Cloud(workdir, options=dict(
        ec2_cloud.OPTIONS, **{'oslo_policy.policy_file': str(policy)}))
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


def _at(cloud, version, token=OWNER):
    return cloud.api.as_user(token, version)


def _admin(cloud, version):
    return cloud.api.as_user('admin:admin', version)


def _image(api):
    # The images proxy answers up to 2.35; the caller's own list, where
    # the seeded public image comes first.
    token = api.session.headers['X-Auth-Token']
    return api.as_user(token, '2.1').get('/images').json()[
        'images'][0]['id']


def _with_networks(api, body):
    """From 2.37 a create names its networks: "auto" here."""
    version = api.session.headers.get('OpenStack-API-Version',
                                      'compute 2.1').split()[-1]
    if tuple(int(part) for part in version.split('.')) >= (2, 37):
        body.setdefault('networks', 'auto')
    return body


def _boot(api, name, flavor='1'):
    """A new ACTIVE server made at api's version."""
    resp = api.post('/servers', json={'server': _with_networks(api, {
        'name': name, 'imageRef': _image(api), 'flavorRef': flavor})})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    server = api.wait_for_status(server_id, ['ACTIVE', 'ERROR'])
    assert server['status'] == 'ACTIVE', server.get('fault')
    return server_id


# 2.45 ---------------------------------------------------------------------

def test_2_45_image_actions_answer_the_image_id(mv_cloud):
    server_id = _boot(_at(mv_cloud, '2.1'), 'imaged')
    bodies = {'createImage': {'name': 'snap'},
              'createBackup': {'name': 'backup', 'backup_type': 'daily',
                               'rotation': 2}}
    for name, argument in bodies.items():
        resp = actions.act(_at(mv_cloud, '2.44'), server_id,
                           {name: argument})
        assert resp.status_code == 202, resp.text
        assert resp.content == b''
        old_id = resp.headers['Location'].rsplit('/images/', 1)[1]
        actions.idle(mv_cloud.api, server_id)

        resp = actions.act(_at(mv_cloud, '2.45'), server_id,
                           {name: argument})
        assert resp.status_code == 202, resp.text
        assert 'Location' not in resp.headers
        (new_id,) = resp.json().values()
        assert list(resp.json()) == ['image_id']
        actions.idle(mv_cloud.api, server_id)
        for image_id in (old_id, new_id):
            image = _at(mv_cloud, '2.1').get('/images/%s' % image_id)
            assert image.status_code == 200, image.text
            assert image.json()['image']['status'] == 'ACTIVE'
        assert new_id != old_id
    actions.delete(mv_cloud.api, server_id)


# 2.46 ---------------------------------------------------------------------

def test_2_46_request_id_in_both_headers(mv_cloud):
    seen = set()
    for version in ('2.45', '2.46'):
        resp = _at(mv_cloud, version).get('/servers')
        assert resp.headers['OpenStack-API-Version'] == 'compute ' + version
        request_id = resp.headers['X-OpenStack-Request-ID']
        assert re.match(r'^req-[0-9a-f-]{36}$', request_id), request_id
        assert resp.headers['X-Compute-Request-ID'] == request_id
        seen.add(request_id)
    assert len(seen) == 2


# 2.47 ---------------------------------------------------------------------

def _flavor_with_specs(cloud, name):
    admin = cloud.api
    resp = admin.post('/flavors', json={'flavor': {
        'name': name, 'ram': 128, 'vcpus': 2, 'disk': 1,
        'OS-FLV-EXT-DATA:ephemeral': 1, 'swap': 64}})
    assert resp.status_code == 200, resp.text
    flavor_id = resp.json()['flavor']['id']
    resp = admin.post('/flavors/%s/os-extra_specs' % flavor_id,
                      json={'extra_specs': {'hw:cpu_policy': 'shared'}})
    assert resp.status_code == 200, resp.text
    return flavor_id


EMBEDDED = {'vcpus': 2, 'ram': 128, 'disk': 1, 'ephemeral': 1, 'swap': 64,
            'original_name': 'embedded-247',
            'extra_specs': {'hw:cpu_policy': 'shared'}}


def test_2_47_servers_embed_their_flavor(cloud):
    flavor_id = _flavor_with_specs(cloud, 'embedded-247')
    old, new = _at(cloud, '2.46'), _at(cloud, '2.47')
    server_id = _boot(new, 'flavored', flavor=flavor_id)
    shown = old.get('/servers/%s' % server_id).json()['server']['flavor']
    assert set(shown) == {'id', 'links'} and shown['id'] == flavor_id
    assert new.get('/servers/%s' % server_id).json()['server'][
        'flavor'] == EMBEDDED
    detail = new.get('/servers/detail').json()['servers']
    assert [s['flavor'] for s in detail if s['id'] == server_id] == [
        EMBEDDED]
    resp = new.put('/servers/%s' % server_id,
                   json={'server': {'name': 'renamed'}})
    assert resp.json()['server']['flavor'] == EMBEDDED
    resp = actions.act(new, server_id, {'rebuild': {'imageRef': _image(new)}})
    assert resp.status_code == 202, resp.text
    assert resp.json()['server']['flavor'] == EMBEDDED
    actions.settled(new, server_id, 'ACTIVE')
    # The server keeps its copy when the flavor goes.
    assert cloud.api.delete('/flavors/%s' % flavor_id).status_code == 202
    assert new.get('/servers/%s' % server_id).json()['server'][
        'flavor'] == EMBEDDED
    actions.delete(new, server_id)


def test_2_47_extra_specs_follow_policy(mv_cloud):
    flavor_id = _flavor_with_specs(mv_cloud, 'embedded-247')
    api = _at(mv_cloud, '2.47', NO_SPECS)
    server_id = _boot(api, 'no-specs', flavor=flavor_id)
    shown = api.get('/servers/%s' % server_id).json()['server']['flavor']
    assert shown == {k: v for k, v in EMBEDDED.items()
                     if k != 'extra_specs'}
    # The administrator (and the policy's other projects) see them.
    assert _admin(mv_cloud, '2.47').get('/servers/%s' % server_id).json()[
        'server']['flavor'] == EMBEDDED
    actions.delete(api, server_id)
    assert mv_cloud.api.delete('/flavors/%s' % flavor_id).status_code == 202


# 2.48 ---------------------------------------------------------------------

def test_2_48_standard_diagnostics(mv_cloud):
    owner = _at(mv_cloud, '2.48')
    server_id = _boot(owner, 'diagnosed')
    path = '/servers/%s/diagnostics' % server_id
    legacy = _admin(mv_cloud, '2.47').get(path).json()
    assert legacy['memory'] == 512 * 1024 and 'cpu0_time' in legacy

    resp = _admin(mv_cloud, '2.48').get(path)
    assert resp.status_code == 200, resp.text
    diag = resp.json()
    assert set(diag) == {
        'state', 'driver', 'hypervisor', 'hypervisor_os', 'uptime',
        'config_drive', 'num_cpus', 'num_disks', 'num_nics',
        'memory_details', 'cpu_details', 'disk_details', 'nic_details'}
    # driver is an enum of the real drivers (Tempest's schema checks it):
    # the fake guest, counting as libvirt does, says libvirt.
    assert (diag['state'], diag['driver'], diag['hypervisor']) == (
        'running', 'libvirt', 'fake')
    # What the fake hypervisor cannot tell is null, as upstream shows it.
    assert diag['hypervisor_os'] is None
    assert diag['config_drive'] is False and diag['uptime'] >= 0
    assert (diag['num_cpus'], diag['num_disks'], diag['num_nics']) == (
        1, 1, 1)
    assert diag['memory_details'] == {'maximum': 512, 'used': 512}
    (cpu,) = diag['cpu_details']
    assert cpu['id'] == 0 and cpu['time'] >= 0 and cpu['utilisation'] is None
    (disk,) = diag['disk_details']
    assert set(disk) == {'read_bytes', 'read_requests', 'write_bytes',
                         'write_requests', 'errors_count'}
    assert disk['read_requests'] >= 100
    (nic,) = diag['nic_details']
    assert set(nic) == {
        'mac_address', 'rx_octets', 'rx_errors', 'rx_drop', 'rx_packets',
        'rx_rate', 'tx_octets', 'tx_errors', 'tx_drop', 'tx_packets',
        'tx_rate'}
    assert (nic['mac_address'], nic['rx_rate'], nic['tx_rate']) == (
        None, None, None)
    assert owner.get(path).status_code == 403
    actions.accepted(owner, server_id, {'os-stop': None})
    actions.settled(owner, server_id, 'SHUTOFF')
    assert _admin(mv_cloud, '2.48').get(path).status_code == 409
    actions.delete(owner, server_id)


# 2.49 ---------------------------------------------------------------------

def _devices(cloud, server_id):
    resp = requests.get(
        cloud.metadata_endpoint + '/openstack/latest/meta_data.json',
        headers={'X-Instance-ID': server_id,
                 'X-Instance-ID-Signature': lookup.sign(
                     server_id, ec2_cloud.SECRET)}, timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()['devices']


def test_2_49_device_tags_reach_the_metadata_service(mv_cloud):
    _tagged_attach(mv_cloud)


def test_2_49_no_tagged_attach_to_shelved_offloaded(mv_cloud):
    api = _at(mv_cloud, '2.49')
    server_id = _boot(api, 'offloaded')
    actions.accepted(api, server_id, {'shelve': None})
    actions.settled(api, server_id, 'SHELVED_OFFLOADED')
    volume = volume_helpers.create_volume(_at(mv_cloud, '2.1'), 'shelf')
    resp = volume_helpers.attach(api, server_id, volume['id'], tag='data')
    assert resp.status_code == 400, resp.text
    assert 'shelved-offloaded' in resp.json()['badRequest']['message']
    resp = volume_helpers.attach(api, server_id, volume['id'])
    assert resp.status_code == 200, resp.text
    actions.delete(api, server_id)


def test_2_49_tagged_volume_and_interface_attach(cloud):
    _tagged_attach(cloud)


def _tagged_attach(cloud):
    old, new = _at(cloud, '2.48'), _at(cloud, '2.49')
    volume_helpers.wait_volume_service(cloud.api)
    server_id = _boot(new, 'tagged-attach')
    volume = volume_helpers.create_volume(_at(cloud, '2.1'), 'tagged')
    network_id = _admin(cloud, '2.1').get('/os-networks').json()[
        'networks'][0]['id']
    interfaces = '/servers/%s/os-interface' % server_id

    resp = volume_helpers.attach(old, server_id, volume['id'], tag='data')
    assert resp.status_code == 400, resp.text
    resp = old.post(interfaces, json={'interfaceAttachment': {
        'net_id': network_id, 'tag': 'nic2'}})
    assert resp.status_code == 400, resp.text
    resp = volume_helpers.attach(new, server_id, volume['id'], tag='a/b')
    assert resp.status_code == 400, resp.text

    resp = volume_helpers.attach(new, server_id, volume['id'], tag='data')
    assert resp.status_code == 200, resp.text
    device = resp.json()['volumeAttachment']['device']
    volume_helpers.wait_volume(_at(cloud, '2.1'), volume['id'], 'in-use')
    resp = new.post(interfaces, json={'interfaceAttachment': {
        'net_id': network_id, 'tag': 'nic2'}})
    assert resp.status_code == 200, resp.text
    mac = resp.json()['interfaceAttachment']['mac_addr']

    # Only the module's cloud lets the tests ask its metadata service as
    # an instance would (through a trusted proxy).
    if cloud.options.get('metadata.proxy_shared_secret'):
        assert sorted(_devices(cloud, server_id),
                      key=lambda d: d['type']) == [
            {'type': 'disk', 'bus': 'none', 'address': 'none',
             'serial': volume['id'], 'path': device, 'tags': ['data']},
            {'type': 'nic', 'bus': 'none', 'address': 'none', 'mac': mac,
             'tags': ['nic2']}]
    actions.delete(new, server_id)


# 2.50 ---------------------------------------------------------------------

def test_2_50_quota_classes_with_server_groups(mv_cloud):
    path = '/os-quota-class-sets/default'
    old, new = _admin(mv_cloud, '2.49'), _admin(mv_cloud, '2.50')
    network = {'fixed_ips', 'floating_ips', 'security_groups',
               'security_group_rules'}
    groups = {'server_groups', 'server_group_members'}
    before = old.get(path).json()['quota_class_set']
    assert network <= set(before) and not groups & set(before)
    after = new.get(path).json()['quota_class_set']
    assert groups <= set(after) and not network & set(after)
    assert {k: v for k, v in after.items() if k not in groups} == {
        k: v for k, v in before.items() if k not in network}

    body = {'quota_class_set': {'server_groups': 7}}
    assert old.put(path, json=body).status_code == 400
    resp = new.put(path, json=body)
    assert resp.status_code == 200, resp.text
    assert resp.json()['quota_class_set']['server_groups'] == 7
    resp = new.put(path, json={'quota_class_set': {'floating_ips': 7}})
    assert resp.status_code == 400, resp.text
    # The default class gives every project its default.
    defaults = new.get('/os-quota-sets/proj-new/defaults').json()
    assert defaults['quota_set']['server_groups'] == 7
    resp = new.put(path, json={'quota_class_set': {
        'server_groups': after['server_groups']}})
    assert resp.status_code == 200, resp.text


# 2.51 ---------------------------------------------------------------------

def _extend_action(api, server_id, wanted_result, timeout=30):
    """The server's extend_volume action once its compute event ended."""
    deadline = time.time() + timeout
    while True:
        listed = api.get('/servers/%s/os-instance-actions' % server_id)
        for action in listed.json()['instanceActions']:
            if action['action'] != 'extend_volume':
                continue
            shown = api.get('/servers/%s/os-instance-actions/%s' % (
                server_id, action['request_id'])).json()['instanceAction']
            events = shown.get('events', [])
            if events and events[0]['result'] == wanted_result:
                return action['request_id']
        assert time.time() < deadline, listed.text
        time.sleep(0.05)


def _event(volume_id, server_id):
    return {'events': [{'name': 'volume-extended', 'server_uuid': server_id,
                        'tag': volume_id}]}


def test_2_51_volume_extended_and_action_events(cloud):
    owner_api = _at(cloud, '2.51')
    server_id = _boot(owner_api, 'extended')
    volume_helpers.wait_volume_service(cloud.api)
    volume = volume_helpers.create_volume(_at(cloud, '2.1'), 'grown',
                                          size=2)
    resp = volume_helpers.attach(owner_api, server_id, volume['id'])
    assert resp.status_code == 200, resp.text
    device = resp.json()['volumeAttachment']['device']
    volume_helpers.wait_devices(cloud, server_id, [device])

    path = '/os-server-external-events'
    resp = _admin(cloud, '2.50').post(
        path, json=_event(volume['id'], server_id))
    assert resp.status_code == 400, resp.text
    resp = _admin(cloud, '2.51').post(
        path, json=_event(volume['id'], server_id))
    assert resp.status_code == 200, resp.text
    assert resp.json()['events'][0]['code'] == 200
    request_id = _extend_action(cloud.api, server_id, 'Success')
    # The hypervisor was told the volume's size, in bytes.
    devices = volume_helpers.hypervisor_devices(cloud, server_id)
    assert devices[device]['size_bytes'] == 2 * GiB

    # Users see the events from 2.51 on, without tracebacks.
    action_path = '/servers/%s/os-instance-actions/%s' % (server_id,
                                                          request_id)
    shown = _at(cloud, '2.50').get(action_path).json()['instanceAction']
    assert shown['action'] == 'extend_volume' and 'events' not in shown
    shown = owner_api.get(action_path).json()['instanceAction']
    assert [(e['event'], e['result']) for e in shown['events']] == [
        ('compute_extend_volume', 'Success')]
    assert 'traceback' not in shown['events'][0]
    admin_view = _admin(cloud, '2.50').get(action_path).json()[
        'instanceAction']
    assert admin_view['events'][0]['traceback'] is None

    # A volume the server does not have: the event fails, and only the
    # administrator reads why.
    other = volume_helpers.create_volume(_at(cloud, '2.1'), 'loose')
    resp = _admin(cloud, '2.51').post(
        path, json=_event(other['id'], server_id))
    assert resp.status_code == 200, resp.text
    failed = _extend_action(cloud.api, server_id, 'Error')
    action_path = '/servers/%s/os-instance-actions/%s' % (server_id, failed)
    (event,) = owner_api.get(action_path).json()['instanceAction']['events']
    assert event['result'] == 'Error' and 'traceback' not in event
    (event,) = cloud.api.get(action_path).json()['instanceAction'][
        'events']
    assert 'VolumeBDMNotFound' in event['traceback'] or \
        other['id'] in event['traceback']
    actions.delete(owner_api, server_id)


# 2.52 ---------------------------------------------------------------------

def _create(api, **server):
    body = dict({'name': 'tagged-at-create', 'imageRef': _image(api),
                 'flavorRef': '1'}, **server)
    return api.post('/servers', json={'server': _with_networks(api, body)})


def test_2_52_tags_at_create(cloud):
    old, new = _at(cloud, '2.51'), _at(cloud, '2.52')
    resp = _create(old, tags=['web'])
    assert resp.status_code == 400, resp.text
    for bad in (['t%d' % i for i in range(51)], ['a,b'], ['x' * 61], ['']):
        resp = _create(new, tags=bad)
        assert resp.status_code == 400, resp.text

    resp = _create(new, tags=['web', 'prod'], min_count=2)
    assert resp.status_code == 202, resp.text
    made = [s['id'] for s in new.get('/servers/detail?tags=web').json()[
        'servers']]
    assert len(made) == 2
    for server_id in made:
        new.wait_for_status(server_id, 'ACTIVE')
        assert sorted(new.get('/servers/%s' % server_id).json()['server'][
            'tags']) == ['prod', 'web']
        assert sorted(new.get('/servers/%s/tags' % server_id).json()[
            'tags']) == ['prod', 'web']
        actions.delete(new, server_id)
    resp = _create(new, tags=['t%d' % i for i in range(50)])
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    new.wait_for_status(server_id, 'ACTIVE')
    assert len(new.get('/servers/%s/tags' % server_id).json()['tags']) == 50
    actions.delete(new, server_id)
