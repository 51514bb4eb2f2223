"""block_device_mapping_v2 of server create: parse, validate, record.

Validation follows upstream's (errors InvalidBDM*, same messages and 400):
boot sequence, sources that exist, sizes, swap and ephemeral against the
flavor, the number of local disks. Volumes a mapping asks for (image,
snapshot or blank to volume) are created by the volume service now; the
compute host waits for them and connects them before spawning.
"""

from oslo_utils import strutils

import nova.conf
from nova import exception
from nova import objects
from nova.compute import volumes_api
from nova.objects import block_device as block_device_obj
from nova.volume import api as volume_api
from nova.volume import exception as volume_exception

CONF = nova.conf.CONF
ROOT_DEVICE = '/dev/vda'


def _image_id(ref):
    return str(ref).rstrip('/').rsplit('/', 1)[-1] if ref else None


def image_ref_of(server):
    """imageRef, or the image of the root image mapping; None when the
    server boots from a volume mapping."""
    image_ref = server.get('imageRef') or None
    for bdm in server.get('block_device_mapping_v2') or []:
        if str(bdm.get('boot_index')) == '0' and \
                bdm.get('source_type') == 'image' and \
                bdm.get('destination_type', 'local') == 'local':
            return image_ref or bdm.get('uuid')
    return image_ref


def _int_or_none(value):
    if value is None or value == '':
        return None
    return int(value)


def parse(requested, image_ref):
    """Normalized mapping dicts (BlockDeviceMapping fields)."""
    mappings = []
    for raw in requested or []:
        source = raw.get('source_type')
        dest = raw.get('destination_type') or (
            'local' if source in ('image', 'blank') else 'volume')
        if source is None:
            raise volume_exception.InvalidBDMFormat(
                details='Missing source_type field.')
        uuid = raw.get('uuid')
        if source in ('image', 'volume', 'snapshot') and not uuid:
            raise volume_exception.InvalidBDMFormat(
                details='Missing device UUID.')
        boot_index = _int_or_none(raw.get('boot_index'))
        if boot_index is not None and boot_index < 0:
            boot_index = None
        mapping = {
            'source_type': source, 'destination_type': dest,
            'boot_index': boot_index,
            'device_name': raw.get('device_name'),
            'volume_size': _int_or_none(raw.get('volume_size')),
            'guest_format': raw.get('guest_format'),
            'disk_bus': raw.get('disk_bus'),
            'device_type': raw.get('device_type'),
            'volume_type': raw.get('volume_type'),
            'tag': raw.get('tag'),
            'delete_on_termination': strutils.bool_from_string(
                raw.get('delete_on_termination', False)),
            'no_device': bool(raw.get('no_device')),
            'image_id': uuid if source == 'image' else None,
            'volume_id': uuid if source == 'volume' else None,
            'snapshot_id': uuid if source == 'snapshot' else None,
        }
        if mapping['device_name']:
            volumes_api.check_device(mapping['device_name'])
        mappings.append(mapping)
    image_id = _image_id(image_ref)
    if image_id and not any(m['boot_index'] == 0 for m in mappings):
        # The image root disk upstream adds for an imageRef boot.
        mappings.insert(0, {
            'source_type': 'image', 'destination_type': 'local',
            'boot_index': 0, 'image_id': image_id,
            'delete_on_termination': True, 'device_name': ROOT_DEVICE})
    return mappings


def _is_swap(m):
    return m['source_type'] == 'blank' and m['destination_type'] == \
        'local' and m.get('guest_format') == 'swap'


def _is_ephemeral(m):
    return m['source_type'] == 'blank' and m['destination_type'] == \
        'local' and m.get('guest_format') != 'swap'


