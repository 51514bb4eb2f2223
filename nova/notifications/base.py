"""The envelope of a versioned notification: event type, publisher, payload.

Payload classes subclass PayloadBase and list in SCHEMA which field comes
from which attribute of which source object, so a payload is filled from
objects in one call. These objects are never sent over RPC nor stored,
so they are registered apart from the RPC objects (ovo keeps one table of
classes, but nova.objects does not expose these); their names and
versions are upstream Nova's, which is what consumers of the bus check.
"""

from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields

PRIORITIES = ('audit', 'critical', 'debug', 'info', 'error', 'sample',
              'warn')
PHASES = ('start', 'end', 'error', 'progress')


class NotificationRegistry(ovo_base.VersionedObjectRegistry):
    """Registers (and so completes: inherited fields, properties) the
    classes of this package."""


register = NotificationRegistry.register


class NotificationObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'nova_object'
    OBJ_PROJECT_NAMESPACE = 'nova'


@register
class PayloadBase(NotificationObject):
    """A payload: SCHEMA maps field -> (source name, source attribute)."""

    SCHEMA = {}

    def populate_schema(self, **sources):
        for field, (source, attr) in self.SCHEMA.items():
            obj = sources[source]
            if hasattr(obj, 'obj_attr_is_set') and not \
                    obj.obj_attr_is_set(attr):
                value = None
            else:
                value = getattr(obj, attr, None)
            if value is None and not self.fields[field].nullable:
                # A source without the value: the field's default if any.
                if self.fields[field].default != fields.UnspecifiedDefault:
                    self.obj_set_defaults(field)
                continue
            setattr(self, field, value)


@register
class EventType(NotificationObject):
    # 1.0-1.21 upstream: new actions appended to the action enum.
    VERSION = '1.21'
    fields = {
        'object': fields.StringField(),
        'action': fields.StringField(),
        'phase': fields.StringField(nullable=True),
    }

    def to_string(self):
        parts = [self.object, self.action]
        if self.obj_attr_is_set('phase') and self.phase:
            parts.append(self.phase)
        return '.'.join(parts)


@register
class NotificationPublisher(NotificationObject):
    VERSION = '2.2'
    fields = {
        'host': fields.StringField(nullable=False),
        'source': fields.StringField(),
    }

    def publisher_id(self):
        return '%s:%s' % (self.source, self.host)


@register
class NotificationBase(NotificationObject):
    """One notification; emit() hands it to the versioned notifier."""

    VERSION = '1.0'
    fields = {
        'priority': fields.StringField(),
        'event_type': fields.ObjectField('EventType'),
        'publisher': fields.ObjectField('NotificationPublisher'),
        # Subclasses narrow this to their payload class.
        'payload': fields.ObjectField('PayloadBase', subclasses=True),
    }

    def emit(self, context, notifier):
        # Every field is sent anyway: no list of changed ones.
        self.payload.obj_reset_changes(recursive=True)
        send = getattr(notifier.prepare(
            publisher_id=self.publisher.publisher_id()), self.priority)
        send(context, event_type=self.event_type.to_string(),
             payload=self.payload.obj_to_primitive())
