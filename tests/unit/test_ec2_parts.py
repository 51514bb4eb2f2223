"""EC2 API pieces: parameter nesting, XML, ids, states, credentials."""

import argparse
import datetime
from xml.etree import ElementTree

import pytest

from nova.api.ec2 import credentials
from nova.api.ec2 import faults
from nova.api.ec2 import ids
from nova.api.ec2 import inst_state
from nova.api.ec2 import request
from nova.api.ec2 import xml
from nova.compute import vm_states


def test_nest_numbered_parameters():
    args = request.nest({
        'Action': 'RunInstances', 'Version': '2016-11-15',
        'InstanceId.2': 'i-2', 'InstanceId.1': 'i-1',
        'Filter.1.Name': 'tag:role', 'Filter.1.Value.1': 'web',
        'Filter.1.Value.2': 'db', 'Filter.2.Name': 'key-name',
        'Filter.2.Value.1': 'k', 'Placement.AvailabilityZone': 'nova',
        'BlockDeviceMapping.1.Ebs.VolumeSize': '2',
        'X-Amz-Date': '20260101T000000Z', 'Signature': 'x'})
    assert args['InstanceId'] == ['i-1', 'i-2']
    assert args['Placement'] == {'AvailabilityZone': 'nova'}
    assert args['BlockDeviceMapping'] == [{'Ebs': {'VolumeSize': '2'}}]
    assert 'Action' not in args and 'Signature' not in args
    assert 'X-Amz-Date' not in args
    assert request.filters(args) == {'tag:role': ['web', 'db'],
                                     'key-name': ['k']}
    assert request.as_list({'InstanceId': 'i-9'}, 'InstanceId') == ['i-9']
    # Numbers need not start at 1 nor be contiguous.
    assert request.nest({'GroupName.3': 'b', 'GroupName.10': 'c'}) == {
        'GroupName': ['b', 'c']}


def test_render_in_the_request_version_namespace():
    when = datetime.datetime(2026, 12, 5, 19, 0, 1, 250000)
    body = xml.render('DescribeInstances', '2014-10-01', 'req-1', {
        'reservationSet': [{'reservationId': 'r-1', 'instancesSet': [
            {'instanceId': 'i-00000001', 'launchTime': when,
             'ipAddress': None, 'tagSet': [], 'ok': True}]}]})
    root = ElementTree.fromstring(body)
    ns = '{http://ec2.amazonaws.com/doc/2014-10-01/}'
    assert root.tag == ns + 'DescribeInstancesResponse'
    assert root.find(ns + 'requestId').text == 'req-1'
    item = root.find('%sreservationSet/%sitem/%sinstancesSet/%sitem' % (
        (ns,) * 4))
    assert item.find(ns + 'instanceId').text == 'i-00000001'
    assert item.find(ns + 'launchTime').text == '2026-12-05T19:00:01.250Z'
    assert item.find(ns + 'ok').text == 'true'
    assert item.find(ns + 'ipAddress') is None
    default = ElementTree.fromstring(xml.render('X', None, 'r', {}))
    assert default.tag == '{http://ec2.amazonaws.com/doc/%s/}XResponse' % (
        xml.DEFAULT_VERSION)


def test_error_document():
    body = faults.error_document(faults.EC2Error('A.B', 'x < y'), 'req-9')
    root = ElementTree.fromstring(body)
    assert root.find('Errors/Error/Code').text == 'A.B'
    assert root.find('Errors/Error/Message').text == 'x < y'
    assert root.find('RequestID').text == 'req-9'


