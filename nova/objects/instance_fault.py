"""InstanceFault: why an instance went wrong, shown as the server's fault."""

import traceback

from oslo_versionedobjects import fields

from nova import exception
from nova import lazy_import
from nova.objects import base

db = lazy_import.module('nova.db.instances')


@base.NovaObjectRegistry.register
class InstanceFault(base.NovaPersistentObject, base.NovaObject):
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'code': fields.IntegerField(),
        'message': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
    }

    @classmethod
    def _from_db(cls, context, row):
        return base.from_row(context, cls(), row)

    @base.remotable
    def create(self):
        row = db.instance_fault_create(self._context, self.obj_get_changes())
        base.from_row(self._context, self, row)

    @classmethod
    def from_exception(cls, context, instance_uuid, error, host=None,
                       tb=None):
        """A fault describing error; the traceback goes into details,
        unless the error carries details of its own (kwarg 'details', which
        survives RPC: e.g. the hosts NoValidHost's filters removed)."""
        code = getattr(error, 'code', 500)
        if not isinstance(code, int):
            code = 500
        own_details = None
        if isinstance(error, exception.NovaException):
            message = error.format_message()
            own_details = error.kwargs.get('details')
        else:
            message = error.__class__.__name__
        details = own_details or (''.join(tb) if tb else ''.join(
            traceback.format_exception(type(error), error,
                                       error.__traceback__)))
        fault = cls(context=context)
        fault.instance_uuid = instance_uuid
        fault.code = code
        fault.message = message[:4000]
        fault.details = details or str(error)
        fault.host = host
        return fault
