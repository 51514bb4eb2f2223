"""Collects an instance's metadata Sources on the API side.

Reads what content.py needs besides the instance: its EC2 ids, network
interfaces, security groups and block devices. Networking and block
storage are optional here: without them the lists stay empty.
"""

import json

from oslo_log import log as logging

import nova.conf
from nova.api.ec2 import ids
from nova.api.metadata import content

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def ec2_ids(context, instance):
    """{'instance-id', 'ami-id'[, 'kernel-id', 'ramdisk-id']}."""
    result = {'instance-id': ids.to_ec2(context, ids.INSTANCE,
                                        instance.uuid),
              'ami-id': ids.to_ec2(context, ids.IMAGE, instance.image_ref)
              or ''}
    if instance.kernel_id:
        result['kernel-id'] = ids.to_ec2(context, ids.KERNEL,
                                         instance.kernel_id)
    if instance.ramdisk_id:
        result['ramdisk-id'] = ids.to_ec2(context, ids.RAMDISK,
                                          instance.ramdisk_id)
    return result


def _network_api():
    try:
        from nova.network import api as network_api
        return network_api.get_api()
    except ImportError:
        return None


def security_groups(context, instance):
    api = _network_api()
    if api is None:
        return []
    try:
        groups = api.get_security_groups(context, [instance.uuid]).get(
            instance.uuid) or []
    except NotImplementedError:
        return []
    return [g['name'] for g in groups]


def block_devices(context, instance):
    from nova import objects
    mappings = getattr(objects, 'BlockDeviceMappingList', None)
    if mappings is None:
        return []
    return list(mappings.get_by_instance_uuid(context, instance.uuid))


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
    from nova import objects
    facts = objects.InstanceMetadataFacts.get_by_instance(context, instance)
    infos = getattr(objects, 'InstanceNetworkInfo', None)
    network = infos.get_by_instance_uuid(
        context, instance.uuid).network_info if infos else []
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
