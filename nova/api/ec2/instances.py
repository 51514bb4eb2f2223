"""Instance actions: Describe, Run, Terminate, Reboot, Stop, Start,
GetConsoleOutput, GetPasswordData."""

import base64
import copy
import fnmatch

from oslo_utils import timeutils

from nova.api.ec2 import faults
from nova.api.ec2 import ids
from nova.api.ec2 import inst_state
from nova.api.ec2 import instance_view
from nova.api.ec2 import request
from nova.compute import api as compute_api
from nova.compute import client_tokens
from nova.compute import password as password_store
from nova import exception
from nova import objects

_COMPUTE = None


def compute():
    global _COMPUTE
    if _COMPUTE is None:
        _COMPUTE = compute_api.API()
    return _COMPUTE


# How long DescribeInstances still shows a terminated instance, as EC2
# does (boto3's instance_terminated waiter looks for it).
TERMINATED_VISIBLE_SECONDS = 3600


def _terminated(context, uuid):
    """The instance if it was deleted lately, else None."""
    deleted_context = copy.copy(context)
    deleted_context.read_deleted = 'yes'
    try:
        instance = compute().get(deleted_context, uuid,
                                 expected_attrs=('metadata',))
    except exception.InstanceNotFound:
        return None
    if not instance.deleted or not instance.deleted_at:
        return None
    age = timeutils.utcnow() - instance.deleted_at.replace(tzinfo=None)
    if age.total_seconds() > TERMINATED_VISIBLE_SECONDS:
        return None
    return instance


def get_instance(context, ec2_id, expected_attrs=('metadata',),
                 terminated=False):
    """The instance an i- id names, if the caller may see it
    (terminated: also if it was deleted within the last hour)."""
    uuid = ids.to_uuid(context, ec2_id, ids.INSTANCE)
    try:
        return compute().get(context, uuid, expected_attrs=expected_attrs)
    except exception.InstanceNotFound:
        instance = _terminated(context, uuid) if terminated else None
        if instance is not None:
            return instance
        raise faults.EC2Error('InvalidInstanceID.NotFound',
                              'The instance ID \'%s\' does not exist'
                              % ec2_id)


def _instances(context, ec2_ids, expected_attrs=('metadata',),
               terminated=False):
    if not ec2_ids:
        raise faults.missing('InstanceId')
    return [get_instance(context, i, expected_attrs, terminated)
            for i in ec2_ids]


# Filter name -> function of the formatted instance giving its values.
_FILTERS = {
    'instance-id': lambda i, r: [i['instanceId']],
    'image-id': lambda i, r: [i['imageId']],
    'instance-type': lambda i, r: [i['instanceType']],
    'key-name': lambda i, r: [i['keyName']],
    'instance-state-name': lambda i, r: [i['instanceState']['name']],
    'instance-state-code': lambda i, r: [str(i['instanceState']['code'])],
    'availability-zone': lambda i, r: [i['placement']['availabilityZone']],
    'reservation-id': lambda i, r: [r['reservationId']],
    'owner-id': lambda i, r: [r['ownerId']],
    'private-ip-address': lambda i, r: [i['privateIpAddress']],
    'ip-address': lambda i, r: [i['ipAddress']],
    'dns-name': lambda i, r: [i['dnsName']],
    'private-dns-name': lambda i, r: [i['privateDnsName']],
    'launch-index': lambda i, r: [str(i['amiLaunchIndex'])],
    'group-name': lambda i, r: [g['groupName'] for g in i['groupSet']],
    'instance.group-name': lambda i, r: [g['groupName']
                                         for g in i['groupSet']],
    'tag-key': lambda i, r: [t['key'] for t in i['tagSet']],
    'tag-value': lambda i, r: [t['value'] for t in i['tagSet']],
}


def _filter_values(name, item, reservation):
    if name.startswith('tag:'):
        key = name[4:]
        return [t['value'] for t in item['tagSet'] if t['key'] == key]
    getter = _FILTERS.get(name)
    if getter is None:
        raise faults.EC2Error('InvalidParameterValue',
                              'The filter \'%s\' is invalid' % name)
    return getter(item, reservation)


