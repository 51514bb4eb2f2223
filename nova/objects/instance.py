"""Instance: a server, its state, flavor, metadata and latest fault."""

import copy

from oslo_log import log as logging
from oslo_serialization import jsonutils
from oslo_utils import timeutils
from oslo_utils import versionutils
from oslo_versionedobjects import fields

from nova import exception
from nova import lazy_import
from nova.notifications import emit as notify
from nova.objects import base
from nova.objects import flavor as flavor_obj
from nova.objects import instance_action
from nova.objects import instance_fault

action_db = lazy_import.module('nova.db.instance_actions')
db = lazy_import.module('nova.db.instances')

LOG = logging.getLogger(__name__)


def _deallocate_network(context, instance):
    """Give back the ports a remote network service holds for the
    instance (the built-in one frees addresses with the row itself). A
    network service that fails does not keep the server from going."""
    from nova.network import api as network_api
    try:
        network_api.get_api().deallocate_for_instance(context, instance)
    except Exception:
        LOG.exception('Could not release the network of instance %s',
                      instance.uuid)


# Attributes kept outside the instances table, loaded on request.
OPTIONAL_ATTRS = ('metadata', 'system_metadata', 'fault')


def _flavor_from_json(text, cache=None):
    """The Flavor stored with an instance; one parse per distinct flavor
    when many instances are loaded at once (each gets its own copy)."""
    if not text:
        return None
    if cache is None:
        return flavor_obj.Flavor.obj_from_primitive(jsonutils.loads(text))
    if text not in cache:
        cache[text] = flavor_obj.Flavor.obj_from_primitive(
            jsonutils.loads(text))
    return copy.copy(cache[text])


def _event_values(action_event):
    """The event columns an Instance.save action_event writes."""
    if action_event.get('result') is None:
        return {'host': action_event.get('host'),
                'start_time': timeutils.utcnow()}
    return instance_action.finish_values(
        action_event['result'], action_event.get('traceback'),
        action_event.get('details'), action_event.get('host'))


# The fields from_row leaves to Instance._from_db.
_SKIPPED = frozenset({'flavor', 'trusted_certs'} | set(OPTIONAL_ATTRS))


