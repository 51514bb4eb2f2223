"""The metadata service in process: content, lookup, signature, password."""

import base64
import json
import os

import pytest
import webob

from nova.api.metadata import content
from nova.api.metadata import handler
from nova.api.metadata import lookup
from nova.api.metadata import proxy_secret
from nova.compute import password
from nova import exception
from nova import objects
from tests.unit import stored_instances

SECRET = 's3cret'


@pytest.fixture
def app(conf, db):
    conf.set_override('proxy_shared_secret', SECRET, group='metadata')
    conf.set_override('cache_expiration', 0, group='metadata')
    return handler.loadapp(conf)


def _instance(context, name, **fields):
    flavor = objects.Flavor(name='m1.tiny', flavorid='1', memory_mb=512,
                            vcpus=1, root_gb=1, ephemeral_gb=0, swap=0)
    return stored_instances.create(
        context, display_name=name, hostname=name, image_ref=(
            '155d900f-4e14-4e4c-a73d-069cbf4541e6'),
        key_name='key-' + name, key_data='ssh-rsa AAAA%s' % name,
        reservation_id='r-' + name, launch_index=0,
        availability_zone='nova', flavor=flavor,
        user_data=base64.b64encode(b'#!/bin/sh\necho ' +
                                   name.encode()).decode(),
        metadata={'owner': name}, **fields)


def _get(app, path, instance_id=None, signature=None, method='GET',
         body=None, remote='10.0.0.5', headers=None):
    req = webob.Request.blank(path, method=method,
                              remote_addr=remote)
    if instance_id is not None:
        req.headers['X-Instance-ID'] = instance_id
        req.headers['X-Instance-ID-Signature'] = (
            signature if signature is not None
            else lookup.sign(instance_id, SECRET))
    for key, value in (headers or {}).items():
        req.headers[key] = value
    if body is not None:
        req.body = body
    return req.get_response(app)


def test_ec2_tree_of_the_signed_instance(app, admin_context):
    vm = _instance(admin_context, 'alpha')
    meta = _get(app, '/latest/meta-data/', vm.uuid)
    assert meta.status_int == 200
    names = meta.text.split('\n')
    for name in ('ami-id', 'instance-id', 'instance-type', 'hostname',
                 'local-hostname', 'local-ipv4', 'public-ipv4',
                 'placement/', 'public-keys/', 'security-groups',
                 'block-device-mapping/', 'reservation-id',
                 'ami-launch-index'):
        assert name in names
    instance_id = _get(app, '/latest/meta-data/instance-id', vm.uuid).text
    assert instance_id.startswith('i-') and len(instance_id) == 10
    # Stable: asking again gives the same EC2 id.
    assert _get(app, '/2009-04-04/meta-data/instance-id',
                vm.uuid).text == instance_id
    assert _get(app, '/latest/meta-data/ami-id', vm.uuid).text.startswith(
        'ami-')
    assert _get(app, '/latest/meta-data/instance-type',
                vm.uuid).text == 'm1.tiny'
    assert _get(app, '/latest/meta-data/hostname',
                vm.uuid).text == 'alpha.novalocal'
    assert _get(app, '/latest/meta-data/placement/availability-zone',
                vm.uuid).text == 'nova'
    assert _get(app, '/latest/meta-data/public-keys/',
                vm.uuid).text == '0=key-alpha'
    assert _get(app, '/latest/meta-data/public-keys/0/openssh-key',
                vm.uuid).text == 'ssh-rsa AAAAalpha'
    assert _get(app, '/latest/meta-data/block-device-mapping/root',
                vm.uuid).text == '/dev/vda'
    assert _get(app, '/latest/meta-data/reservation-id',
                vm.uuid).text == 'r-alpha'
    assert _get(app, '/latest/user-data', vm.uuid).body == \
        b'#!/bin/sh\necho alpha'
    # Old versions lack the newer keys.
    assert 'instance-type' not in _get(app, '/1.0/meta-data/',
                                       vm.uuid).text
    assert _get(app, '/latest/meta-data/nothing', vm.uuid).status_int == 404
    assert _get(app, '/1999-01-01/meta-data/', vm.uuid).status_int == 404


