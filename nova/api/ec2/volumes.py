"""EBS as the volume service: DescribeVolumes, CreateVolume,
DeleteVolume, AttachVolume, DetachVolume, DescribeSnapshots,
CreateSnapshot, DeleteSnapshot."""

from nova.api.ec2 import faults
from nova.api.ec2 import ids
from nova.api.ec2 import instances
from nova.api.ec2 import request
from nova.compute import volumes_api
from nova.volume import api as volume_api
from nova.volume import exception as volume_exception

_VOLUME_STATES = {'creating': 'creating', 'downloading': 'creating',
                  'available': 'available', 'reserved': 'in-use',
                  'attaching': 'in-use', 'in-use': 'in-use',
                  'detaching': 'in-use', 'deleting': 'deleting',
                  'error': 'error', 'error_deleting': 'error',
                  'extending': 'in-use', 'maintenance': 'in-use'}
_SNAPSHOT_STATES = {'creating': 'pending', 'available': 'completed',
                    'deleting': 'pending', 'error': 'error',
                    'error_deleting': 'error'}

_VOLUMES = None
_ATTACHER = None


def volumes():
    global _VOLUMES
    if _VOLUMES is None:
        _VOLUMES = volume_api.API()
    return _VOLUMES


def attacher():
    global _ATTACHER
    if _ATTACHER is None:
        _ATTACHER = volumes_api.API()
    return _ATTACHER


def _volume(context, ec2_id):
    if not ec2_id:
        raise faults.missing('VolumeId')
    uuid = ids.to_uuid(context, ec2_id, ids.VOLUME)
    try:
        return volumes().get(context, uuid)
    except volume_exception.VolumeNotFound:
        raise faults.EC2Error('InvalidVolume.NotFound',
                              'The volume \'%s\' does not exist.' % ec2_id)


def _snapshot(context, ec2_id):
    if not ec2_id:
        raise faults.missing('SnapshotId')
    uuid = ids.to_uuid(context, ec2_id, ids.SNAPSHOT)
    try:
        return volumes().get_snapshot(context, uuid)
    except volume_exception.SnapshotNotFound:
        raise faults.EC2Error('InvalidSnapshot.NotFound',
                              'The snapshot \'%s\' does not exist.'
                              % ec2_id)


def format_volume(context, volume):
    volume_id = ids.to_ec2(context, ids.VOLUME, volume['id'])
    attachments = []
    for attachment in volume.get('attachments') or []:
        attachments.append({
            'volumeId': volume_id,
            'instanceId': ids.to_ec2(context, ids.INSTANCE,
                                     attachment['server_id']),
            'device': attachment.get('device'),
            'status': 'attached' if attachment.get('attach_status') in
            (None, 'attached') else attachment['attach_status'],
            'attachTime': attachment.get('attached_at'),
            'deleteOnTermination': False})
    return {
        'volumeId': volume_id,
        'status': _VOLUME_STATES.get(volume['status'], volume['status']),
        'size': volume['size'],
        'availabilityZone': volume.get('availability_zone'),
        'createTime': volume.get('created_at'),
        'snapshotId': ids.to_ec2(context, ids.SNAPSHOT,
                                 volume.get('snapshot_id')),
        'attachmentSet': attachments,
        'volumeType': volume.get('volume_type') or 'standard',
        'encrypted': False,
    }


def format_snapshot(context, snapshot):
    return {
        'snapshotId': ids.to_ec2(context, ids.SNAPSHOT, snapshot['id']),
        'volumeId': ids.to_ec2(context, ids.VOLUME, snapshot['volume_id']),
        'status': _SNAPSHOT_STATES.get(snapshot['status'],
                                       snapshot['status']),
        'startTime': snapshot.get('created_at'),
        'progress': snapshot.get('progress') or '0%',
        'ownerId': snapshot.get('project_id'),
        'volumeSize': snapshot.get('size'),
        'description': snapshot.get('description'),
        'encrypted': False,
    }


def describe_volumes(context, args):
    wanted = request.as_list(args, 'VolumeId')
    if wanted:
        found = [_volume(context, v) for v in wanted]
    else:
        found = volumes().get_all(context)
    result = [format_volume(context, v) for v in found]
    for name, values in request.filters(args).items():
        key = {'volume-id': 'volumeId', 'status': 'status',
               'availability-zone': 'availabilityZone',
               'size': 'size'}.get(name)
        if key is None:
            raise faults.invalid('The filter \'%s\' is invalid' % name)
        result = [v for v in result if str(v[key]) in values]
    return {'volumeSet': result}


def create_volume(context, args):
    snapshot_uuid = None
    if args.get('SnapshotId'):
        snapshot_uuid = _snapshot(context, args['SnapshotId'])['id']
    size = args.get('Size')
    if size is None and snapshot_uuid is None:
        raise faults.missing('Size')
    try:
        size = int(size) if size is not None else None
    except ValueError:
        raise faults.invalid('Size must be a number of GiB.')
    volume = volumes().create(
        context, size, snapshot_id=snapshot_uuid,
        availability_zone=args.get('AvailabilityZone'))
    return format_volume(context, volume)


def delete_volume(context, args):
    volume = _volume(context, args.get('VolumeId'))
    volumes().delete(context, volume['id'])
    return {'return': True}


def attach_volume(context, args):
    volume = _volume(context, args.get('VolumeId'))
    instance = instances.get_instance(context, args.get('InstanceId'))
    device = attacher().attach(context, instance, volume['id'],
                               device=args.get('Device'))
    return {'volumeId': args['VolumeId'], 'instanceId': args['InstanceId'],
            'device': device, 'status': 'attaching',
            'attachTime': volume.get('updated_at')}


def detach_volume(context, args):
    volume = _volume(context, args.get('VolumeId'))
    attachments = volume.get('attachments') or []
    if not attachments:
        raise faults.EC2Error('IncorrectState', 'The volume \'%s\' is not '
                              'attached.' % args['VolumeId'])
    server_id = attachments[0]['server_id']
    instance = instances.compute().get(context, server_id)
    attacher().detach(context, instance, volume['id'])
    return {'volumeId': args['VolumeId'],
            'instanceId': ids.to_ec2(context, ids.INSTANCE, server_id),
            'device': attachments[0].get('device'), 'status': 'detaching'}


def describe_snapshots(context, args):
    wanted = request.as_list(args, 'SnapshotId')
    if wanted:
        found = [_snapshot(context, s) for s in wanted]
    else:
        found = volumes().get_all_snapshots(context)
    return {'snapshotSet': [format_snapshot(context, s) for s in found]}


def create_snapshot(context, args):
    volume = _volume(context, args.get('VolumeId'))
    snapshot = volumes().create_snapshot(
        context, volume['id'], description=args.get('Description'),
        force=True)  # EC2 snapshots attached volumes too.
    return format_snapshot(context, snapshot)


def delete_snapshot(context, args):
    snapshot = _snapshot(context, args.get('SnapshotId'))
    volumes().delete_snapshot(context, snapshot['id'])
    return {'return': True}
