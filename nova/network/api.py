"""The network API: what the API layers and the compute side ask of
networking.

NetworkAPI is the interface every caller uses (Compute API, EC2 API,
metadata, compute); a backend implements it. BACKENDS is the registry of
backends by their [network] backend name: "builtin"
(nova.network.builtin.BuiltinNetworkAPI, everything in the compute
database) and "neutron" (nova.network.neutron_backend, a Neutron v2.0
service over HTTP). get_api()
returns the configured one; check_backend() refuses an unknown name at
start.
"""

from oslo_utils import importutils

import nova.conf

CONF = nova.conf.CONF

# [network] backend name -> class path. A backend registers itself here.
BACKENDS = {'builtin': 'nova.network.builtin.BuiltinNetworkAPI',
            'neutron': 'nova.network.neutron_backend.NeutronNetworkAPI'}
# Names promised to a backend not in this tree yet.
RESERVED = {}

_API = None


class UnknownBackend(ValueError):
    """[network] backend names no registered backend."""


def check_backend(name=None):
    """The class path of the backend name ([network] backend by default),
    or UnknownBackend with a message saying what to set."""
    name = CONF.network.backend if name is None else name
    if name in BACKENDS:
        return BACKENDS[name]
    known = ', '.join(sorted(BACKENDS))
    if name in RESERVED:
        raise UnknownBackend(
            '[network] backend = %s: %s is not available in this '
            'installation; use one of: %s.' % (name, RESERVED[name], known))
    raise UnknownBackend('[network] backend = %s is not a network backend; '
                         'use one of: %s.' % (name, known))


def built_on_the_interface(method):
    """Marks a method of NetworkAPI that every backend can run as it is,
    built on the interface's other methods (a backend may still write a
    faster one)."""
    method.built_on_the_interface = True
    return method


