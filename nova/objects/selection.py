"""Selection: a host the scheduler chose and claimed for one instance."""

from oslo_versionedobjects import fields

from nova.objects import base


@base.NovaObjectRegistry.register
class Selection(base.NovaObject):
    VERSION = '1.0'

    fields = {
        'instance_uuid': fields.UUIDField(),
        'service_host': fields.StringField(),
        'nodename': fields.StringField(),
        'compute_node_id': fields.IntegerField(),
        'compute_node_uuid': fields.UUIDField(),
    }
