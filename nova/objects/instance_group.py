"""InstanceGroup: a server group, its placement policy and its members."""

from oslo_utils import versionutils
from oslo_versionedobjects import fields

from nova import lazy_import
from nova.objects import base

db = lazy_import.module('nova.db.server_groups')

AFFINITY = 'affinity'
ANTI_AFFINITY = 'anti-affinity'
SOFT_AFFINITY = 'soft-affinity'
SOFT_ANTI_AFFINITY = 'soft-anti-affinity'
POLICIES = (AFFINITY, ANTI_AFFINITY, SOFT_AFFINITY, SOFT_ANTI_AFFINITY)


@base.NovaObjectRegistry.register
class InstanceGroup(base.NovaPersistentObject, base.NovaObject):
    # 1.1: host_counts
    VERSION = '1.1'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'policy': fields.StringField(nullable=True),
        # max_server_per_host (anti-affinity, API 2.64); values as strings.
        'rules': fields.DictOfStringsField(default={}),
        'members': fields.ListOfStringsField(default=[]),
        # Hosts of the members, read from their instances (not stored).
        'hosts': fields.ListOfStringsField(default=[]),
        # How many members each of those hosts holds (not stored).
        'host_counts': fields.DictOfIntegersField(default={}),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        if versionutils.convert_version_to_tuple(target_version) < (1, 1):
            primitive.pop('host_counts', None)

    def max_per_host(self):
        """Members an anti-affinity group allows on one host: its
        max_server_per_host rule (API 2.64), else 1."""
        try:
            return max(1, int(self.rules.get('max_server_per_host', 1)))
        except (ValueError, TypeError):
            return 1

    def members_on(self, host):
        """Members of the group on host (older senders: 0 or 1)."""
        if self.obj_attr_is_set('host_counts') and self.host_counts:
            return self.host_counts.get(host, 0)
        return 1 if host in self.hosts else 0

    @classmethod
    def _from_db(cls, context, row):
        row = dict(row, rules={k: str(v) for k, v in row['rules'].items()})
        return base.from_row(context, cls(), row)

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, uuid):
        return cls._from_db(context, db.instance_group_get(context, uuid))

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid,
                             others_hosts=False):
        """The group of a server; with others_hosts its hosts are those of
        the other members (where a move must go, or avoid)."""
        return cls._from_db(context, db.instance_group_get_by_instance(
            context, instance_uuid, others_hosts=others_hosts))

    @base.remotable
    def create(self):
        values = {k: getattr(self, k)
                  for k in ('uuid', 'name', 'user_id', 'project_id')
                  if self.obj_attr_is_set(k)}
        rules = self.rules if self.obj_attr_is_set('rules') else {}
        members = self.members if self.obj_attr_is_set('members') else []
        row = db.instance_group_create(self._context, values, self.policy,
                                       rules=rules, members=members)
        self._refresh_from(row)

    @classmethod
    @base.remotable
    def add_members(cls, context, group_uuid, instance_uuids,
                    max_members=-1):
        """Make instances members; returns the group's members after.
        OverQuota (and no change) if that makes more than max_members."""
        return db.instance_group_members_add(context, group_uuid,
                                             instance_uuids,
                                             max_members=max_members)

    @base.remotable
    def refresh(self):
        """Reload members and their hosts (they change as servers move)."""
        self._refresh_from(db.instance_group_get(self._context, self.uuid))

    @base.remotable
    def unplace_if_shared(self, instance_uuid, host):
        """Anti-affinity's late check: True (and the instance taken off
        host) if the group's limit of other members is on host already."""
        return db.instance_group_unplace_if_shared(
            self._context, self.uuid, instance_uuid, host,
            max_per_host=self.max_per_host())

    @base.remotable
    def destroy(self):
        db.instance_group_destroy(self._context, self.uuid)

    def _refresh_from(self, row):
        fresh = self._from_db(self._context, row)
        for name in self.fields:
            if fresh.obj_attr_is_set(name):
                setattr(self, name, getattr(fresh, name))
        self.obj_reset_changes()


@base.NovaObjectRegistry.register
class InstanceGroupList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('InstanceGroup')}

    @classmethod
    @base.remotable
    def get_all(cls, context, project_id=None):
        """Every group, or a project's only."""
        rows = db.instance_group_get_all(context, project_id=project_id)
        return base.make_list(context, cls(), InstanceGroup, rows)

    @classmethod
    @base.remotable
    def get_count_by_project(cls, context, project_id):
        return db.instance_group_count_by_project(context, project_id)