def test_state_map_as_upstream():
    assert inst_state.describe(vm_states.ACTIVE) == {'code': 16,
                                                     'name': 'running'}
    assert inst_state.describe(vm_states.BUILDING) == {'code': 0,
                                                       'name': 'pending'}
    assert inst_state.describe(vm_states.STOPPED) == {'code': 80,
                                                      'name': 'stopped'}
    assert inst_state.describe(vm_states.DELETED)['code'] == 48
    assert inst_state.describe(vm_states.SOFT_DELETED)['name'] == \
        'terminated'
    assert inst_state.describe(vm_states.PAUSED)['name'] == 'pause'
    assert inst_state.describe(None)['name'] == 'pending'
    assert inst_state.describe(vm_states.ERROR) == {'code': 0,
                                                    'name': 'error'}
    # EC2's transitional names while deleting and powering off.
    assert inst_state.describe(vm_states.ACTIVE, 'deleting') == {
        'code': 32, 'name': 'shutting-down'}
    assert inst_state.describe(vm_states.ACTIVE, 'powering-off') == {
        'code': 64, 'name': 'stopping'}
    assert inst_state.describe(vm_states.ACTIVE, 'rebooting')['name'] == \
        'running'


def test_ids_are_stable_and_distinct(any_admin_context):
    context = any_admin_context
    uuids = ['11111111-1111-1111-1111-11111111111%d' % i for i in range(3)]
    first = ids.to_ec2(context, ids.INSTANCE, uuids[0])
    assert first.startswith('i-') and len(first) == 10
    assert ids.to_ec2(context, ids.INSTANCE, uuids[0]) == first
    many = ids.to_ec2_many(context, ids.VOLUME, uuids)
    assert many[uuids[0]] == 'vol-' + first[2:]
    assert len(set(many.values())) == 3
    assert ids.to_uuid(context, many[uuids[2]], ids.VOLUME) == uuids[2]
    assert ids.to_uuid(context, 'ami-' + first[2:], ids.IMAGE_KINDS) == \
        uuids[0]
    with pytest.raises(faults.EC2Error) as error:
        ids.to_uuid(context, 'vol-' + first[2:], ids.INSTANCE)
    assert error.value.code == 'InvalidInstanceID.Malformed'
    with pytest.raises(faults.EC2Error) as error:
        ids.to_uuid(context, 'i-7fffffff', ids.INSTANCE)
    assert error.value.code == 'InvalidInstanceID.NotFound'
    with pytest.raises(faults.EC2Error) as error:
        ids.to_uuid(context, 'snap-xyz', ids.SNAPSHOT)
    assert error.value.code == 'InvalidSnapshot.Malformed'
    assert ids.image_kind({'container_format': 'aki'}) == 'aki'
    assert ids.image_kind({'container_format': 'bare'}) == 'ami'


def test_manage_credentials_commands(db, capsys):
    credentials.cmd_create(argparse.Namespace(user='bob', project='p1'))
    out = capsys.readouterr().out
    access = out.split('access: ')[1].split()[0]
    assert 'secret: ' in out
    credentials.cmd_list(argparse.Namespace(user=None))
    assert access in capsys.readouterr().out
    assert credentials.cmd_delete(argparse.Namespace(access=access)) == 0
    assert credentials.cmd_delete(argparse.Namespace(access=access)) == 1
    capsys.readouterr()
    credentials.cmd_list(argparse.Namespace(user='bob'))
    assert access not in capsys.readouterr().out


def test_every_policy_rule_is_registered():
    from nova.api.ec2 import actions
    from nova.api.ec2 import policy_rules
    from nova import policies
    registered = {r.name for r in policies.list_rules()}
    assert set(policy_rules.RULES) <= set(actions.ACTIONS)
    assert set(policy_rules.RULES.values()) <= registered


def test_client_token_claims(any_admin_context):
    from nova.db import ec2 as ec2_db
    context = any_admin_context
    assert ec2_db.client_token_claim(context, 'p', 't') == (True, None)
    # A second claim while the first request runs: known, no reservation.
    assert ec2_db.client_token_claim(context, 'p', 't') == (False, None)
    assert ec2_db.client_token_claim(context, 'q', 't') == (True, None)
    ec2_db.client_token_set(context, 'p', 't', 'r-1')
    assert ec2_db.client_token_claim(context, 'p', 't') == (False, 'r-1')
    # A failed request gives its token back.
    ec2_db.client_token_set(context, 'q', 't', None)
    assert ec2_db.client_token_claim(context, 'q', 't') == (True, None)
