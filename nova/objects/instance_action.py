"""InstanceAction and InstanceActionEvent: what was done to an instance.

The API records an action when a user starts one (create, reboot,
resize, ...); each service that works on it records events, one per step
(compute_reboot_instance, conductor_migrate_server, ...), with their
result and, on failure, the traceback admins may read.
"""

import traceback

from oslo_utils import timeutils
from oslo_versionedobjects import fields

from nova import lazy_import
from nova.objects import base

db = lazy_import.module('nova.db.instance_actions')

# Results of an event.
SUCCESS = 'Success'
ERROR = 'Error'


@base.NovaObjectRegistry.register
class InstanceAction(base.NovaPersistentObject, base.NovaObject):
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'action': fields.StringField(),
        'instance_uuid': fields.UUIDField(),
        'request_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'message': fields.StringField(nullable=True),
    }

    @classmethod
    def _from_db(cls, context, row):
        return base.from_row(context, cls(), row)

    @classmethod
    def action_start_many(cls, context, instance_uuids, action):
        """action_start for each instance, in one transaction (for the
        API, which has the database: not remotable)."""
        db.action_start_many(context, [{
            'action': action, 'instance_uuid': uuid,
            'request_id': context.request_id, 'user_id': context.user_id,
            'project_id': context.project_id} for uuid in instance_uuids])

    @classmethod
    @base.remotable
    def action_start(cls, context, instance_uuid, action):
        """Record that the caller (context) started action on instance."""
        row = db.action_start(context, {
            'action': action, 'instance_uuid': instance_uuid,
            'request_id': context.request_id, 'user_id': context.user_id,
            'project_id': context.project_id})
        return cls._from_db(context, row)

    @classmethod
    @base.remotable
    def action_finish(cls, context, action_id, message=None):
        return cls._from_db(context,
                            db.action_finish(context, action_id, message))

    @classmethod
    @base.remotable
    def get_by_request_id(cls, context, instance_uuid, request_id):
        row = db.action_get_by_request_id(context, instance_uuid, request_id)
        return cls._from_db(context, row) if row is not None else None

    @classmethod
    @base.remotable
    def get_latest(cls, context, instance_uuid):
        row = db.action_get_latest(context, instance_uuid)
        return cls._from_db(context, row) if row is not None else None


@base.NovaObjectRegistry.register
class InstanceActionList(base.ObjectListBase, base.NovaObject):
    # 1.1: get_by_instance_uuid takes changes_before
    VERSION = '1.1'
    fields = {'objects': fields.ListOfObjectsField('InstanceAction')}

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid, limit=None,
                             marker=None, changes_since=None,
                             changes_before=None):
        rows = db.actions_get(context, instance_uuid, limit=limit,
                              marker=marker, changes_since=changes_since,
                              changes_before=changes_before)
        return base.make_list(context, cls(), InstanceAction, rows)


@base.NovaObjectRegistry.register
class InstanceActionEvent(base.NovaPersistentObject, base.NovaObject):
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'action_id': fields.IntegerField(),
        'event': fields.StringField(),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'result': fields.StringField(nullable=True),
        'traceback': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
    }

    @classmethod
    def _from_db(cls, context, row):
        return base.from_row(context, cls(), row)

    @classmethod
    @base.remotable
    def event_start(cls, context, instance_uuid, event, host=None):
        """Start event under the action of the caller's request."""
        # A step outside any user request (a periodic task) is filed
        # under the instance's latest action.
        row = db.event_start_on(context, instance_uuid, context.request_id,
                                {'event': event, 'host': host})
        return cls._from_db(context, row) if row is not None else None

    @classmethod
    @base.remotable
    def event_finish(cls, context, instance_uuid, event, result,
                     traceback_text=None, details=None, host=None):
        row = db.event_finish_on(
            context, instance_uuid, context.request_id, event,
            finish_values(result, traceback_text, details, host))
        return cls._from_db(context, row) if row is not None else None


def finish_values(result, traceback_text=None, details=None, host=None):
    """The columns an event's finish writes."""
    values = {'result': result, 'finish_time': timeutils.utcnow()}
    if traceback_text:
        values['traceback'] = traceback_text
    if details:
        values['details'] = details[:65535]
    if host:
        values['host'] = host
    return values


@base.NovaObjectRegistry.register
class InstanceActionEventList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceActionEvent')}

    @classmethod
    @base.remotable
    def get_by_action(cls, context, action_id):
        rows = db.events_get(context, [action_id])[action_id]
        return base.make_list(context, cls(), InstanceActionEvent, rows)


def format_traceback(error):
    return ''.join(traceback.format_exception(type(error), error,
                                              error.__traceback__))
