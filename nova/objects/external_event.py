"""InstanceExternalEvent: an event another service (networking, block
storage) reports about a server, on its way to the server's host."""

from oslo_utils import versionutils
from oslo_versionedobjects import fields

from nova import exception
from nova.objects import base

NAMES = ('network-changed', 'network-vif-plugged', 'network-vif-unplugged',
         'network-vif-deleted', 'volume-extended', 'power-update',
         'accelerator-request-bound', 'volume-reimaged')
STATUSES = ('failed', 'completed', 'in-progress')


def event_key(name, tag=None):
    """How waiters name an event: 'name' or 'name-tag' (a port, a
    volume)."""
    return '%s-%s' % (name, tag) if tag else name


@base.NovaObjectRegistry.register
class InstanceExternalEvent(base.NovaObject):
    # 1.1: names power-update (API 2.76), accelerator-request-bound (2.82)
    # 1.2: names volume-reimaged (2.93)
    VERSION = '1.2'

    fields = {
        'instance_uuid': fields.UUIDField(),
        'name': fields.EnumField(valid_values=NAMES),
        'status': fields.EnumField(valid_values=STATUSES),
        'tag': fields.StringField(nullable=True),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        target = versionutils.convert_version_to_tuple(target_version)
        known = NAMES[:5] if target < (1, 1) else \
            NAMES[:7] if target < (1, 2) else NAMES
        if primitive.get('name') not in known:
            raise exception.ObjectActionError(
                action='obj_make_compatible',
                reason='event %s is unknown to version %s'
                       % (primitive.get('name'), target_version))

    @property
    def key(self):
        return event_key(self.name, self.tag)
