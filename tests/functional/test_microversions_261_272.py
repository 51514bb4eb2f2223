"""Microversions 2.61 to 2.72 over HTTP, each at its version and the one
before. Tests of API shape run on the all-in-one (`aio`); the ones that
store or move something run on every deployment shape (`cloud`: SQLite
in process, MariaDB and PostgreSQL over RabbitMQ), sharing the session's
clouds."""

import datetime
import hashlib
import os
import subprocess
import time

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography import x509
from cryptography.x509.oid import NameOID

from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import seeded_image
from tests.functional.actions_helpers import settled
from tests.functional import cloud as cloud_lib
from tests.functional import neutron_helpers as nh
from tests.functional import volume_helpers as vh
from tests.functional.microversion_helpers import booted as _booted
from tests.functional.microversion_helpers import clients as _clients
from tests.functional.microversion_helpers import message as _message

OWNER = 'alice:proj-mv-261'
ADMIN = 'admin:admin'


def _rebuild(api, server_id, **extra):
    return act(api, server_id, {'rebuild': dict(
        {'imageRef': seeded_image(api)}, **extra)})


def _rebuilt(api, server_id, **extra):
    resp = _rebuild(api, server_id, **extra)
    assert resp.status_code == 202, resp.text
    settled(api, server_id, 'ACTIVE')
    return resp.json()['server']


# 2.61 flavor extra specs ---------------------------------------------------

