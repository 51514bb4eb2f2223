"""RequestSpec: what the scheduler must find room for."""

from oslo_serialization import jsonutils
from oslo_utils import versionutils
from oslo_versionedobjects import fields

from nova import lazy_import
from nova.objects import base

request_specs_db = lazy_import.module('nova.db.request_specs')


@base.NovaObjectRegistry.register
class RequestSpec(base.NovaObject):
    # 1.1: instance_group
    # 1.2: force_hosts, force_nodes
    # 1.3: requested_host, requested_node
    VERSION = '1.3'

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
        # Set by an admin's host / hypervisor_hostname at create (API
        # 2.74): only this host/node is a candidate, filters still run.
        'requested_host': fields.StringField(nullable=True, default=None),
        'requested_node': fields.StringField(nullable=True, default=None),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        if versionutils.convert_version_to_tuple(target_version) < (1, 2):
            primitive.pop('force_hosts', None)
            primitive.pop('force_nodes', None)
        if versionutils.convert_version_to_tuple(target_version) < (1, 3):
            primitive.pop('requested_host', None)
            primitive.pop('requested_node', None)

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

    # Kept with the instance (nova.db.request_specs), so that a build
    # taken over after its conductor, the scheduler or nova-api died
    # (nova.conductor.build_recovery) is scheduled again with the same
    # hints, forced host and files. Plain methods: the conductor and
    # nova-api have the database; nothing calls them over RPC.

    def create_with_instance(self, instance, injected_files=()):
        """instance.create() and this spec stored for it, one transaction:
        no instance is ever seen without its spec."""
        context = instance._context
        with request_specs_db.transaction(context):
            instance.create()
            request_specs_db.request_spec_create(
                context, instance.uuid,
                self._document(instance.uuid, injected_files))

    def _document(self, instance_uuid, injected_files):
        # The group is found again from its members when read (it may be
        # joined later), and the other instances of the request are not
        # this one's business. Set in the primitive, not on a clone: a
        # deep copy of the spec (flavor, image) cost more than the rest.
        spec = self.obj_to_primitive()
        mine = {'instance_group': None, 'instance_uuids': [instance_uuid],
                'num_instances': 1}
        spec['nova_object.data'].update(mine)
        spec['nova_object.changes'] = sorted(
            set(spec.get('nova_object.changes', ())).union(mine))
        return jsonutils.dumps({
            'spec': spec,
            'injected_files': [list(f) for f in injected_files or ()]})

    @classmethod
    def get_stored(cls, context, instance_uuid):
        """(spec, injected files) stored for the instance; None for an
        instance made before specs were kept."""
        document = request_specs_db.request_spec_get(context, instance_uuid)
        if document is None:
            return None
        document = jsonutils.loads(document)
        spec = cls.obj_from_primitive(document['spec'])
        return spec, [tuple(f) for f in document['injected_files']]

    @staticmethod
    def hints_by_instances(context, instance_uuids):
        """{instance uuid: the scheduler hints its create asked for}, one
        query; {} for an instance made before specs were kept."""
        found = request_specs_db.request_spec_hints_many(context,
                                                         instance_uuids)
        hints = {}
        for uuid in instance_uuids:
            document = found.get(uuid)
            # The hints straight from the stored primitive (already
            # coerced when the spec was saved), not a whole RequestSpec
            # rebuilt per server of a list.
            data = (jsonutils.loads(document)['spec'].get(
                'nova_object.data', {}) if document else {})
            hints[uuid] = {key: list(values) for key, values in
                           (data.get('scheduler_hints') or {}).items()}
        return hints

    def save_ignore_hosts(self, context, instance_uuid):
        """Record the hosts a reschedule skips, so a take-over after it
        does not try them again."""
        stored = self.get_stored(context, instance_uuid)
        if stored is None:
            return
        spec, files = stored
        spec.ignore_hosts = list(self.ignore_hosts)
        request_specs_db.request_spec_update(
            context, instance_uuid, spec._document(instance_uuid, files))