@base.NovaObjectRegistry.register
class Instance(base.NovaPersistentObject, base.NovaObject):
    # 1.1: trusted_certs
    # 1.2: save takes action_event
    VERSION = '1.2'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'display_name': fields.StringField(nullable=True),
        'display_description': fields.StringField(nullable=True),
        'hostname': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'node': fields.StringField(nullable=True),
        'launched_on': fields.StringField(nullable=True),
        'image_ref': fields.StringField(nullable=True),
        'kernel_id': fields.StringField(nullable=True),
        'ramdisk_id': fields.StringField(nullable=True),
        'key_name': fields.StringField(nullable=True),
        'key_data': fields.StringField(nullable=True),
        'power_state': fields.IntegerField(default=0),
        'vm_state': fields.StringField(nullable=True),
        'task_state': fields.StringField(nullable=True),
        'memory_mb': fields.IntegerField(nullable=True),
        'vcpus': fields.IntegerField(nullable=True),
        'root_gb': fields.IntegerField(nullable=True),
        'ephemeral_gb': fields.IntegerField(nullable=True),
        'instance_type_id': fields.IntegerField(nullable=True),
        'flavor': fields.ObjectField('Flavor', nullable=True),
        'user_data': fields.StringField(nullable=True),
        'reservation_id': fields.StringField(nullable=True),
        'launch_index': fields.IntegerField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'launched_at': fields.DateTimeField(nullable=True),
        'terminated_at': fields.DateTimeField(nullable=True),
        'access_ip_v4': fields.IPV4AddressField(nullable=True),
        'access_ip_v6': fields.IPV6AddressField(nullable=True),
        'config_drive': fields.StringField(nullable=True),
        'progress': fields.IntegerField(nullable=True),
        'locked': fields.BooleanField(default=False),
        'locked_by': fields.StringField(nullable=True),
        'os_type': fields.StringField(nullable=True),
        'architecture': fields.StringField(nullable=True),
        'root_device_name': fields.StringField(nullable=True),
        'metadata': fields.DictOfStringsField(default={}),
        'system_metadata': fields.DictOfNullableStringsField(default={}),
        'fault': fields.ObjectField('InstanceFault', nullable=True),
        # The IDs of the certificates the image must be signed with
        # (API 2.63), None for no validation.
        'trusted_certs': fields.ListOfStringsField(nullable=True),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        if versionutils.convert_version_to_tuple(target_version) < (1, 1):
            primitive.pop('trusted_certs', None)

    @classmethod
    def _from_db(cls, context, row, metadata=None, system_metadata=None,
                 fault=None, expected_attrs=(), flavors=None):
        inst = base.from_row(context, cls(), row, skip=_SKIPPED)
        inst.flavor = _flavor_from_json(row.flavor, flavors)
        certs = (row.get('trusted_certs') if isinstance(row, dict)
                 else getattr(row, 'trusted_certs', None))
        inst.trusted_certs = jsonutils.loads(certs) if certs else None
        if metadata is not None:
            inst.metadata = metadata
        if system_metadata is not None:
            inst.system_metadata = system_metadata
        if 'fault' in expected_attrs:
            inst.fault = (instance_fault.InstanceFault._from_db(context, fault)
                          if fault is not None else None)
        inst.obj_reset_changes()
        return inst

    @classmethod
    def _load_many(cls, context, rows, expected_attrs):
        uuids = [row.uuid for row in rows]
        metadata = system_metadata = {}
        faults = {}
        if 'metadata' in expected_attrs:
            metadata = db.instance_metadata_get_many(
                context, 'InstanceMetadata', uuids)
        if 'system_metadata' in expected_attrs:
            system_metadata = db.instance_metadata_get_many(
                context, 'InstanceSystemMetadata', uuids)
        if 'fault' in expected_attrs:
            faults = db.instance_fault_get_latest(context, uuids)
        flavors = {}
        return [cls._from_db(context, row, metadata=metadata.get(row.uuid),
                             system_metadata=system_metadata.get(row.uuid),
                             fault=faults.get(row.uuid),
                             expected_attrs=expected_attrs, flavors=flavors)
                for row in rows]

    @staticmethod
    def system_metadata_by_instances(context, instance_uuids, keys=(),
                                     prefixes=()):
        """{uuid: {key: value}} of the instances' system metadata, only
        the keys named or starting with one of prefixes (what a list's
        views show of it, not the dozen keys each server keeps), each
        instance's in key order, in one query. Instances with the same
        entries share one dict: read only."""
        return db.instance_metadata_get_shared(
            context, 'InstanceSystemMetadata', instance_uuids,
            keys=tuple(keys), prefixes=tuple(prefixes))

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, uuid, expected_attrs=None):
        row = db.instance_get_by_uuid(context, uuid)
        return cls._load_many(context, [row], expected_attrs or ())[0]

    def _db_values(self, changes):
        values = dict(changes)
        if 'flavor' in values:
            flavor = values.pop('flavor')
            values['flavor'] = jsonutils.dumps(
                flavor.obj_to_primitive()) if flavor else None
        values.pop('fault', None)
        values.pop('id', None)
        if 'trusted_certs' in values:
            certs = values['trusted_certs']
            values['trusted_certs'] = (jsonutils.dumps(certs)
                                       if certs is not None else None)
        for name in ('access_ip_v4', 'access_ip_v6'):
            if values.get(name) is not None:
                values[name] = str(values[name])
        if 'deleted' in values:
            values.pop('deleted')
        return values

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        values = self._db_values(self.obj_get_changes())
        row = db.instance_insert(self._context, values)
        metadata = self.metadata if self.obj_attr_is_set('metadata') else {}
        sysmeta = (self.system_metadata
                   if self.obj_attr_is_set('system_metadata') else {})
        # What this object set is what the row holds: only what the
        # database filled in (id, defaults, timestamps) is taken from it
        # (the flavor is not parsed back from its JSON, for one).
        written = frozenset(name for name in self.fields
                            if self.obj_attr_is_set(name))
        filled = base.from_row(self._context, type(self)(), row,
                               skip=_SKIPPED | written)
        if 'flavor' not in written:
            filled.flavor = _flavor_from_json(row.flavor)
        if 'trusted_certs' not in written:
            filled.trusted_certs = (jsonutils.loads(row.trusted_certs)
                                    if row.trusted_certs else None)
        self._refresh_from(filled, metadata, sysmeta)

    def _refresh_from(self, other, metadata=None, sysmeta=None):
        for name in self.fields:
            if name in OPTIONAL_ATTRS:
                continue
            if other.obj_attr_is_set(name):
                setattr(self, name, getattr(other, name))
        if metadata is not None:
            self.metadata = metadata
        if sysmeta is not None:
            self.system_metadata = sysmeta
        self.obj_reset_changes()

    @base.remotable
    def save(self, expected_vm_state=None, expected_task_state=None,
             expected_host=None, action_event=None):
        """Write changed fields; expected_* make it a conditional update.

        1.2: expected_host; and action_event, {'event', 'host'} and for
        an event's finish 'result' (with 'traceback' and 'details' on an
        error): the start or finish of that event of the instance's
        action, written in the same transaction, so a step that starts
        or ends with a change of state costs its service one conductor
        call, not two.
        """
        changes = self.obj_get_changes()
        if not changes:
            if action_event:
                action_db.event_record_on(
                    self._context, self.uuid, self._context.request_id,
                    action_event['event'], _event_values(action_event))
            return
        expected = {}
        if expected_vm_state is not None:
            expected['vm_state'] = expected_vm_state
        if expected_task_state is not None:
            expected['task_state'] = expected_task_state
        if expected_host is not None:
            expected['host'] = expected_host
        before = None
        if notify.state_change_wanted(changes):
            # The states before, for instance.update (one more read).
            before = db.instance_get_by_uuid(self._context, self.uuid)
        if action_event:
            row = action_db.instance_update_with_event(
                self._context, self.uuid, self._db_values(changes),
                expected, self._context.request_id, action_event['event'],
                _event_values(action_event))
        else:
            row = db.instance_update(self._context, self.uuid,
                                     self._db_values(changes),
                                     expected=expected)
        self._refresh_from(self._load_many(self._context, [row], ())[0])
        if before is not None:
            notify.instance_update(self._context, self, before.vm_state,
                                   before.task_state,
                                   old_display_name=before.display_name
                                   if 'display_name' in changes else None)

    @base.remotable
    def destroy(self):
        _deallocate_network(self._context, self)
        row = db.instance_destroy(self._context, self.uuid,
                                  self._db_values(self.obj_get_changes()))
        self._refresh_from(self._load_many(self._context, [row], ())[0])

    @base.remotable
    def refresh(self):
        fresh = self.get_by_uuid(self._context, self.uuid)
        self._refresh_from(fresh)

    def obj_load_attr(self, attrname):
        if attrname not in OPTIONAL_ATTRS:
            raise exception.ObjectActionError(
                action='obj_load_attr', reason='%s is not lazy-loadable'
                % attrname)
        fresh = self.get_by_uuid(self._context, self.uuid,
                                 expected_attrs=[attrname])
        setattr(self, attrname, getattr(fresh, attrname))
        self.obj_reset_changes([attrname])


@base.NovaObjectRegistry.register
class InstanceList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.0'
    # The keys get_by_filters sorts by (the API checks sort keys).
    SORT_KEYS = lazy_import.Attribute(db, 'SORT_KEYS')

    fields = {'objects': fields.ListOfObjectsField('Instance')}

    @classmethod
    @base.remotable
    def get_by_filters(cls, context, filters, sort_keys=None, sort_dirs=None,
                       limit=None, marker=None, expected_attrs=None):
        rows = db.instance_get_all_by_filters(
            context, filters, sort_keys=sort_keys, sort_dirs=sort_dirs,
            limit=limit, marker=marker)
        result = cls()
        result.objects = Instance._load_many(context, rows,
                                             expected_attrs or ())
        result._context = context
        result.obj_reset_changes()
        return result

    @classmethod
    @base.remotable
    def get_by_host(cls, context, host):
        return cls.get_by_filters(context, {'host': host},
                                  sort_keys=['created_at'],
                                  sort_dirs=['asc'])
