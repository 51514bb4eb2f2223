"""The network API: what the compute API asks of networking.

NetworkAPI is the interface; nova.network.builtin.BuiltinNetworkAPI is the
nova-network style implementation that keeps everything in the compute
database. A Neutron client would implement the same methods. get_api()
returns the configured implementation ([network] network_api).
"""

import nova.conf

CONF = nova.conf.CONF

_API = None


class NetworkAPI:
    """Networking as servers and the networking APIs use it.

    Every method takes a RequestContext first; errors are those of
    nova.network.errors (each carries its HTTP status).
    """

    # Servers' interfaces ----------------------------------------------------

    def validate_networks(self, context, requested_networks):
        """Check [(network uuid, fixed ip or None)] before a boot."""
        raise NotImplementedError()

    def networks_for_auto(self, context):
        """[(network uuid, None)] a server created with networks "auto"
        (API 2.37) joins: the project's usable networks, or else the one
        allocated for the project (made on first use)."""
        raise NotImplementedError()

    def resolve_security_groups(self, context, project_id, names):
        """The project's groups of those names (default: its 'default')."""
        raise NotImplementedError()

    def allocate_for_instance(self, context, instance, requested_networks,
                              security_groups):
        """Interfaces and addresses for a new instance, in the groups that
        resolve_security_groups gave; idempotent."""
        raise NotImplementedError()

    # Whether tag_interfaces works (device tags at boot, API 2.32).
    supports_interface_tags = False

    def tag_interfaces(self, context, instance_uuid, tags):
        """Tag the instance's interfaces: tags is {network uuid: tag}."""
        raise NotImplementedError()

    def deallocate_for_instance(self, context, instance):
        """Free the instance's addresses (the built-in one does it when the
        instance row is destroyed, in the same transaction)."""
        raise NotImplementedError()

    def get_network_info(self, context, instance_uuids):
        """{instance uuid: network_info} (see nova.network.model)."""
        raise NotImplementedError()

    def get_security_groups(self, context, instance_uuids):
        """{instance uuid: [group dicts]}."""
        raise NotImplementedError()

    def add_fixed_ip(self, context, instance, network_uuid):
        raise NotImplementedError()

    def remove_fixed_ip(self, context, instance, address):
        raise NotImplementedError()

    def attach_interface(self, context, instance, network_uuid,
                         address=None, tag=None):
        """A new interface on the network; tag: its device tag (API
        2.49, needs supports_interface_tags)."""
        raise NotImplementedError()

    def detach_interface(self, context, instance, port_id):
        raise NotImplementedError()

    def get_firewall_rules(self, context, instance_uuid):
        """The ingress the instance's security groups allow, sources
        resolved to CIDRs (the data plane's input)."""
        raise NotImplementedError()

    def instance_uuid_by_fixed_ip(self, context, address):
        """The instance using a fixed IP (metadata service), or None."""
        raise NotImplementedError()

    # Floating IPs -------------------------------------------------------

    def allocate_floating_ip(self, context, pool=None):
        raise NotImplementedError()

    def release_floating_ip(self, context, address):
        raise NotImplementedError()

    def associate_floating_ip(self, context, instance, floating_address,
                              fixed_address=None):
        raise NotImplementedError()

    def disassociate_floating_ip(self, context, instance, address):
        raise NotImplementedError()


def get_api():
    """The configured network API (one per process)."""
    global _API
    if _API is None:
        from nova.network import builtin
        _API = builtin.BuiltinNetworkAPI()
    return _API
