"""ComputeNode: a hypervisor's capacity and usage, as the scheduler sees it."""

from oslo_versionedobjects import fields

from nova import lazy_import
from nova.objects import base

node_reports = lazy_import.module('nova.db.node_reports')
db = lazy_import.module('nova.db.services')


@base.NovaObjectRegistry.register
class ComputeNode(base.NovaPersistentObject, base.NovaObject):
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'service_id': fields.IntegerField(nullable=True),
        'host': fields.StringField(),
        'hypervisor_hostname': fields.StringField(),
        'hypervisor_type': fields.StringField(),
        'hypervisor_version': fields.IntegerField(default=0),
        'host_ip': fields.StringField(nullable=True),
        'cpu_info': fields.StringField(default='{}'),
        'vcpus': fields.IntegerField(),
        'memory_mb': fields.IntegerField(),
        'local_gb': fields.IntegerField(),
        'vcpus_used': fields.IntegerField(default=0),
        'memory_mb_used': fields.IntegerField(default=0),
        'local_gb_used': fields.IntegerField(default=0),
        'free_ram_mb': fields.IntegerField(nullable=True),
        'free_disk_gb': fields.IntegerField(nullable=True),
        'disk_available_least': fields.IntegerField(nullable=True),
        'running_vms': fields.IntegerField(default=0),
        'current_workload': fields.IntegerField(default=0),
        'cpu_allocation_ratio': fields.FloatField(),
        'ram_allocation_ratio': fields.FloatField(),
        'disk_allocation_ratio': fields.FloatField(),
        'generation': fields.IntegerField(default=0),
        'stats': fields.StringField(default='{}'),
    }

    @classmethod
    def _from_db(cls, context, row):
        return base.from_row(context, cls(), row)

    @classmethod
    @base.remotable
    def get_by_host_and_nodename(cls, context, host, nodename):
        return cls._from_db(context, db.compute_node_get_by_host_and_nodename(
            context, host, nodename))

    @base.remotable
    def create(self):
        row = db.compute_node_create(self._context, self.obj_get_changes())
        base.from_row(self._context, self, row)

    @base.remotable
    def save(self):
        changes = self.obj_get_changes()
        changes.pop('id', None)
        changes.pop('generation', None)
        if changes:
            base.from_row(self._context, self, db.compute_node_update(
                self._context, self.id, changes))

    @base.remotable
    def refresh_usage(self, reserved_vcpus, reserved_memory_mb,
                      reserved_disk_gb):
        """Recount usage from the instances placed on this node."""
        base.from_row(self._context, self, db.compute_node_refresh_usage(
            self._context, self.id, reserved_vcpus=reserved_vcpus,
            reserved_memory_mb=reserved_memory_mb,
            reserved_disk_gb=reserved_disk_gb))

    @base.remotable
    def claim(self, instance_uuid, vcpus, memory_mb, disk_gb):
        """Atomically take resources and place the instance (unless it is
        placed already: a move); True if so."""
        row = db.compute_node_claim_row(self._context, self.id,
                                        instance_uuid, vcpus, memory_mb,
                                        disk_gb)
        if row is None:
            return False
        # The usage (and generation) the claim left, this claim included.
        base.from_row(self._context, self, row)
        self.obj_reset_changes()
        return True

    @staticmethod
    def apply_reports(context, reports):
        """Write many node reports in one transaction (database side only:
        the conductor's batched reports, nova.conductor.host_reports).
        Returns ({(host, nodename): ComputeNode}, the keys a concurrent
        claim made stale: write those one by one); raises
        DBDuplicateEntry when another report created one of the nodes
        meanwhile."""
        rows, stale = node_reports.apply_reports(context, reports)
        return {key: ComputeNode._from_db(context, row)
                for key, row in rows.items()}, stale


@base.NovaObjectRegistry.register
class ComputeNodeList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('ComputeNode')}

    @classmethod
    @base.remotable
    def get_all(cls, context, host=None):
        return base.make_list(context, cls(), ComputeNode,
                              db.compute_node_get_all(context, host=host))