def _matches(filters, item, reservation):
    """Every filter matches one of its values (* and ? are wildcards)."""
    for name, wanted in filters.items():
        values = [str(v) for v in _filter_values(name, item, reservation)
                  if v is not None]
        if not any(fnmatch.fnmatchcase(v, w) for v in values
                   for w in wanted):
            return False
    return True


def describe_instances(context, args):
    ec2_ids = request.as_list(args, 'InstanceId')
    if ec2_ids:
        instances = _instances(context, ec2_ids, terminated=True)
    else:
        filters = {} if context.is_admin else {
            'project_id': context.project_id}
        instances = compute().get_all(context, filters,
                                      sort_keys=['created_at', 'uuid'],
                                      sort_dirs=['asc', 'asc'],
                                      expected_attrs=('metadata',))
    filters = request.filters(args)
    formatter = instance_view.Formatter(context, instances)
    result = []
    for reservation in formatter.reservations(instances):
        reservation['instancesSet'] = [
            i for i in reservation['instancesSet']
            if _matches(filters, i, reservation)]
        if reservation['instancesSet']:
            result.append(reservation)
    return {'reservationSet': result}


def _flavor(context, name):
    try:
        return objects.Flavor.get_by_name(context, name or 'm1.small')
    except exception.FlavorNotFound:
        raise faults.invalid('Invalid value \'%s\' for InstanceType.'
                             % name)


def _count(args, name, default):
    try:
        value = int(args.get(name, default))
    except (TypeError, ValueError):
        raise faults.invalid('%s must be a number.' % name)
    if value < 1:
        raise faults.invalid('%s must be at least 1.' % name)
    return value


def _block_devices(context, args, image_uuid):
    """EC2 BlockDeviceMapping.N as the Compute API's v2 mappings."""
    mappings = []
    for bdm in request.as_list(args, 'BlockDeviceMapping'):
        device = bdm.get('DeviceName')
        ebs = request.struct(bdm, 'Ebs')
        if bdm.get('NoDevice') is not None:
            continue
        if bdm.get('VirtualName', '').startswith('ephemeral'):
            mappings.append({'source_type': 'blank',
                             'destination_type': 'local',
                             'device_name': device, 'boot_index': -1})
            continue
        if not ebs:
            continue
        mapping = {'destination_type': 'volume', 'device_name': device,
                   'boot_index': -1,
                   'delete_on_termination': request.boolean(
                       ebs.get('DeleteOnTermination'), True)}
        if ebs.get('VolumeSize'):
            mapping['volume_size'] = int(ebs['VolumeSize'])
        if ebs.get('SnapshotId'):
            mapping['source_type'] = 'snapshot'
            mapping['uuid'] = ids.to_uuid(context, ebs['SnapshotId'],
                                          ids.SNAPSHOT)
        else:
            mapping['source_type'] = 'blank'
        mappings.append(mapping)
    if mappings:
        mappings.insert(0, {'source_type': 'image', 'uuid': image_uuid,
                            'destination_type': 'local', 'boot_index': 0})
    return mappings or None


def _security_groups(context, args):
    names = request.as_list(args, 'SecurityGroup')
    ec2_ids = request.as_list(args, 'SecurityGroupId')
    if ec2_ids:
        from nova.api.ec2 import security_groups
        names = security_groups.names_for_run(context, names, ec2_ids)
    return list(names) or None


def _reservation(context, reservation_id):
    """The reservation a ClientToken made earlier."""
    found = compute().get_all(context, {
        'reservation_id': reservation_id, 'project_id': context.project_id},
        expected_attrs=('metadata',))
    if found:
        return instance_view.Formatter(context, found).reservations(found)[0]
    return {'reservationId': reservation_id, 'ownerId': context.project_id,
            'groupSet': [], 'instancesSet': []}


