"""InstanceMetadataFacts: what the metadata of an instance needs beyond
the instance itself (EC2 ids, security group names).

nova-compute has no database: building a config drive there, it asks for
this object and the conductor reads it (object indirection).
"""

from oslo_versionedobjects import fields

from nova.objects import base


@base.NovaObjectRegistry.register
class InstanceMetadataFacts(base.NovaObject):
    VERSION = '1.0'

    fields = {
        'instance_uuid': fields.UUIDField(),
        # {'instance-id': 'i-...', 'ami-id': 'ami-...'[, 'kernel-id',
        # 'ramdisk-id']}
        'ec2_ids': fields.DictOfStringsField(),
        'security_groups': fields.ListOfStringsField(),
    }

    @classmethod
    @base.remotable
    def get_by_instance(cls, context, instance):
        from nova.api.metadata import gather
        return cls(context=context, instance_uuid=instance.uuid,
                   ec2_ids=gather.ec2_ids(context, instance),
                   security_groups=gather.security_groups(context,
                                                          instance))