def test_versions_are_listed_without_an_instance(app):
    resp = _get(app, '/')
    assert resp.status_int == 200
    assert '2009-04-04' in resp.text.split('\n')
    assert 'latest' in resp.text.split('\n')


def test_openstack_tree(app, admin_context):
    vm = _instance(admin_context, 'beta')
    listing = _get(app, '/openstack/latest', vm.uuid).text.split('\n')
    for name in ('meta_data.json', 'network_data.json', 'vendor_data.json',
                 'vendor_data2.json', 'user_data', 'password'):
        assert name in listing
    meta = json.loads(_get(app, '/openstack/latest/meta_data.json',
                           vm.uuid).body)
    assert meta['uuid'] == vm.uuid
    assert meta['name'] == 'beta'
    assert meta['public_keys'] == {'key-beta': 'ssh-rsa AAAAbeta'}
    assert meta['meta'] == {'owner': 'beta'}
    assert meta['project_id'] == 'p'
    network = json.loads(_get(app, '/openstack/latest/network_data.json',
                              vm.uuid).body)
    assert set(network) == {'links', 'networks', 'services'}
    assert json.loads(_get(app, '/openstack/latest/vendor_data.json',
                           vm.uuid).body) == {}
    assert _get(app, '/openstack/latest/user_data',
                vm.uuid).body == b'#!/bin/sh\necho beta'
    assert '2012-08-10' in _get(app, '/openstack', vm.uuid).text


def test_wrong_signature_is_refused(app, admin_context):
    vm = _instance(admin_context, 'gamma')
    resp = _get(app, '/latest/meta-data/instance-id', vm.uuid,
                signature='0' * 64)
    assert resp.status_int == 403
    assert vm.uuid not in resp.text
    resp = _get(app, '/openstack/latest/meta_data.json', vm.uuid,
                signature='')
    assert resp.status_int == 403


def test_signature_of_one_instance_does_not_open_another(app,
                                                         admin_context):
    first = _instance(admin_context, 'one')
    second = _instance(admin_context, 'two')
    resp = _get(app, '/latest/meta-data/hostname', second.uuid,
                signature=lookup.sign(first.uuid, SECRET))
    assert resp.status_int == 403
    # Each signed request sees its own instance only.
    one = json.loads(_get(app, '/openstack/latest/meta_data.json',
                          first.uuid).body)
    two = json.loads(_get(app, '/openstack/latest/meta_data.json',
                          second.uuid).body)
    assert (one['uuid'], two['uuid']) == (first.uuid, second.uuid)
    for mine, other in ((one, second), (two, first)):
        mine.pop('random_seed')
        text = json.dumps(mine)
        assert other.uuid not in text and other.key_data not in text
    assert _get(app, '/latest/meta-data/instance-id', first.uuid).text != \
        _get(app, '/latest/meta-data/instance-id', second.uuid).text


def test_tenant_header_must_own_the_instance(app, admin_context):
    vm = _instance(admin_context, 'delta')
    resp = _get(app, '/latest/meta-data/', vm.uuid,
                headers={'X-Tenant-ID': 'someone-else'})
    assert resp.status_int == 403
    assert _get(app, '/latest/meta-data/', vm.uuid,
                headers={'X-Tenant-ID': 'p'}).status_int == 200


def test_unknown_address_gets_404(app, admin_context):
    _instance(admin_context, 'epsilon')
    resp = _get(app, '/latest/meta-data/instance-id', remote='192.0.2.77')
    assert resp.status_int == 404


def test_headers_ignored_without_a_secret(conf, db, admin_context):
    conf.set_override('proxy_shared_secret', '', group='metadata')
    app = handler.loadapp(conf)
    vm = _instance(admin_context, 'zeta')
    resp = _get(app, '/latest/meta-data/instance-id', vm.uuid,
                remote='192.0.2.78')
    assert resp.status_int == 404