def run_instances(context, args):
    """RunInstances; with a ClientToken a retry returns the first
    request's reservation instead of starting more instances."""
    token = args.get('ClientToken')
    if not token:
        return _run_instances(context, args)
    if len(token) > 64:
        raise faults.invalid('A ClientToken is at most 64 characters.')
    claimed, reservation_id = client_tokens.claim(context, token)
    if not claimed:
        if reservation_id is None:
            raise faults.EC2Error('IncorrectState', 'A request with this '
                                  'ClientToken is still running; retry.')
        return _reservation(context, reservation_id)
    try:
        result = _run_instances(context, args, client_token=token)
    except Exception:
        client_tokens.settle(context, token, None)
        raise
    client_tokens.settle(context, token, result['reservationId'])
    return result


def _run_instances(context, args, client_token=None):
    image_id = args.get('ImageId')
    if not image_id:
        raise faults.missing('ImageId')
    image_uuid = ids.to_uuid(context, image_id, ids.IMAGE_KINDS)
    min_count = _count(args, 'MinCount', 1)
    max_count = _count(args, 'MaxCount', min_count)
    if min_count > max_count:
        raise faults.invalid('MinCount must not exceed MaxCount.')
    user_data = args.get('UserData') or None
    placement = request.struct(args, 'Placement')
    kwargs = {}
    groups = _security_groups(context, args)
    if groups:
        kwargs['security_groups'] = groups
    bdms = _block_devices(context, args, image_uuid)
    if bdms:
        kwargs['block_device_mapping'] = bdms
    if client_token:
        # Recorded with the create's dispatch (nova.compute.client_tokens).
        kwargs['client_token'] = client_token
    try:
        instances, reservation_id = compute().create(
            context, _flavor(context, args.get('InstanceType')),
            image_uuid, 'Server %s' % image_id, min_count=min_count,
            max_count=max_count, key_name=args.get('KeyName'),
            user_data=user_data,
            availability_zone=placement.get('AvailabilityZone'),
            admin_password=compute_api.generate_password(), **kwargs)
    except exception.InvalidInput as e:
        message = e.format_message()
        if 'key_name' in message:
            raise faults.EC2Error(
                'InvalidKeyPair.NotFound', 'The key pair \'%s\' does not '
                'exist' % args.get('KeyName'))
        raise
    formatter = instance_view.Formatter(context, instances)
    return formatter.reservations(instances)[0]


def _change_states(context, args, action, current):
    """Apply action to each named instance and report its state change."""
    instances = _instances(context, request.as_list(args, 'InstanceId'))
    current_state = {'code': inst_state.name_to_code(current),
                     'name': current}
    changes = []
    for instance in instances:
        previous = inst_state.describe(instance.vm_state,
                                       instance.task_state)
        action(instance)
        changes.append({'instanceId': ids.to_ec2(context, ids.INSTANCE,
                                                 instance.uuid),
                        'previousState': previous,
                        'currentState': dict(current_state)})
    return {'instancesSet': changes}


def terminate_instances(context, args):
    return _change_states(context, args,
                          lambda i: compute().delete(context, i),
                          inst_state.SHUTTING_DOWN)


def stop_instances(context, args):
    return _change_states(context, args,
                          lambda i: compute().stop(context, i),
                          inst_state.STOPPING)


def start_instances(context, args):
    return _change_states(context, args,
                          lambda i: compute().start(context, i),
                          inst_state.PENDING)


def reboot_instances(context, args):
    for instance in _instances(context,
                               request.as_list(args, 'InstanceId')):
        compute().reboot(context, instance, 'SOFT')
    return {'return': True}


def get_console_output(context, args):
    ec2_id = args.get('InstanceId')
    if isinstance(ec2_id, list):
        ec2_id = ec2_id[0] if ec2_id else None
    if not ec2_id:
        raise faults.missing('InstanceId')
    instance = get_instance(context, ec2_id)
    output = compute().get_console_output(context, instance) or ''
    if isinstance(output, str):
        output = output.encode()
    return {'instanceId': ec2_id, 'timestamp': timeutils.utcnow(),
            'output': base64.b64encode(output).decode()}


def get_password_data(context, args):
    ec2_id = args.get('InstanceId')
    if not ec2_id:
        raise faults.missing('InstanceId')
    instance = get_instance(context, ec2_id,
                            expected_attrs=('system_metadata',))
    return {'instanceId': ec2_id, 'timestamp': timeutils.utcnow(),
            'passwordData': password_store.extract(
                instance.system_metadata)}
