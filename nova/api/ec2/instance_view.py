"""How an instance looks in EC2: reservations with their instancesSet."""

from nova.api.ec2 import ids
from nova.api.ec2 import inst_state
from nova.api.metadata import content
from nova import availability_zones
from nova.compute import vm_states
from nova.network import api as network_api
from nova import objects


def network_facts(context, instances):
    """({uuid: network_info}, {uuid: [group dicts]}) of instances."""
    uuids = [i.uuid for i in instances]
    if not uuids:
        return {}, {}
    api = network_api.get_api()
    try:
        infos = api.get_network_info(context, uuids)
        groups = api.get_security_groups(context, uuids)
    except NotImplementedError:
        return {}, {}
    return infos, groups


class Formatter:
    """Formats many instances with few queries (ids and networks in bulk)."""

    def __init__(self, context, instances):
        self.context = context
        numbers = ids.numbers(context, {
            u for i in instances
            for u in (i.uuid, i.image_ref, i.kernel_id, i.ramdisk_id) if u})

        def ec2_ids(kind, attr):
            return {getattr(i, attr): ids.format_id(
                kind, numbers[getattr(i, attr)])
                for i in instances if getattr(i, attr)}
        self.instance_ids = ec2_ids(ids.INSTANCE, 'uuid')
        self.image_ids = ec2_ids(ids.IMAGE, 'image_ref')
        self.kernel_ids = ec2_ids(ids.KERNEL, 'kernel_id')
        self.ramdisk_ids = ec2_ids(ids.RAMDISK, 'ramdisk_id')
        self.networks, self.groups = network_facts(context, instances)
        mappings = objects.BlockDeviceMappingList
        self.volumes = mappings.volume_mappings_by_instances(
            context, [i.uuid for i in instances])
        self.volume_ids = ids.to_ec2_many(context, ids.VOLUME, {
            b.volume_id for bdms in self.volumes.values() for b in bdms})
        self._zones = None

    def zone(self, instance):
        if instance.availability_zone:
            return instance.availability_zone
        if not instance.host:
            return None
        if self._zones is None:
            self._zones = availability_zones.host_zones(self.context)
        return self._zones.get(instance.host,
                               availability_zones.CONF
                               .default_availability_zone)

    def instance(self, instance):
        sources = content.Sources(
            instance=instance, ec2_ids={},
            network_info=self.networks.get(instance.uuid) or [])
        fixed = content.local_ipv4(sources) or None
        floating = content.public_ipv4(sources) or None
        root = instance.root_device_name or content.DEFAULT_ROOT_DEVICE
        item = {
            'instanceId': self.instance_ids[instance.uuid],
            'imageId': self.image_ids.get(instance.image_ref),
            'instanceState': inst_state.describe(
                vm_states.DELETED if instance.deleted else instance.vm_state,
                None if instance.deleted else instance.task_state),
            'privateDnsName': instance.hostname,
            'dnsName': floating,
            'keyName': instance.key_name,
            'amiLaunchIndex': instance.launch_index or 0,
            'productCodesSet': [],
            'instanceType': instance.flavor.name if instance.flavor
            else None,
            'launchTime': instance.created_at,
            'placement': {'availabilityZone': self.zone(instance)},
            'kernelId': self.kernel_ids.get(instance.kernel_id),
            'ramdiskId': self.ramdisk_ids.get(instance.ramdisk_id),
            'monitoring': {'state': 'disabled'},
            'privateIpAddress': fixed,
            'ipAddress': floating,
            'groupSet': self.group_set(instance),
            'rootDeviceType': 'ebs' if any(
                b.boot_index == 0 or b.device_name == root
                for b in self.volumes.get(instance.uuid, ()))
            else 'instance-store',
            'rootDeviceName': root,
            'blockDeviceMapping': self.block_devices(instance),
            'virtualizationType': 'hvm',
            'hypervisor': 'xen',
            'tagSet': [{'key': k, 'value': v} for k, v in
                       sorted((instance.metadata or {}).items())],
        }
        return item

    def block_devices(self, instance):
        """The instance's EBS volumes as its blockDeviceMapping."""
        return [{'deviceName': b.device_name,
                 'ebs': {'volumeId': self.volume_ids[b.volume_id],
                         'status': 'attached', 'attachTime': b.created_at,
                         'deleteOnTermination': bool(
                             b.delete_on_termination)}}
                for b in self.volumes.get(instance.uuid, ())]

    def group_set(self, instance):
        return [{'groupId': 'sg-%08x' % g['id'], 'groupName': g['name']}
                for g in self.groups.get(instance.uuid, [])]

    def reservations(self, instances):
        """The reservationSet: instances grouped by reservation id."""
        reservations = {}
        for instance in instances:
            rid = instance.reservation_id
            if rid not in reservations:
                reservations[rid] = {
                    'reservationId': rid, 'ownerId': instance.project_id,
                    'groupSet': self.group_set(instance),
                    'instancesSet': []}
            reservations[rid]['instancesSet'].append(
                self.instance(instance))
        return list(reservations.values())
