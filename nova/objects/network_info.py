"""InstanceNetworkInfo: a server's interfaces and firewall rules, as
nova-compute needs them to plug the guest.

nova-compute has no database: it asks for this object and the conductor
reads it (object indirection). network_info is the list of interface
dicts described in nova.network.model and firewall_rules the ingress
and egress its security groups allow
(nova.network.builtin.get_firewall_rules), both carried as JSON text.
"""

from oslo_serialization import jsonutils
from oslo_versionedobjects import fields

from nova import lazy_import
from nova.objects import base

# nova-compute builds with this object and has no database layer.
db_api = lazy_import.module('nova.db.api')


@base.NovaObjectRegistry.register
class InstanceNetworkInfo(base.NovaObject):
    VERSION = '1.0'

    fields = {
        'instance_uuid': fields.UUIDField(),
        'network_info_json': fields.StringField(),
        'firewall_rules_json': fields.StringField(),
    }

    @property
    def network_info(self):
        return jsonutils.loads(self.network_info_json)

    @property
    def firewall_rules(self):
        return jsonutils.loads(self.firewall_rules_json)

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        from nova.network import api as network_api
        api = network_api.get_api()
        # One read transaction for the interfaces, subnets, routers and
        # groups (six of their own before, every build); a backend that
        # reads no database checks out no connection for it.
        with db_api.reader.using(context):
            info = api.get_network_info(context,
                                        [instance_uuid])[instance_uuid]
            rules = api.get_firewall_rules(context, instance_uuid)
        return cls(context=context, instance_uuid=instance_uuid,
                   network_info_json=jsonutils.dumps(info),
                   firewall_rules_json=jsonutils.dumps(rules))
