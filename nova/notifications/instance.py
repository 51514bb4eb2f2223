"""Payloads of the instance.* notifications (upstream's field names)."""

from oslo_versionedobjects import fields

from nova.notifications import base
from nova.notifications import flavor as flavor_payload


@base.register
class InstancePayload(base.PayloadBase):
    SCHEMA = {
        'uuid': ('instance', 'uuid'),
        'user_id': ('instance', 'user_id'),
        'tenant_id': ('instance', 'project_id'),
        'reservation_id': ('instance', 'reservation_id'),
        'display_name': ('instance', 'display_name'),
        'display_description': ('instance', 'display_description'),
        'host_name': ('instance', 'hostname'),
        'host': ('instance', 'host'),
        'node': ('instance', 'node'),
        'os_type': ('instance', 'os_type'),
        'architecture': ('instance', 'architecture'),
        'availability_zone': ('instance', 'availability_zone'),
        'image_uuid': ('instance', 'image_ref'),
        'key_name': ('instance', 'key_name'),
        'kernel_id': ('instance', 'kernel_id'),
        'ramdisk_id': ('instance', 'ramdisk_id'),
        'created_at': ('instance', 'created_at'),
        'launched_at': ('instance', 'launched_at'),
        'terminated_at': ('instance', 'terminated_at'),
        'deleted_at': ('instance', 'deleted_at'),
        'updated_at': ('instance', 'updated_at'),
        'state': ('instance', 'vm_state'),
        'task_state': ('instance', 'task_state'),
        'progress': ('instance', 'progress'),
        'locked': ('instance', 'locked'),
    }
    # Upstream 1.7: action_initiator_user and _project added.
    VERSION = '1.7'
    fields = {
        'uuid': fields.UUIDField(),
        'user_id': fields.StringField(nullable=True),
        'tenant_id': fields.StringField(nullable=True),
        'reservation_id': fields.StringField(nullable=True),
        'display_name': fields.StringField(nullable=True),
        'display_description': fields.StringField(nullable=True),
        'host_name': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'node': fields.StringField(nullable=True),
        'os_type': fields.StringField(nullable=True),
        'architecture': fields.StringField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('FlavorPayload'),
        'image_uuid': fields.StringField(nullable=True),
        'key_name': fields.StringField(nullable=True),
        'kernel_id': fields.StringField(nullable=True),
        'ramdisk_id': fields.StringField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
        'launched_at': fields.DateTimeField(nullable=True),
        'terminated_at': fields.DateTimeField(nullable=True),
        'deleted_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'state': fields.StringField(nullable=True),
        'power_state': fields.StringField(nullable=True),
        'task_state': fields.StringField(nullable=True),
        'progress': fields.IntegerField(nullable=True),
        'ip_addresses': fields.ListOfObjectsField('IpPayload'),
        'block_devices': fields.ListOfObjectsField('BlockDevicePayload',
                                                   nullable=True),
        'metadata': fields.DictOfStringsField(),
        'locked': fields.BooleanField(default=False),
        'auto_disk_config': fields.StringField(),
        'request_id': fields.StringField(nullable=True),
        'action_initiator_user': fields.StringField(nullable=True),
        'action_initiator_project': fields.StringField(nullable=True),
    }

    def fill(self, context, instance):
        """Set the common fields from the instance and the caller."""
        self.populate_schema(instance=instance)
        self.power_state = POWER_STATES.get(
            getattr(instance, 'power_state', None) or 0, 'pending')
        self.flavor = flavor_payload.FlavorPayload.from_flavor(
            instance.flavor)
        # Lazy-loaded attributes cost a query: sent only when at hand.
        self.metadata = (dict(instance.metadata)
                         if instance.obj_attr_is_set('metadata') else {})
        self.ip_addresses = []
        self.block_devices = None
        self.auto_disk_config = 'MANUAL'
        # Periodic tasks run under an admin context of no user.
        self.request_id = (context.request_id
                           if context.user_id and context.project_id
                           else None)
        self.action_initiator_user = context.user_id
        self.action_initiator_project = context.project_id
        return self


# nova.compute.power_state values -> upstream's payload strings.
POWER_STATES = {0: 'pending', 1: 'running', 3: 'paused', 4: 'shutdown',
                6: 'crashed', 7: 'suspended'}


@base.register
class IpPayload(base.PayloadBase):
    VERSION = '1.0'
    fields = {
        'label': fields.StringField(),
        'mac': fields.StringField(),
        'meta': fields.DictOfStringsField(),
        'port_uuid': fields.UUIDField(nullable=True),
        'version': fields.IntegerField(),
        'address': fields.StringField(),
        'device_name': fields.StringField(nullable=True),
    }


