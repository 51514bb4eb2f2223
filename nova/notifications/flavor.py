"""The flavor and exception payloads that instance payloads embed."""

import inspect
import traceback

from oslo_versionedobjects import fields

from nova.notifications import base


@base.register
class FlavorPayload(base.PayloadBase):
    # Upstream 1.4: description added.
    VERSION = '1.4'
    SCHEMA = {name: ('flavor', name) for name in (
        'flavorid', 'memory_mb', 'vcpus', 'root_gb', 'ephemeral_gb', 'name',
        'swap', 'rxtx_factor', 'vcpu_weight', 'disabled', 'is_public',
        'extra_specs', 'description')}
    fields = {
        'flavorid': fields.StringField(nullable=True),
        'memory_mb': fields.IntegerField(nullable=True),
        'vcpus': fields.IntegerField(nullable=True),
        'root_gb': fields.IntegerField(nullable=True),
        'ephemeral_gb': fields.IntegerField(nullable=True),
        'name': fields.StringField(),
        'swap': fields.IntegerField(),
        'rxtx_factor': fields.FloatField(nullable=True),
        'vcpu_weight': fields.IntegerField(nullable=True),
        'disabled': fields.BooleanField(),
        'is_public': fields.BooleanField(),
        'extra_specs': fields.DictOfStringsField(),
        'projects': fields.ListOfStringsField(nullable=True),
        'description': fields.StringField(nullable=True),
    }

    @classmethod
    def from_flavor(cls, flavor):
        payload = cls(projects=None)
        payload.populate_schema(flavor=flavor)
        return payload


@base.register
class ExceptionPayload(base.PayloadBase):
    # Upstream 1.1: traceback added.
    VERSION = '1.1'
    fields = {
        'module_name': fields.StringField(),
        'function_name': fields.StringField(),
        'exception': fields.StringField(),
        'exception_message': fields.StringField(),
        'traceback': fields.StringField(),
    }

    @classmethod
    def from_exception(cls, error):
        """Where error was raised (its innermost frame) and what it said."""
        frames = traceback.extract_tb(error.__traceback__) \
            if error.__traceback__ else []
        module, function = '', ''
        if frames:
            last = frames[-1]
            function = last.name
            module = inspect.getmodulename(last.filename) or ''
        message = (error.format_message()
                   if hasattr(error, 'format_message') else str(error))
        return cls(module_name=module, function_name=function,
                   exception=type(error).__name__,
                   exception_message=message,
                   traceback=''.join(traceback.format_exception(
                       type(error), error, error.__traceback__)))
