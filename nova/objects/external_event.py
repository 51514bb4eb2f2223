"""InstanceExternalEvent: an event another service (networking, block
storage) reports about a server, on its way to the server's host."""

from oslo_versionedobjects import fields

from nova.objects import base

NAMES = ('network-changed', 'network-vif-plugged', 'network-vif-unplugged',
         'network-vif-deleted', 'volume-extended')
STATUSES = ('failed', 'completed', 'in-progress')


def event_key(name, tag=None):
    """How waiters name an event: 'name' or 'name-tag' (a port, a
    volume)."""
    return '%s-%s' % (name, tag) if tag else name


@base.NovaObjectRegistry.register
class InstanceExternalEvent(base.NovaObject):
    VERSION = '1.0'

    fields = {
        'instance_uuid': fields.UUIDField(),
        'name': fields.EnumField(valid_values=NAMES),
        'status': fields.EnumField(valid_values=STATUSES),
        'tag': fields.StringField(nullable=True),
    }

    @property
    def key(self):
        return event_key(self.name, self.tag)