def _check_volume_types(context, volumes, mappings):
    """API 2.67: a volume_type (name or id) only where a new volume is
    made, and one the volume service knows."""
    wanted = [m for m in mappings if m.get('volume_type')]
    if not wanted:
        return
    known = None
    for m in wanted:
        if m['destination_type'] != 'volume':
            raise volume_exception.InvalidBDM(
                message='volume_type needs destination_type \'volume\'.')
        if m['source_type'] == 'volume':
            raise volume_exception.InvalidBDM(
                message='volume_type cannot be given for an existing '
                        'volume (source_type \'volume\').')
        if known is None:
            known = set()
            for volume_type in volumes.get_all_volume_types(context):
                known.update((volume_type['id'], volume_type['name']))
        if m['volume_type'] not in known:
            raise exception.InvalidInput(
                reason='Volume type %s could not be found.'
                % m['volume_type'])


def validate(context, flavor, mappings, images, max_count,
             multiattach_ok=True):
    """Raise InvalidBDM* (400) unless the mappings make a bootable server;
    multiattach_ok: whether multiattach volumes may be used (API 2.60)."""
    boot_indexes = sorted(m['boot_index'] for m in mappings
                          if m['boot_index'] is not None)
    if not boot_indexes or any(i != v for i, v in enumerate(boot_indexes)):
        raise volume_exception.InvalidBDMBootSequence()
    volumes = volume_api.API()
    _check_volume_types(context, volumes, mappings)
    for m in mappings:
        if m['source_type'] == 'image' and not (
                m['boot_index'] == 0 and m['destination_type'] == 'local'):
            # (The root image was fetched and checked as the boot image.)
            try:
                images.get(context, m['image_id'])
            except Exception:
                raise volume_exception.InvalidBDMImage(id=m['image_id'])
        if m['source_type'] == 'image' and \
                m['destination_type'] == 'volume' and not m['volume_size']:
            raise volume_exception.InvalidBDM(
                message='Images with destination_type \'volume\' need '
                        'to have a non-zero size specified')
        if m['source_type'] == 'volume':
            try:
                volume = volumes.get(context, m['volume_id'])
            except exception.NotFound:
                raise volume_exception.InvalidBDMVolume(id=m['volume_id'])
            if volume.get('multiattach') and not multiattach_ok:
                raise volume_exception.\
                    MultiattachNotSupportedOldMicroversion()
            if not volume.get('multiattach'):
                if max_count > 1:
                    raise exception.InvalidInput(
                        reason='Cannot attach one or more volumes to '
                               'multiple instances')
                if volume['status'] != 'available':
                    raise volume_exception.InvalidVolume(
                        reason='volume \'%s\' status must be \'available\'. '
                               'Currently in \'%s\'' % (volume['id'],
                                                        volume['status']))
            m['volume_size'] = volume['size']
        elif m['source_type'] == 'snapshot':
            try:
                snapshot = volumes.get_snapshot(context, m['snapshot_id'])
            except exception.NotFound:
                raise volume_exception.InvalidBDMSnapshot(
                    id=m['snapshot_id'])
            m['volume_size'] = m['volume_size'] or snapshot['size']
        elif m['source_type'] == 'blank' and \
                m['destination_type'] == 'volume' and not m['volume_size']:
            raise volume_exception.InvalidBDM(
                message='Blank volumes (source: \'blank\', dest: '
                        '\'volume\') need to have non-zero size')
        if m.get('disk_bus') and \
                m['disk_bus'] not in block_device_obj.DISK_BUSES:
            raise volume_exception.InvalidBDMDiskBus(disk_bus=m['disk_bus'])
    ephemeral = sum(m['volume_size'] or flavor.ephemeral_gb
                    for m in mappings if _is_ephemeral(m))
    if ephemeral > flavor.ephemeral_gb:
        raise volume_exception.InvalidBDMEphemeralSize()
    swaps = [m for m in mappings if _is_swap(m)]
    if len(swaps) > 1:
        raise volume_exception.InvalidBDMFormat(
            details='More than one swap drive requested.')
    if swaps and (swaps[0]['volume_size'] or 0) > flavor.swap:
        raise volume_exception.InvalidBDMSwapSize()
    max_local = CONF.max_local_block_devices
    if max_local >= 0 and len([m for m in mappings if
                               m['destination_type'] == 'local']) > max_local:
        raise volume_exception.InvalidBDMLocalsLimit()


