"""Collects an instance's metadata Sources on the API side.

Reads what content.py needs besides the instance: its EC2 ids, network
interfaces, security groups and block devices. A network API that does
not implement security groups leaves that list empty.
"""

import json

from oslo_log import log as logging

import nova.conf
from nova.api.ec2 import ids
from nova.api.metadata import content
from nova.network import api as network_api
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def ec2_ids(context, instance):
    """{'instance-id', 'ami-id'[, 'kernel-id', 'ramdisk-id']}."""
    # One read for all four ids (each to_ec2 would be its own query).
    wanted = {'instance-id': (ids.INSTANCE, instance.uuid),
              'ami-id': (ids.IMAGE, instance.image_ref),
              'kernel-id': (ids.KERNEL, instance.kernel_id),
              'ramdisk-id': (ids.RAMDISK, instance.ramdisk_id)}
    numbers = ids.numbers(context, {uuid for _kind, uuid in
                                    wanted.values() if uuid})
    result = {'instance-id': None, 'ami-id': ''}
    for name, (kind, uuid) in wanted.items():
        if uuid:
            result[name] = ids.format_id(kind, numbers[uuid])
    return result


def security_groups(context, instance):
    try:
        groups = network_api.get_api().get_security_groups(
            context, [instance.uuid]).get(instance.uuid) or []
    except NotImplementedError:
        return []
    return [g['name'] for g in groups]


def block_devices(context, instance):
    return list(objects.BlockDeviceMappingList.get_by_instance_uuid(
        context, instance.uuid))


def vendor_data():
    path = CONF.metadata.vendordata_jsonfile_path
    if not path:
        return {}
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        LOG.warning('Cannot read vendor data from %s: %s', path, e)
        return {}
    return data if isinstance(data, dict) else {}


def gather(context, instance, injected_files=()):
    """The Sources of instance (an Instance with its metadata loaded).

    Only objects are used, so this runs in nova-compute too (config
    drive), where the conductor answers them.
    """
    facts = objects.InstanceMetadataFacts.get_by_instance(context, instance)
    network = objects.InstanceNetworkInfo.get_by_instance_uuid(
        context, instance.uuid).network_info
    return content.Sources(
        instance=instance,
        ec2_ids=dict(facts.ec2_ids),
        network_info=network,
        security_groups=list(facts.security_groups),
        block_devices=block_devices(context, instance),
        vendor_data=vendor_data(),
        dhcp_domain=CONF.metadata.dhcp_domain or '',
        injected_files=list(injected_files or ()))


def config_drive_files(context, instance, injected_files=()):
    """{path: bytes} of instance's config drive: the service's content
    plus the files injected at boot ((path, contents) pairs)."""
    return content.build_files(gather(context, instance, injected_files))