def test_2_61_flavor_extra_specs(aio):
    old, new = _clients(aio, '2.61')
    resp = new.post('/flavors', json={'flavor': {
        'name': 'mv261', 'ram': 64, 'vcpus': 1, 'disk': 1}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['flavor']['extra_specs'] == {}
    flavor_id = resp.json()['flavor']['id']
    path = '/flavors/%s' % flavor_id
    resp = new.post(path + '/os-extra_specs',
                    json={'extra_specs': {'hw:cpu_policy': 'shared'}})
    assert resp.status_code == 200, resp.text

    specs = {'hw:cpu_policy': 'shared'}
    assert new.get(path).json()['flavor']['extra_specs'] == specs
    assert 'extra_specs' not in old.get(path).json()['flavor']
    detail = {f['id']: f for f in
              new.get('/flavors/detail').json()['flavors']}
    assert detail[flavor_id]['extra_specs'] == specs
    for flavor in old.get('/flavors/detail').json()['flavors']:
        assert 'extra_specs' not in flavor
    # The plain list stays id, name, links (and description).
    for flavor in new.get('/flavors').json()['flavors']:
        assert 'extra_specs' not in flavor
    resp = new.put(path, json={'flavor': {'description': 'd'}})
    assert resp.json()['flavor']['extra_specs'] == specs
    assert 'extra_specs' not in old.put(
        path, json={'flavor': {'description': 'd'}}).json()['flavor']
    # The default policy lets every user read extra specs.
    user = aio.api.as_user(OWNER, '2.61')
    assert user.get(path).json()['flavor']['extra_specs'] == specs
    assert new.delete(path).status_code == 202


# 2.62 host and hostId of instance action events ----------------------------

def test_2_62_action_event_hosts(cloud):
    owner_old, owner_new = _clients(cloud, '2.62', OWNER)
    admin_old, admin_new = _clients(cloud, '2.62')
    server_id = _booted(owner_new, 'mv262')
    server = admin_new.get('/servers/%s' % server_id).json()['server']
    host = server['OS-EXT-SRV-ATTR:host']
    actions = owner_new.get('/servers/%s/os-instance-actions'
                            % server_id).json()['instanceActions']
    path = '/servers/%s/os-instance-actions/%s' % (
        server_id, actions[-1]['request_id'])

    events = owner_new.get(path).json()['instanceAction']['events']
    seen = admin_new.get(path).json()['instanceAction']['events']
    assert [e['event'] for e in events] == [e['event'] for e in seen]
    for event, full in zip(events, seen):
        # No host name for the owner; the opaque id hides it the way a
        # server's hostId does (a hash of project and host).
        assert 'host' not in event
        assert event['hostId'] == full['hostId'] == hashlib.sha224(
            ('proj-mv-261' + full['host']).encode()).hexdigest()
    build = next(e for e in seen
                 if e['event'] == 'compute_build_and_run_instance')
    assert build['host'] == host
    assert build['hostId'] == server['hostId']
    for client in (owner_old, admin_old):
        for event in client.get(path).json()['instanceAction']['events']:
            assert 'host' not in event and 'hostId' not in event
    delete(owner_new, server_id)


# 2.63 trusted image certificates -------------------------------------------

def _certificate(common_name):
    """A self-signed PEM certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM)


def _store_certificates(cloud, *cert_ids):
    """Certificates the cloud holds ([glance] trusted_certificates_dir at
    its default, below the state path)."""
    directory = os.path.join(cloud.state_path, 'trusted_certs')
    os.makedirs(directory, exist_ok=True)
    for cert_id in cert_ids:
        with open(os.path.join(directory, cert_id + '.pem'), 'wb') as f:
            f.write(_certificate(cert_id))
    with open(os.path.join(directory, 'not-a-cert.pem'), 'w') as f:
        f.write('hello')


def test_2_63_trusted_image_certificates(cloud):
    old, new = _clients(cloud, '2.63', OWNER)
    _store_certificates(cloud, 'mv263-a', 'mv263-b')
    body = {'server': {'name': 'mv263', 'imageRef': seeded_image(new),
                       'flavorRef': '1', 'networks': 'none',
                       'trusted_image_certificates': ['mv263-a']}}
    assert old.post('/servers', json=body).status_code == 400
    for bad, code in ((['no-such-cert'], 400), (['not-a-cert'], 400),
                      (['../trusted_certs/mv263-a'], 400), ([], 400),
                      (['mv263-a', 'mv263-a'], 400), ([''], 400)):
        bad_body = {'server': dict(body['server'],
                                   trusted_image_certificates=bad)}
        assert _message(new.post('/servers', json=bad_body), code)
    assert 'no such certificate' in _message(
        new.post('/servers', json={'server': dict(
            body['server'], trusted_image_certificates=['nope'])}), 400)

    server_id = _booted(new, 'mv263',
                        trusted_image_certificates=['mv263-a'])
    path = '/servers/%s' % server_id
    assert new.get(path).json()['server'][
        'trusted_image_certificates'] == ['mv263-a']
    assert 'trusted_image_certificates' not in old.get(path).json()[
        'server']
    detail = {s['id']: s for s in
              new.get('/servers/detail').json()['servers']}
    assert detail[server_id]['trusted_image_certificates'] == ['mv263-a']
    resp = new.put(path, json={'server': {'name': 'mv263-renamed'}})
    assert resp.json()['server']['trusted_image_certificates'] == \
        ['mv263-a']

    # Rebuild: below 2.63 refused and kept; at 2.63 changed, kept when
    # absent, removed with null.
    resp = _rebuild(old, server_id, trusted_image_certificates=['mv263-b'])
    assert resp.status_code == 400, resp.text
    assert 'trusted_image_certificates' not in _rebuilt(old, server_id)
    assert new.get(path).json()['server'][
        'trusted_image_certificates'] == ['mv263-a']
    assert _message(_rebuild(new, server_id,
                             trusted_image_certificates=['nope']), 400)
    assert _rebuilt(new, server_id, trusted_image_certificates=[
        'mv263-b', 'mv263-a'])['trusted_image_certificates'] == \
        ['mv263-b', 'mv263-a']
    assert _rebuilt(new, server_id)['trusted_image_certificates'] == \
        ['mv263-b', 'mv263-a']
    assert _rebuilt(new, server_id, trusted_image_certificates=None)[
        'trusted_image_certificates'] is None
    assert new.get(path).json()['server'][
        'trusted_image_certificates'] is None
    delete(new, server_id)

    # A server created without them has none (no defaults configured).
    server_id = _booted(new, 'mv263-none')
    assert new.get('/servers/%s' % server_id).json()['server'][
        'trusted_image_certificates'] is None
    delete(new, server_id)


# 2.64 server group policy and rules ------------------------------------

def _group(api, **group):
    return api.post('/os-server-groups', json={'server_group': group})


def _compute_hosts(cloud):
    services = cloud.api.as_user(ADMIN, '2.1').get(
        '/os-services?binary=nova-compute').json()['services']
    return sorted(s['host'] for s in services
                  if s['state'] == 'up' and s['status'] == 'enabled')


def test_2_64_server_group_policy_and_rules(cloud):
    old, new = _clients(cloud, '2.64', OWNER)
    admin = cloud.api.as_user(ADMIN, '2.64')
    resp = _group(old, name='mv264', policy='anti-affinity')
    assert resp.status_code == 400, resp.text
    resp = _group(old, name='mv264-old', policies=['anti-affinity'])
    assert resp.status_code == 200, resp.text
    old_group = resp.json()['server_group']
    assert old_group['policies'] == ['anti-affinity']
    assert 'policy' not in old_group and 'rules' not in old_group
    shown = new.get('/os-server-groups/%s' % old_group['id']).json()[
        'server_group']
    assert shown['policy'] == 'anti-affinity' and shown['rules'] == {}
    assert 'policies' not in shown and 'metadata' not in shown

    for bad in (dict(policies=['anti-affinity']),
                dict(policy='affinity', rules={'max_server_per_host': 2}),
                dict(policy='anti-affinity', rules={'max_server_per_host': 0}),
                dict(policy='anti-affinity', rules={'max_server_per_host':
                                                    '0'}),
                dict(policy='anti-affinity', rules={'other': 1}),
                dict(policy='no-such-policy')):
        assert _message(_group(new, name='mv264-bad', **bad), 400)

    resp = _group(new, name='mv264', policy='anti-affinity',
                  rules={'max_server_per_host': 2})
    assert resp.status_code == 200, resp.text
    group = resp.json()['server_group']
    assert group['policy'] == 'anti-affinity'
    assert group['rules'] == {'max_server_per_host': 2}
    assert old.get('/os-server-groups/%s' % group['id']).json()[
        'server_group']['policies'] == ['anti-affinity']
    listed = {g['id']: g for g in
              new.get('/os-server-groups').json()['server_groups']}
    assert listed[group['id']]['rules'] == {'max_server_per_host': 2}

    # The scheduler lets two members share a host, never three.
    hosts = _compute_hosts(cloud)
    servers = []
    for index in range(2 * len(hosts)):
        resp = new.post('/servers', json={
            'server': {'name': 'mv264-%d' % index, 'flavorRef': '1',
                       'imageRef': seeded_image(new), 'networks': 'none'},
            'os:scheduler_hints': {'group': group['id']}})
        assert resp.status_code == 202, resp.text
        servers.append(resp.json()['server']['id'])
        settled(new, servers[-1], 'ACTIVE')
    placed = [admin.get('/servers/%s' % s).json()['server'][
        'OS-EXT-SRV-ATTR:host'] for s in servers]
    assert sorted(placed) == sorted(hosts * 2)
    resp = new.post('/servers', json={
        'server': {'name': 'mv264-over', 'flavorRef': '1',
                   'imageRef': seeded_image(new), 'networks': 'none'},
        'os:scheduler_hints': {'group': group['id']}})
    assert resp.status_code == 202, resp.text
    over = resp.json()['server']['id']
    server = new.wait_for_status(over, ['ERROR', 'ACTIVE'])
    assert server['status'] == 'ERROR', server
    assert 'No valid host' in server['fault']['message']
    for server_id in servers + [over]:
        delete(new, server_id)
    for made in (group['id'], old_group['id']):
        assert new.delete('/os-server-groups/%s' % made).status_code == 204


# 2.65 abort a queued live migration ----------------------------------------

def _migrations(api, server_id):
    resp = api.get('/servers/%s/migrations' % server_id)
    assert resp.status_code == 200, resp.text
    return resp.json()['migrations']


def _migration_in(api, server_id, status, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = _migrations(api, server_id)
        if found and found[0]['status'] == status:
            return found[0]
        time.sleep(0.1)
    raise AssertionError('no %s live migration of %s' % (status, server_id))


def _migration_ended(api, migration_id, status, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = [m for m in api.get('/os-migrations').json()['migrations']
                 if m['id'] == migration_id]
        if found and found[0]['status'] == status:
            return found[0]
        time.sleep(0.1)
    raise AssertionError('migration %s never %s' % (migration_id, status))


def test_2_65_abort_queued_live_migration(cloud):
    old, new = _clients(cloud, '2.65')
    # Both on one host: its one live migration slot
    # ([DEFAULT] max_concurrent_live_migrations = 1) is taken by the
    # slow one, so the other waits "queued".
    running_id = _booted(new, 'slow-live')
    source = new.get('/servers/%s' % running_id).json()['server'][
        'OS-EXT-SRV-ATTR:host']
    queued_id = _booted(new, 'mv265', availability_zone='nova:' + source)
    body = {'os-migrateLive': {'host': None, 'block_migration': 'auto'}}
    assert act(new, running_id, body).status_code == 202
    running = _migration_in(new, running_id, 'running')
    assert act(new, queued_id, body).status_code == 202
    queued = _migration_in(new, queued_id, 'queued')
    path = '/servers/%s/migrations/%s' % (queued_id, queued['id'])

    assert 'queued' in _message(old.delete(path), 400)
    assert _migrations(new, queued_id)[0]['status'] == 'queued'
    resp = new.delete(path)
    assert resp.status_code == 202, resp.text
    _migration_ended(new, queued['id'], 'cancelled')
    server = settled(new, queued_id, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == source
    assert 'fault' not in server
    assert _migrations(new, queued_id) == []

    # A running one aborts as before 2.65.
    resp = new.delete('/servers/%s/migrations/%s' % (running_id,
                                                     running['id']))
    assert resp.status_code == 202, resp.text
    _migration_ended(new, running['id'], 'cancelled')
    assert settled(new, running_id, 'ACTIVE')[
        'OS-EXT-SRV-ATTR:host'] == source
    for server_id in (running_id, queued_id):
        delete(new, server_id)


# 2.66 changes-before --------------------------------------------------

def _stamp(text, seconds=0):
    """An API time plus seconds, as a query value."""
    when = datetime.datetime.strptime(text, '%Y-%m-%dT%H:%M:%SZ')
    return (when + datetime.timedelta(seconds=seconds)).strftime(
        '%Y-%m-%dT%H:%M:%SZ')


def test_2_66_changes_before(cloud):
    old, new = _clients(cloud, '2.66', OWNER)
    first = _booted(new, 'mv266-first')
    first_updated = new.get('/servers/%s' % first).json()['server'][
        'updated']
    time.sleep(2)
    second = _booted(new, 'mv266-second')
    between = _stamp(first_updated, 1)

    def ids(api, query):
        resp = api.get('/servers/detail?' + query)
        assert resp.status_code == 200, resp.text
        return {s['id'] for s in resp.json()['servers']}

    found = ids(new, 'changes-before=' + between)
    assert first in found and second not in found
    # Before 2.66 the parameter is ignored.
    assert {first, second} <= ids(old, 'changes-before=' + between)
    found = ids(new, 'changes-since=%s&changes-before=%s' % (
        _stamp(first_updated, -1), between))
    assert first in found and second not in found
    window = 'changes-since=%s&changes-before=%s' % (
        between, _stamp(first_updated, -5))
    assert 'changes-since' in _message(
        new.get('/servers?' + window), 400)
    assert old.get('/servers?' + window).status_code == 200
    assert _message(new.get('/servers?changes-before=yesterday'), 400)

    # Instance actions: the create, not the stop made later (a second
    # later at least: MariaDB keeps whole seconds).
    time.sleep(2)
    assert act(new, second, {'os-stop': None}).status_code == 202
    settled(new, second, 'SHUTOFF')
    path = '/servers/%s/os-instance-actions' % second
    created = new.get(path).json()['instanceActions'][-1]
    assert created['action'] == 'create'
    resp = new.get(path + '?changes-before=' + _stamp(
        created['updated_at'][:19] + 'Z', 1))
    assert resp.status_code == 200, resp.text
    assert [a['action'] for a in resp.json()['instanceActions']] == \
        ['create']
    assert [a['action'] for a in new.get(path).json()[
        'instanceActions']] == ['stop', 'create']
    assert old.get(path + '?changes-before=' + between).status_code == 400
    assert new.get(path + '?' + window).status_code == 400

    # os-migrations (administrators).
    admin_old, admin_new = _clients(cloud, '2.66')
    resp = admin_new.get('/os-migrations?changes-before=2000-01-01T00:00:00Z')
    assert resp.status_code == 200, resp.text
    assert resp.json()['migrations'] == []
    assert admin_new.get('/os-migrations?changes-before=2999-01-01T00:00:00Z'
                         ).status_code == 200
    assert admin_old.get('/os-migrations?changes-before=2000-01-01T00:00:00Z'
                         ).status_code == 400
    assert admin_new.get('/os-migrations?' + window).status_code == 400

    # Deleted servers show within the window.
    delete(new, first)
    later = 'changes-before=2999-01-01T00:00:00Z'
    listed = {s['id']: s for s in new.get('/servers/detail?' + later).json()[
        'servers']}
    assert listed[first]['status'] == 'DELETED'
    assert first not in ids(old, later)
    delete(new, second)


# 2.67 volume_type in block_device_mapping_v2 --------------------------------

def _manage(cloud, *args):
    binary = os.path.join(cloud_lib.BIN, 'nova-manage')
    return subprocess.run([binary, '--config-file', cloud.config_file] +
                          list(args), capture_output=True, text=True,
                          check=True).stdout


def _volume_boot(api, name, **mapping):
    image = seeded_image(api)
    return api.post('/servers', json={'server': {
        'name': name, 'flavorRef': '1', 'networks': 'none',
        'block_device_mapping_v2': [dict(
            {'boot_index': 0, 'uuid': image, 'source_type': 'image',
             'destination_type': 'volume', 'volume_size': 1,
             'delete_on_termination': True}, **mapping)]}})


def test_2_67_volume_type_in_block_device_mapping(cloud):
    old, new = _clients(cloud, '2.67', OWNER)
    v21 = cloud.api.as_user(OWNER, '2.1')
    vh.wait_volume_service(cloud.api)
    _manage(cloud, 'volume', 'type-create', 'mv267-fast')

    assert 'volume_type' in _message(
        _volume_boot(old, 'mv267-old', volume_type='mv267-fast'), 400)
    assert 'could not be found' in _message(
        _volume_boot(new, 'mv267-bad', volume_type='no-such-type'), 400)
    assert 'destination_type' in _message(
        _volume_boot(new, 'mv267-local', volume_type='mv267-fast',
                     destination_type='local'), 400)

    resp = _volume_boot(new, 'mv267', volume_type='mv267-fast')
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    settled(new, server_id, 'ACTIVE')
    attached = new.get('/servers/%s' % server_id).json()['server'][
        'os-extended-volumes:volumes_attached']
    assert len(attached) == 1
    volume = v21.get('/os-volumes/%s' % attached[0]['id']).json()['volume']
    assert volume['volumeType'] == 'mv267-fast'

    # Without one the volume service's default applies, as before.
    resp = _volume_boot(new, 'mv267-default', volume_type=None)
    assert resp.status_code == 202, resp.text
    default_id = resp.json()['server']['id']
    settled(new, default_id, 'ACTIVE')
    attached = new.get('/servers/%s' % default_id).json()['server'][
        'os-extended-volumes:volumes_attached']
    volume = v21.get('/os-volumes/%s' % attached[0]['id']).json()['volume']
    assert volume['volumeType'] != 'mv267-fast'
    for made in (server_id, default_id):
        delete(new, made)


# 2.68 no force on evacuate and live migration ----------------------------

def test_2_68_no_force(aio):
    old, new = _clients(aio, '2.68')
    server_id = _booted(new, 'mv268')
    source = new.get('/servers/%s' % server_id).json()['server'][
        'OS-EXT-SRV-ATTR:host']
    (other,) = [h for h in _compute_hosts(aio) if h != source]

    live = {'host': other, 'block_migration': 'auto', 'force': True}
    assert 'force' in _message(
        act(new, server_id, {'os-migrateLive': live}), 400)
    assert new.get('/servers/%s' % server_id).json()['server'][
        'OS-EXT-SRV-ATTR:host'] == source
    # 2.67 still forces it.
    assert act(old, server_id, {'os-migrateLive': live}).status_code == 202
    assert settled(new, server_id, 'ACTIVE')[
        'OS-EXT-SRV-ATTR:host'] == other
    # 2.68: a named host, checked by the scheduler.
    del live['force']
    live['host'] = source
    assert act(new, server_id, {'os-migrateLive': live}).status_code == 202
    assert settled(new, server_id, 'ACTIVE')[
        'OS-EXT-SRV-ATTR:host'] == source

    evacuate = {'host': other, 'force': True}
    message = _message(act(new, server_id, {'evacuate': evacuate}), 400)
    assert 'force' in message and 'still in use' not in message
    # 2.67 takes force (and refuses the evacuation: the host is up);
    # 2.68 without it gets as far.
    assert 'still in use' in _message(
        act(old, server_id, {'evacuate': evacuate}), 400)
    assert 'still in use' in _message(
        act(new, server_id, {'evacuate': {'host': other}}), 400)
    delete(new, server_id)


# 2.69 down cells: one cell here, always up ---------------------------------

def test_2_69_no_partial_views_without_cells(aio):
    old, new = _clients(aio, '2.69', OWNER)
    server_id = _booted(new, 'mv269')
    path = '/servers/%s' % server_id
    # Every server's cell answers, so 2.69 shows the same full views.
    assert set(new.get(path).json()['server']) == \
        set(old.get(path).json()['server'])
    for listing in ('/servers', '/servers/detail'):
        assert [set(s) for s in new.get(listing).json()['servers']] == \
            [set(s) for s in old.get(listing).json()['servers']]
    admin_old, admin_new = _clients(aio, '2.69')

    def services(api):
        return sorted((sorted(s), s['id'], s['status'], s['state'])
                      for s in api.get('/os-services').json()['services'])
    # (updated_at moves with the heartbeats.)
    assert services(admin_new) == services(admin_old)
    delete(new, server_id)


# 2.70 device tags in interface and volume attachment views -----------------

def test_2_70_device_tags_in_attachment_views(cloud):
    old, new = _clients(cloud, '2.70', OWNER)
    v21 = cloud.api.as_user(OWNER, '2.1')
    vh.wait_volume_service(cloud.api)
    network_id = cloud.api.as_user(ADMIN, '2.1').get(
        '/os-networks').json()['networks'][0]['id']
    server_id = _booted(new, 'mv270', networks=[{'uuid': network_id}])
    interfaces = '/servers/%s/os-interface' % server_id
    volumes = '/servers/%s/os-volume_attachments' % server_id
    (booted,) = new.get(interfaces).json()['interfaceAttachments']
    assert booted['tag'] is None
    assert 'tag' not in old.get(interfaces).json()[
        'interfaceAttachments'][0]

    volume = vh.create_volume(v21, 'mv270')
    resp = vh.attach(new, server_id, volume['id'], tag='data')
    assert resp.status_code == 200, resp.text
    assert resp.json()['volumeAttachment']['tag'] == 'data'
    vh.wait_volume(v21, volume['id'], 'in-use')
    resp = new.post(interfaces, json={'interfaceAttachment': {
        'net_id': network_id, 'tag': 'nic2'}})
    assert resp.status_code == 200, resp.text
    attached = resp.json()['interfaceAttachment']
    assert attached['tag'] == 'nic2'

    port = '%s/%s' % (interfaces, attached['port_id'])
    assert new.get(port).json()['interfaceAttachment']['tag'] == 'nic2'
    assert 'tag' not in old.get(port).json()['interfaceAttachment']
    assert {i['port_id']: i['tag'] for i in new.get(interfaces).json()[
        'interfaceAttachments']} == {booted['port_id']: None,
                                     attached['port_id']: 'nic2'}
    shown = '%s/%s' % (volumes, volume['id'])
    assert new.get(shown).json()['volumeAttachment']['tag'] == 'data'
    assert 'tag' not in old.get(shown).json()['volumeAttachment']
    assert [a['tag'] for a in new.get(volumes).json()[
        'volumeAttachments']] == ['data']
    assert 'tag' not in old.get(volumes).json()['volumeAttachments'][0]
    # Attached at 2.69 the answer has no tag key.
    second = vh.create_volume(v21, 'mv270-second')
    resp = vh.attach(old, server_id, second['id'], tag='other')
    assert resp.status_code == 200, resp.text
    assert 'tag' not in resp.json()['volumeAttachment']
    vh.wait_volume(v21, second['id'], 'in-use')
    delete(new, server_id)


# 2.71 server_groups in a server's views ------------------------------------

def test_2_71_server_groups_in_server_views(cloud):
    old, new = _clients(cloud, '2.71', OWNER)
    group = _group(new, name='mv271', policy='affinity').json()[
        'server_group']
    resp = new.post('/servers', json={
        'server': {'name': 'mv271', 'flavorRef': '1',
                   'imageRef': seeded_image(new), 'networks': 'none'},
        'os:scheduler_hints': {'group': group['id']}})
    assert resp.status_code == 202, resp.text
    grouped = resp.json()['server']['id']
    assert 'server_groups' not in resp.json()['server']
    settled(new, grouped, 'ACTIVE')
    alone = _booted(new, 'mv271-alone')

    path = '/servers/%s' % grouped
    assert new.get(path).json()['server']['server_groups'] == [group['id']]
    assert 'server_groups' not in old.get(path).json()['server']
    assert new.get('/servers/%s' % alone).json()['server'][
        'server_groups'] == []
    for server in new.get('/servers/detail').json()['servers']:
        assert 'server_groups' not in server
    resp = new.put(path, json={'server': {'name': 'mv271-renamed'}})
    assert resp.json()['server']['server_groups'] == [group['id']]
    resp = old.put(path, json={'server': {'name': 'mv271-again'}})
    assert 'server_groups' not in resp.json()['server']
    assert _rebuilt(new, grouped)['server_groups'] == [group['id']]
    assert 'server_groups' not in _rebuilt(old, grouped)
    for server_id in (grouped, alone):
        delete(new, server_id)
    assert new.delete('/os-server-groups/%s' % group['id']).status_code \
        == 204


# 2.72 ports with resource requests -----------------------------------------

def test_2_72_ports_boot_alike(aio):
    """No port here has a resource request (the network service has no
    QoS minimum bandwidth rules), so none is refused below 2.72 and a
    boot on a port is the same at 2.71 and 2.72."""
    network_id = aio.api.as_user(ADMIN, '2.1').get(
        '/os-networks').json()['networks'][0]['id']
    ports = nh.neutron(aio, OWNER)
    for version in ('2.71', '2.72'):
        api = aio.api.as_user(OWNER, version)
        port = nh.created(ports.post('/ports', json={'port': {
            'network_id': network_id}}), 'port')
        assert 'resource_request' not in port
        server_id = _booted(api, 'mv272', networks=[{'port': port['id']}])
        (interface,) = api.get('/servers/%s/os-interface'
                               % server_id).json()['interfaceAttachments']
        assert interface['port_id'] == port['id']
        delete(api, server_id)