@base.register
class InstanceActionPayload(InstancePayload):
    VERSION = '1.7'
    fields = {'fault': fields.ObjectField('ExceptionPayload',
                                          nullable=True)}

    @classmethod
    def build(cls, context, instance, fault=None, **extra):
        payload = cls(fault=fault, **extra)
        return payload.fill(context, instance)


@base.register
class InstanceCreatePayload(InstanceActionPayload):
    VERSION = '1.11'
    fields = {
        'keypairs': fields.ListOfObjectsField('KeypairPayload'),
        'tags': fields.ListOfStringsField(),
        'trusted_image_certificates': fields.ListOfStringsField(
            nullable=True),
        'instance_name': fields.StringField(nullable=True),
    }

    @classmethod
    def build(cls, context, instance, fault=None, **extra):
        extra.setdefault('keypairs', [])
        extra.setdefault('tags', [])
        extra.setdefault('trusted_image_certificates', None)
        extra.setdefault('instance_name', 'instance-%08x' % instance.id
                         if instance.obj_attr_is_set('id') else None)
        return super().build(context, instance, fault, **extra)


@base.register
class InstanceActionVolumePayload(InstanceActionPayload):
    VERSION = '1.5'
    fields = {'volume_id': fields.UUIDField()}


@base.register
class InstanceActionResizePrepPayload(InstanceActionPayload):
    VERSION = '1.2'
    fields = {'new_flavor': fields.ObjectField('FlavorPayload',
                                               nullable=True)}


@base.register
class InstanceActionRescuePayload(InstanceActionPayload):
    VERSION = '1.2'
    fields = {'rescue_image_ref': fields.UUIDField(nullable=True)}


@base.register
class InstanceActionRebuildPayload(InstanceActionPayload):
    VERSION = '1.8'
    fields = {'trusted_image_certificates': fields.ListOfStringsField(
        nullable=True)}


@base.register
class InstanceActionSnapshotPayload(InstanceActionPayload):
    VERSION = '1.8'
    fields = {'snapshot_image_id': fields.UUIDField()}


@base.register
class NetworkRequestPayload(base.PayloadBase):
    VERSION = '1.1'
    fields = {
        'network_id': fields.StringField(nullable=True),
        'address': fields.StringField(nullable=True),
        'port_id': fields.UUIDField(nullable=True),
        'tag': fields.StringField(nullable=True),
    }


@base.register
class InstanceActionInterfacePayload(InstanceActionPayload):
    VERSION = '1.0'
    fields = {'interface': fields.ObjectField('NetworkRequestPayload')}


@base.register
class InstanceStateUpdatePayload(base.PayloadBase):
    VERSION = '1.0'
    fields = {
        'old_state': fields.StringField(nullable=True),
        'state': fields.StringField(nullable=True),
        'old_task_state': fields.StringField(nullable=True),
        'new_task_state': fields.StringField(nullable=True),
    }


@base.register
class AuditPeriodPayload(base.PayloadBase):
    VERSION = '1.0'
    fields = {
        'audit_period_beginning': fields.DateTimeField(),
        'audit_period_ending': fields.DateTimeField(),
    }


@base.register
class InstanceUpdatePayload(InstancePayload):
    VERSION = '1.8'
    fields = {
        'state_update': fields.ObjectField('InstanceStateUpdatePayload'),
        'audit_period': fields.ObjectField('AuditPeriodPayload'),
        'bandwidth': fields.ListOfObjectsField('BandwidthPayload'),
        'old_display_name': fields.StringField(nullable=True),
        'tags': fields.ListOfStringsField(),
    }


@base.register
class BlockDevicePayload(base.PayloadBase):
    # Sent only with [notifications] bdms_in_notifications upstream; never
    # here (block_devices is null), declared for the payload's schema.
    VERSION = '1.0'
    fields = {
        'device_name': fields.StringField(nullable=True),
        'boot_index': fields.IntegerField(nullable=True),
        'delete_on_termination': fields.BooleanField(default=False),
        'volume_id': fields.UUIDField(),
        'tag': fields.StringField(nullable=True),
    }


@base.register
class BandwidthPayload(base.PayloadBase):
    # No bandwidth accounting here: instance.update sends an empty list.
    VERSION = '1.0'
    fields = {
        'network_name': fields.StringField(),
        'in_bytes': fields.IntegerField(),
        'out_bytes': fields.IntegerField(),
    }
