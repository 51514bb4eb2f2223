"""RequestSpec: what the scheduler must find room for."""

from oslo_utils import versionutils
from oslo_versionedobjects import fields

from nova.objects import base


@base.NovaObjectRegistry.register
class RequestSpec(base.NovaObject):
    # 1.1: instance_group
    # 1.2: force_hosts, force_nodes
    VERSION = '1.2'

    fields = {
        'instance_uuids': fields.ListOfStringsField(default=[]),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('Flavor'),
        'image': fields.ObjectField('ImageMeta', nullable=True),
        'num_instances': fields.IntegerField(default=1),
        'availability_zone': fields.StringField(nullable=True),
        # Hosts already tried for these instances (a reschedule skips them).
        'ignore_hosts': fields.ListOfStringsField(default=[]),
        'scheduler_hints': fields.DictOfListOfStringsField(default={}),
        # The server group of hint "group", with the hosts of its members
        # (the scheduler adds the hosts it picks within one request).
        'instance_group': fields.ObjectField('InstanceGroup', nullable=True,
                                             default=None),
        # Set by an admin's availability_zone "zone:host[:node]": only
        # these hosts/nodes are candidates and they skip the filters.
        'force_hosts': fields.ListOfStringsField(default=[]),
        'force_nodes': fields.ListOfStringsField(default=[]),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        if versionutils.convert_version_to_tuple(target_version) < (1, 2):
            primitive.pop('force_hosts', None)
            primitive.pop('force_nodes', None)

    # Helpers for filters; plain methods, so the fingerprint stays.

    @property
    def extra_specs(self):
        flavor = self.flavor
        if flavor.obj_attr_is_set('extra_specs'):
            return flavor.extra_specs
        return {}

    @property
    def image_properties(self):
        if (self.obj_attr_is_set('image') and self.image is not None and
                self.image.obj_attr_is_set('properties')):
            return self.image.properties
        return {}

    @property
    def image_id(self):
        if (self.obj_attr_is_set('image') and self.image is not None and
                self.image.obj_attr_is_set('id')):
            return self.image.id
        return None

    def get_hint(self, name):
        """The values of scheduler hint name, [] when not given."""
        if not self.obj_attr_is_set('scheduler_hints'):
            return []
        return list(self.scheduler_hints.get(name) or [])
