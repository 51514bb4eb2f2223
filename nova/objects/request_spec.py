"""RequestSpec: what the scheduler must find room for."""

from oslo_versionedobjects import fields

from nova.objects import base


@base.NovaObjectRegistry.register
class RequestSpec(base.NovaObject):
    VERSION = '1.0'

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
    }