def test_linux_net_host_generates_its_secret_once(conf, db, admin_context):
    """With the host's own data plane and no secret set, the namespace
    proxies and the service share one generated into state_path."""
    conf.set_override('proxy_shared_secret', '', group='metadata')
    conf.set_override('cache_expiration', 0, group='metadata')
    assert proxy_secret.get() == ''  # the fake data plane: none
    conf.set_override('plumbing_driver', 'linux_net', group='network')
    secret = proxy_secret.get()
    path = os.path.join(conf.state_path, proxy_secret.FILE)
    assert len(secret) == 64 and os.stat(path).st_mode & 0o777 == 0o600
    assert proxy_secret.get() == secret
    app = handler.loadapp(conf)
    vm = _instance(admin_context, 'eta')
    resp = _get(app, '/latest/meta-data/instance-id', vm.uuid,
                signature=lookup.sign(vm.uuid, secret), remote='192.0.2.79')
    assert resp.status_int == 200, resp.text
    resp = _get(app, '/latest/meta-data/instance-id', vm.uuid,
                remote='192.0.2.79')  # signed with another secret
    assert resp.status_int == 403


def test_forwarded_for_only_from_trusted_proxies(conf):
    conf.set_override('trusted_proxies', ['10.9.9.9'], group='metadata')
    headers = {'X-Forwarded-For': '10.0.0.3, 10.0.0.4'}
    assert lookup.source_address('10.9.9.9', headers) == '10.0.0.4'
    assert lookup.source_address('10.0.0.8', headers) == '10.0.0.8'


def test_password_posted_once(app, admin_context):
    vm = _instance(admin_context, 'eta')
    path = '/openstack/latest/password'
    assert _get(app, path, vm.uuid).text == ''
    assert _get(app, path, vm.uuid, method='POST',
                body=b'encrypted').status_int == 200
    assert _get(app, path, vm.uuid).text == 'encrypted'
    assert _get(app, path, vm.uuid, method='POST',
                body=b'again').status_int == 409
    stored = objects.Instance.get_by_uuid(admin_context, vm.uuid,
                                          expected_attrs=['system_metadata'])
    assert password.extract(stored.system_metadata) == 'encrypted'
    too_long = b'x' * (password.MAX_LENGTH + 1)
    other = _instance(admin_context, 'theta')
    assert _get(app, path, other.uuid, method='POST',
                body=too_long).status_int == 400


def test_build_files_match_the_service(app, admin_context):
    vm = _instance(admin_context, 'iota')
    from nova.api.metadata import gather
    stored = objects.Instance.get_by_uuid(
        admin_context, vm.uuid, expected_attrs=['metadata',
                                                'system_metadata'])
    files = gather.config_drive_files(admin_context, stored)
    ec2 = json.loads(files['ec2/latest/meta-data.json'])
    assert ec2['instance-id'] == _get(app, '/latest/meta-data/instance-id',
                                      vm.uuid).text
    assert files['ec2/2009-04-04/user-data'] == b'#!/bin/sh\necho iota'
    assert files['openstack/latest/user_data'] == b'#!/bin/sh\necho iota'
    for name in ('meta_data.json', 'network_data.json', 'vendor_data.json',
                 'vendor_data2.json'):
        assert 'openstack/latest/%s' % name in files
    served = json.loads(_get(app, '/openstack/latest/meta_data.json',
                             vm.uuid).body)
    built = json.loads(files['openstack/latest/meta_data.json'])
    served.pop('random_seed')
    built.pop('random_seed')
    assert served == built
    # An old version directory has only what that version had.
    assert 'openstack/2012-08-10/network_data.json' not in files