class NetworkAPI:
    """Networking as servers and the networking APIs use it.

    Every method takes a RequestContext first; errors are those of
    nova.network.errors (each carries its HTTP status).
    """

    # Servers' interfaces ----------------------------------------------------

    def validate_networks(self, context, requested_networks):
        """Check [(network uuid, fixed ip or None)] or (None, None, port
        uuid) before a boot."""
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
                              security_groups, new=False):
        """Interfaces and addresses for a new instance, in the groups that
        resolve_security_groups gave; idempotent. new (only where
        allocates_in_caller_transaction): the instance row was inserted in
        the caller's open writer transaction, which this joins."""
        raise NotImplementedError()

    # Whether allocate_for_instance(new=True) can join the caller's
    # database transaction (addresses kept in the compute database).
    allocates_in_caller_transaction = False

    # Whether tag_interfaces works (device tags at boot, API 2.32).
    supports_interface_tags = False

    def tag_interfaces(self, context, instance_uuid, tags):
        """Tag the instance's interfaces: tags is {network uuid: tag}."""
        raise NotImplementedError()

    def deallocate_for_instance(self, context, instance):
        """Free the instance's addresses (the built-in one does it when the
        instance row is destroyed, in the same transaction)."""
        raise NotImplementedError()

    def bind_to_host(self, context, instance):
        """Tell the network service the instance runs on instance.host
        (nova-compute, before it plugs); nothing to do when addresses do
        not depend on the host."""

    # Whether bind_to_host may change the instance's network_info (a
    # port's binding details): if not, the conductor reads it with the
    # build and sends it along (compute RPC 1.15).
    binding_changes_network_info = True

    def vif_plug_events(self, context, instance):
        """Keys of the network-vif-plugged events nova-compute waits for
        after binding the instance's ports (network-vif-plugged-<port>):
        those of ports the service has not wired yet."""
        return []

    def release_for_failed_build(self, context, instance):
        """A build that will not be retried: give back what only a
        running server needs (the built-in one keeps the addresses until
        the server is deleted)."""

    def get_network_info(self, context, instance_uuids):
        """{instance uuid: network_info} (see nova.network.model)."""
        raise NotImplementedError()

    @built_on_the_interface
    def get_addresses(self, context, instance_uuids):
        """{instance uuid: [(network label, MAC, address, floating
        addresses routed to it (a sequence))]}: the fixed IPs
        network_info lists, in its order (what the servers' views show).
        Backends may read them without building the whole
        network_info."""
        return {uuid: [(vif['network']['label'], vif['address'],
                        ip['address'],
                        [f['address'] for f in ip.get('floating_ips', ())])
                       for vif in info
                       for subnet in vif['network']['subnets']
                       for ip in subnet['ips']]
                for uuid, info in self.get_network_info(
                    context, instance_uuids).items()}

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

    def attach_port(self, context, instance, port_id, tag=None):
        """Put a port the caller made (on no server) on the instance;
        tag: its device tag (API 2.49)."""
        raise NotImplementedError()

    def detach_interface(self, context, instance, port_id):
        """Remove an interface: a port the user made is kept (taken off
        the server), one Nova made is deleted."""
        raise NotImplementedError()

    def get_firewall_rules(self, context, instance_uuid):
        """The ingress and egress the instance's security groups allow,
        remote addresses resolved to CIDRs (the data plane's input)."""
        raise NotImplementedError()

    def instance_uuid_by_fixed_ip(self, context, address, network_id=None):
        """The instance using a fixed IP (metadata service), on the
        network of uuid network_id if given, or None."""
        raise NotImplementedError()

    # Floating IPs -------------------------------------------------------

    # Whether floating IPs are named by UUIDs (Neutron) or integers.
    floating_ip_ids_are_uuids = False

    def allocate_floating_ip(self, context, pool=None, address=None):
        """A floating IP of pool for the caller's project: address, or
        any free one."""
        raise NotImplementedError()

    def release_floating_ip(self, context, address):
        raise NotImplementedError()

    def associate_floating_ip(self, context, instance, floating_address,
                              fixed_address=None, port_id=None):
        """Route the floating IP to fixed_address of the instance (its
        first IPv4 address if None), on its port port_id if given."""
        raise NotImplementedError()

    def disassociate_floating_ip(self, context, instance, address):
        raise NotImplementedError()

    def get_floating_ip_for_caller(self, context, floating_id=None,
                                   address=None):
        """The caller's floating IP by id or address (any project's
        allocated one for administrators)."""
        raise NotImplementedError()

    def get_floating_ips(self, context, project_id=None, host=None):
        """Floating IPs (records with id, address, pool, interface,
        project_id), of one project or host when given."""
        raise NotImplementedError()

    def describe_floating_ips(self, context, floating_ips):
        """{address: (fixed address, instance uuid)} of those bound."""
        raise NotImplementedError()

    def get_floating_ip_pools(self, context):
        """The names of the floating IP pools."""
        raise NotImplementedError()

    def create_floating_ips(self, context, ip_range, pool, interface):
        """Add the addresses of ip_range (CIDR) to a pool."""
        raise NotImplementedError()

    def delete_floating_ips(self, context, ip_range):
        """Remove the addresses of ip_range; False when none existed."""
        raise NotImplementedError()

    # DNS entries of floating IPs (records with domain, scope, project_id,
    # availability_zone; entries with address, name, type, domain) --------

    def get_dns_domains(self, context):
        raise NotImplementedError()

    def get_dns_domain(self, context, domain):
        """The domain, or None."""
        raise NotImplementedError()

    def put_dns_domain(self, context, domain, values):
        """Create or update a domain: values are scope, project_id,
        availability_zone."""
        raise NotImplementedError()

    def delete_dns_domain(self, context, domain):
        raise NotImplementedError()

    def get_dns_entries(self, context, domain, name=None, address=None):
        raise NotImplementedError()

    def put_dns_entry(self, context, domain, name, address, dns_type):
        raise NotImplementedError()

    def delete_dns_entry(self, context, domain, name):
        raise NotImplementedError()

    # Networks (records with the attributes os-networks shows: uuid, label,
    # cidr, project_id, host, vlan, bridge ...) --------------------------

    def get_networks(self, context, project_id=None):
        """Every network, or those of one project."""
        raise NotImplementedError()

    def get_network(self, context, network_uuid):
        """One network whatever its project, or NetworkNotFound."""
        raise NotImplementedError()

    def create_networks(self, context, **params):
        """Create networks (the parameters of os-networks and
        nova-manage network create); returns them."""
        raise NotImplementedError()

    def delete_network(self, context, network_uuid):
        raise NotImplementedError()

    def associate_free_network(self, context, project_id,
                               network_uuid=None):
        """Give a network of no project (that one, or any) to a project."""
        raise NotImplementedError()

    def update_network_association(self, context, network_uuid, values):
        """Set or clear the network's project_id and host (values)."""
        raise NotImplementedError()

    # Fixed IPs and interfaces --------------------------------------------

    def get_fixed_ip(self, context, address):
        """{'address', 'cidr', 'reserved', 'host', 'hostname'} of a fixed
        IP (host and hostname of the instance using it, or None)."""
        raise NotImplementedError()

    def set_fixed_ip_reserved(self, context, address, reserved):
        raise NotImplementedError()

    def get_vifs(self, context, instance_uuid):
        """The instance's interfaces: [{'id', 'address', 'net_id'}]."""
        raise NotImplementedError()

    # Security groups (records with id, name, description, project_id;
    # rules with id, parent_group_id, protocol, from_port, to_port, cidr,
    # group_id) -------------------------------------------------------

    DEFAULT_SECURITY_GROUP = 'default'

    def ensure_default_security_group(self, context, project_id,
                                      user_id=None):
        """The project's 'default' group, created on first use."""
        raise NotImplementedError()

    def get_security_group(self, context, group_id):
        raise NotImplementedError()

    def get_security_group_by_uuid(self, context, group_uuid):
        """The group the Neutron API names group_uuid."""
        raise NotImplementedError()

    def get_security_group_by_name(self, context, project_id, name):
        raise NotImplementedError()

    def list_security_groups(self, context, project_id=None):
        """Every group, or those of one project."""
        raise NotImplementedError()

    def create_security_group(self, context, name, description):
        """A group of the caller's project, within its quota
        (SecurityGroupLimitExceeded)."""
        raise NotImplementedError()

    def update_security_group(self, context, group_id, name, description):
        raise NotImplementedError()

    def destroy_security_group(self, context, group_id):
        raise NotImplementedError()

    def get_security_group_rules(self, context, group_ids):
        """{group id: [rules]} for every group id given."""
        raise NotImplementedError()

    def security_group_names(self, context, group_ids):
        """{group id: (name, project id)}."""
        raise NotImplementedError()

    def create_security_group_rule(self, context, values):
        """A rule (values: nova.network.security_group_rules.rule_values
        plus parent_group_id) within the per-group quota
        (SecurityGroupRuleLimitExceeded); servers of the group are
        re-plugged."""
        raise NotImplementedError()

    def get_security_group_rule(self, context, rule_id):
        raise NotImplementedError()

    def get_security_group_rule_by_uuid(self, context, rule_uuid):
        """The rule the Neutron API names rule_uuid."""
        raise NotImplementedError()

    def destroy_security_group_rule(self, context, rule):
        raise NotImplementedError()

    def security_groups_of_instances(self, context, instance_uuids):
        """{instance uuid: [groups]}."""
        raise NotImplementedError()

    def add_instance_security_group(self, context, instance, group):
        """Put the instance in the group; False when it already was."""
        raise NotImplementedError()

    def remove_instance_security_group(self, context, instance, group):
        """Take the instance out of the group; False when it was not."""
        raise NotImplementedError()

    def get_default_rules(self, context):
        """Rules every new 'default' group starts with."""
        raise NotImplementedError()

    def get_default_rule(self, context, rule_id):
        raise NotImplementedError()

    def create_default_rule(self, context, values):
        raise NotImplementedError()

    def destroy_default_rule(self, context, rule_id):
        raise NotImplementedError()


def get_api():
    """The configured network API (one per process)."""
    global _API
    if _API is None:
        _API = importutils.import_object(check_backend())
    return _API