def boot_volume(mappings):
    """The mapping the server boots from when it is a volume, else None."""
    root = [m for m in mappings if m['boot_index'] == 0]
    return root[0] if root and root[0]['destination_type'] == 'volume' \
        else None


def _device_names(mappings):
    used = {m['device_name'] for m in mappings if m.get('device_name')}
    for m in sorted(mappings, key=lambda m: (m['boot_index'] is None,
                                             m['boot_index'] or 0)):
        if m.get('device_name'):
            continue
        if m['boot_index'] == 0:
            m['device_name'] = ROOT_DEVICE
        else:
            m['device_name'] = volumes_api.next_device_name(
                used | {ROOT_DEVICE})
        used.add(m['device_name'])


def record(context, instance, mappings, existing):
    """Create the mapping rows of one server: existing volumes reserved
    (the unique rule applies), new ones created by the volume service."""
    volumes = volume_api.API()
    _device_names(mappings)
    created = []
    try:
        for m in mappings:
            values = dict(m)
            if m['destination_type'] == 'volume' and \
                    m['source_type'] != 'volume':
                volume = volumes.create(
                    context, m['volume_size'],
                    name='%s-%s' % (instance.display_name,
                                    m['device_name'].rsplit('/', 1)[-1]),
                    snapshot_id=m.get('snapshot_id'),
                    image_id=m.get('image_id'),
                    volume_type=m.get('volume_type'))
                values['volume_id'] = volume['id']
                values['active_volume_id'] = volume['id']
                created.append(volume['id'])
            elif m['source_type'] == 'volume':
                volume = existing[m['volume_id']]
                values['active_volume_id'] = None if volume.get(
                    'multiattach') else volume['id']
            bdm = objects.BlockDeviceMapping(
                context=context, instance_uuid=instance.uuid, **values)
            bdm.create()
            if m['source_type'] == 'volume':
                bdm.attachment_id = volumes.attachment_create(
                    context, m['volume_id'], instance.uuid)['id']
                bdm.save()
    except Exception:
        volumes_api.API().release_local(context, instance)
        for volume_id in created:
            try:
                volumes.delete(context, volume_id)
            except Exception:
                pass
        raise


def boot_image(compute, context, image_href, flavor, mappings):
    """The image dict the server boots from: imageRef's, or for a volume
    boot the boot volume's source image (or an empty one)."""
    if image_href:
        return compute._get_boot_image(context, image_href, flavor)
    root = boot_volume(mappings) or {}
    image_id = root.get('image_id')
    if not image_id and root.get('volume_id'):
        try:
            image_id = volume_api.API().get(context,
                                            root['volume_id']).get('image_id')
        except exception.NotFound:
            image_id = None
    if image_id:
        try:
            return compute.images.get(context, image_id)
        except exception.ImageNotFound:
            pass
    return {'id': '', 'status': 'active', 'properties': {}}


def needs_recording(mappings):
    """Whether record_all has anything to write for these mappings."""
    return not all(m['source_type'] == 'image' and
                   m['destination_type'] == 'local' for m in mappings)


def record_all(context, instances, mappings):
    """record() for each new server; on failure the servers (never
    scheduled) are deleted again and the error raised."""
    if not needs_recording(mappings):
        return  # a plain image boot: nothing to track
    try:
        # Validation again, now that the servers exist (the volumes may
        # have been taken meanwhile; the unique rule decides).
        existing = {}
        volumes = volume_api.API()
        for m in mappings:
            if m['source_type'] == 'volume':
                existing[m['volume_id']] = volumes.get(context,
                                                       m['volume_id'])
        for instance in instances:
            record(context, instance, [dict(m) for m in mappings], existing)
    except Exception:
        for instance in instances:
            volumes_api.API().release_local(context, instance)
            instance.destroy()
        raise