def test_network_data_from_network_info():
    class Inst:
        uuid = 'u'
        user_data = None
    info = [{'id': 'vif-1', 'address': 'fa:16:3e:00:00:01',
             'type': 'bridge', 'devname': 'tapvif-1',
             'network': {'id': 'net-1', 'mtu': 1500, 'subnets': [{
                 'cidr': '10.0.0.0/24', 'version': 4,
                 'gateway': '10.0.0.1', 'dns': ['8.8.4.4'],
                 'ips': [{'address': '10.0.0.5', 'version': 4,
                          'type': 'fixed', 'floating_ips': [
                              {'address': '172.24.4.9', 'version': 4,
                               'type': 'floating'}]}]}]}}]
    sources = content.Sources(instance=Inst(), ec2_ids={},
                              network_info=info)
    data = content.network_data(sources)
    assert data['links'][0]['ethernet_mac_address'] == 'fa:16:3e:00:00:01'
    assert data['networks'][0]['ip_address'] == '10.0.0.5'
    assert data['networks'][0]['netmask'] == '255.255.255.0'
    assert data['networks'][0]['routes'][0]['gateway'] == '10.0.0.1'
    assert data['services'] == [{'type': 'dns', 'address': '8.8.4.4'}]
    assert content.local_ipv4(sources) == '10.0.0.5'
    assert content.public_ipv4(sources) == '172.24.4.9'


class _Conductor:
    """Object indirection as nova-compute has it: the database is off
    here and on only while "the conductor" runs the remotable method."""

    def __init__(self, db_api):
        self.db_api = db_api
        self.enable = db_api.disable('nova-compute')
        self.calls = []

    def object_class_action_versions(self, context, objname, objmethod,
                                     versions, args, kwargs):
        from nova.objects import base
        self.calls.append((objname, objmethod))
        self.enable()
        base.NovaObject.indirection_api = None
        try:
            # What the conductor's object_class_action_versions does.
            cls = base.NovaObject.obj_class_from_name(objname,
                                                      versions[objname])
            result = getattr(cls, objmethod)(context, *args, **kwargs)
            if isinstance(result, base.NovaObject):
                result = result.obj_to_primitive()
        finally:
            base.NovaObject.indirection_api = self
            self.enable = self.db_api.disable('nova-compute')
        if isinstance(result, dict) and 'nova_object.name' in result:
            return base.NovaObject.obj_from_primitive(result, context)
        return result


def test_config_drive_builds_without_database(app, admin_context):
    """nova-compute builds the config drive through object indirection."""
    from nova.api.metadata import gather
    from nova.db import api as db_api
    from nova.objects import base
    vm = _instance(admin_context, 'kappa')
    stored = objects.Instance.get_by_uuid(
        admin_context, vm.uuid, expected_attrs=['metadata',
                                                'system_metadata'])
    expected = _get(app, '/latest/meta-data/instance-id', vm.uuid).text
    conductor = _Conductor(db_api)
    base.NovaObject.indirection_api = conductor
    try:
        files = gather.config_drive_files(admin_context, stored)
        # The database really is off outside the "conductor".
        with pytest.raises(exception.DBNotAllowed):
            gather.ec2_ids(admin_context, stored)
    finally:
        base.NovaObject.indirection_api = None
        conductor.enable()
    assert ('InstanceMetadataFacts', 'get_by_instance') in conductor.calls
    assert json.loads(files['ec2/latest/meta-data.json'])[
        'instance-id'] == expected


def test_block_device_mapping_names():
    class Inst:
        root_device_name = None
    bdms = [{'device_name': '/dev/vda', 'boot_index': 0,
             'source_type': 'image', 'destination_type': 'local'},
            {'device_name': '/dev/vdb', 'boot_index': None,
             'source_type': 'blank', 'destination_type': 'local'},
            {'device_name': '/dev/vdc', 'boot_index': None,
             'source_type': 'blank', 'destination_type': 'local',
             'guest_format': 'swap'},
            {'device_name': '/dev/vdd', 'boot_index': None,
             'source_type': 'volume', 'destination_type': 'volume'}]
    sources = content.Sources(instance=Inst(), ec2_ids={},
                              block_devices=bdms)
    assert content.block_device_mapping(sources) == {
        'ami': 'vda', 'root': '/dev/vda', 'ephemeral0': '/dev/vdb',
        'swap': '/dev/vdc', 'ebs0': '/dev/vdd'}
