"""BlockDeviceMapping: one disk of a server (image, volume, blank, swap)."""

from oslo_versionedobjects import fields

from nova import lazy_import
from nova.objects import base

db = lazy_import.module('nova.db.block_devices')
ec2_db = lazy_import.module('nova.db.ec2')

# Disk buses a mapping may name (upstream's DiskBus values).
DISK_BUSES = ('fdc', 'ide', 'sata', 'scsi', 'usb', 'virtio', 'xen', 'lxc',
              'uml')


@base.NovaObjectRegistry.register
class BlockDeviceMapping(base.NovaPersistentObject, base.NovaObject):
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'instance_uuid': fields.UUIDField(),
        'source_type': fields.StringField(nullable=True),
        'destination_type': fields.StringField(nullable=True),
        'guest_format': fields.StringField(nullable=True),
        'device_type': fields.StringField(nullable=True),
        'disk_bus': fields.StringField(nullable=True),
        'boot_index': fields.IntegerField(nullable=True),
        'device_name': fields.StringField(nullable=True),
        'delete_on_termination': fields.BooleanField(default=False),
        'snapshot_id': fields.StringField(nullable=True),
        'volume_id': fields.StringField(nullable=True),
        'volume_size': fields.IntegerField(nullable=True),
        'volume_type': fields.StringField(nullable=True),
        'image_id': fields.StringField(nullable=True),
        'no_device': fields.BooleanField(default=False),
        'connection_info': fields.SensitiveStringField(nullable=True),
        'tag': fields.StringField(nullable=True),
        'attachment_id': fields.StringField(nullable=True),
        # The volume's id while this mapping holds a non-multiattach
        # volume: unique in the database (see nova.db.volume_models).
        'active_volume_id': fields.StringField(nullable=True),
    }

    @property
    def is_volume(self):
        return self.destination_type == 'volume'

    @classmethod
    def _from_db(cls, context, row):
        return base.from_row(context, cls(), row)

    @base.remotable
    def create(self):
        row = db.bdm_create(self._context, self.obj_get_changes())
        base.from_row(self._context, self, row)

    @base.remotable
    def save(self):
        changes = self.obj_get_changes()
        if changes:
            row = db.bdm_update(self._context, self.uuid, changes)
            base.from_row(self._context, self, row)

    @base.remotable
    def destroy(self):
        db.bdm_destroy(self._context, self.uuid)

    @classmethod
    @base.remotable
    def get_by_volume(cls, context, volume_id, instance_uuid=None):
        return cls._from_db(context, db.bdm_get_by_volume(
            context, volume_id, instance_uuid=instance_uuid))


@base.NovaObjectRegistry.register
class BlockDeviceMappingList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('BlockDeviceMapping')}

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        return base.make_list(context, cls(), BlockDeviceMapping,
                              db.bdm_get_by_instance(context, instance_uuid))

    @classmethod
    def volume_ids_by_instances(cls, context, instance_uuids):
        """{instance uuid: [(volume id, delete_on_termination)]} in one
        read, for the API's server views (a plain read, never over RPC)."""
        return db.volume_ids_by_instances(context, instance_uuids)

    @classmethod
    def volume_mappings_by_instances(cls, context, instance_uuids):
        """{instance uuid: [volume mappings]} in one read, for the EC2
        API's instance views (a plain read, never over RPC)."""
        return {uuid: [BlockDeviceMapping._from_db(context, row)
                       for row in rows]
                for uuid, rows in ec2_db.volume_mappings(
                    context, instance_uuids).items()}

    @classmethod
    @base.remotable
    def get_all_volume_mappings(cls, context):
        return base.make_list(context, cls(), BlockDeviceMapping,
                              db.bdm_get_all_volumes(context))
