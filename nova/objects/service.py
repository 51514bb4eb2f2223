"""Service: one running daemon on one host, with its heartbeat."""

from oslo_versionedobjects import fields

from nova import exception
from nova import lazy_import
from nova.notifications import emit as notify
from nova.objects import base

db = lazy_import.module('nova.db.services')

# Bumped when a service's RPC or object behaviour changes in a way others
# must know of during rolling upgrades.
SERVICE_VERSION = 6
# The oldest service version this code still works beside; nova-status
# upgrade check fails while an older one is registered.
OLDEST_SUPPORTED_SERVICE_VERSION = 1

# What a service of each version understands: the newest RPC version of
# each service's face (nova/<service>/rpcapi.py). Index = service
# version; 0 is a record that predates versions. Bumping an rpcapi
# VERSION means appending an entry and bumping SERVICE_VERSION
# (tests/unit/test_upgrade_levels.py keeps the newest entry in step), so
# that [upgrade_levels] ... = auto caps newer senders to the oldest
# service still running.
SERVICE_VERSION_HISTORY = (
    # 0: written before services recorded a version.
    None,
    # 1: services record their version; RPC faces compute 1.12,
    #    conductor 1.6, scheduler 1.0, volume 1.0.
    {'compute': '1.12', 'conductor': '1.6', 'scheduler': '1.0',
     'volume': '1.0'},
    # 2: compute 1.13 (rebuild_instance reimages a boot volume, API
    #    2.93), volume 1.1 (reimage_volume).
    {'compute': '1.13', 'conductor': '1.6', 'scheduler': '1.0',
     'volume': '1.1'},
    # 3: conductor 1.7 (register_services, heartbeat_services,
    #    report_compute_nodes: the simulated hosts of a nova-compute
    #    process registered, kept up and reported in batches).
    {'compute': '1.13', 'conductor': '1.7', 'scheduler': '1.0',
     'volume': '1.1'},
    # 4: conductor 1.8 (Instance.save, object 1.2, takes expected_host
    #    and action_event: a build starts and ends in one call each).
    {'compute': '1.13', 'conductor': '1.8', 'scheduler': '1.0',
     'volume': '1.1'},
    # 5: compute 1.14 (build_and_run_instance takes the volume mappings
    #    the conductor read: one conductor call fewer per build).
    {'compute': '1.14', 'conductor': '1.8', 'scheduler': '1.0',
     'volume': '1.1'},
    # 6: compute 1.15 (build_and_run_instance takes the instance's
    #    network info the conductor read with the build, where binding
    #    to the host cannot change it: one conductor call fewer).
    {'compute': '1.15', 'conductor': '1.8', 'scheduler': '1.0',
     'volume': '1.1'},
)


@base.NovaObjectRegistry.register
class Service(base.NovaPersistentObject, base.NovaObject):
    # 1.1: get_minimum_version
    # 1.2: version defaults to service version 2 (same fields)
    # 1.3: version defaults to service version 3 (same fields)
    VERSION = '1.3'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'host': fields.StringField(),
        'binary': fields.StringField(),
        'topic': fields.StringField(nullable=True),
        'report_count': fields.IntegerField(default=0),
        'disabled': fields.BooleanField(default=False),
        'disabled_reason': fields.StringField(nullable=True),
        'last_seen_up': fields.DateTimeField(nullable=True),
        'forced_down': fields.BooleanField(default=False),
        'version': fields.IntegerField(default=SERVICE_VERSION),
    }

    @classmethod
    def _from_db(cls, context, row):
        return base.from_row(context, cls(), row)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, service_id):
        return cls._from_db(context, db.service_get(context, service_id))

    @classmethod
    def get_by_uuid(cls, context, service_uuid):
        """The service known by uuid (API 2.53). Not remotable: only the
        API, which reads the database itself, needs it."""
        return cls._from_db(context,
                            db.service_get_by_uuid(context, service_uuid))

    @classmethod
    @base.remotable
    def get_by_host_and_binary(cls, context, host, binary):
        return cls._from_db(
            context, db.service_get_by_host_and_binary(context, host, binary))

    @classmethod
    @base.remotable
    def get_minimum_version(cls, context, binary):
        """The oldest version among the live records of binary, None
        when none is registered."""
        return db.service_get_minimum_version(context, binary)

    @base.remotable
    def create(self):
        values = self.obj_get_changes()
        row = db.service_create(self._context, values)
        base.from_row(self._context, self, row)

    @base.remotable
    def save(self):
        changes = self.obj_get_changes()
        if changes:
            base.from_row(self._context, self,
                          db.service_update(self._context, self.id, changes))
            # Heartbeats are not news; an operator's change of state is.
            if set(changes) - {'report_count', 'last_seen_up', 'updated_at'}:
                notify.service_update(self._context, self)

    @base.remotable
    def heartbeat(self):
        self.last_seen_up = db.service_heartbeat(self._context, self.id)
        self.obj_reset_changes(['last_seen_up'])

    @base.remotable
    def destroy(self):
        db.service_destroy(self._context, self.id)


def ensure_registered(context, host, binary, topic):
    """The record of binary on host, created on first start and brought
    to this code's version. Remotable calls only: works in nova-compute
    (through the conductor) as in the conductor itself."""
    try:
        record = Service.get_by_host_and_binary(context, host, binary)
    except exception.ServiceNotFound:
        record = Service(context=context)
        record.host = host
        record.binary = binary
        record.topic = topic
        # Registered at this version: no update (and no service.update
        # notification) right after.
        record.version = SERVICE_VERSION
        try:
            record.create()
        except exception.ServiceExists:
            # Another process of the same host raced us; use its row.
            record = Service.get_by_host_and_binary(context, host, binary)
    if record.version != SERVICE_VERSION:
        record.version = SERVICE_VERSION
        record.save()
    return record


@base.NovaObjectRegistry.register
class ServiceList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Service')}

    @classmethod
    @base.remotable
    def get_all(cls, context, binary=None, host=None, disabled=None):
        rows = db.service_get_all(context, binary=binary, host=host,
                                  disabled=disabled)
        return base.make_list(context, cls(), Service, rows)

    @staticmethod
    def create_missing(context, hosts, binary, topic):
        """{host: Service} of binary on each of hosts, those missing
        created at this code's version in one transaction. Database side
        only (the conductor's batched registration,
        nova.conductor.host_reports); raises DBDuplicateEntry when
        another process created one meanwhile."""
        return {host: Service._from_db(context, row)
                for host, row in db.service_create_missing(
                    context, hosts, binary, topic, SERVICE_VERSION).items()}

    @staticmethod
    def heartbeat(context, service_ids):
        """Record that the services are alive, in one UPDATE; returns the
        time written. Database side only (the conductor's batched
        heartbeat, nova.conductor.host_reports)."""
        return db.service_heartbeat_many(context, service_ids)
