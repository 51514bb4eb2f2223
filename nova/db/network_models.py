"""Models of the built-in networking: networks, addresses, security groups.

Imported at the end of nova.db.models so that models.Base.metadata holds
every table. Every address a network can hand out is a row of fixed_ips
(made when the network is created) and every floating address a row of
floating_ips, so handing one out is a conditional UPDATE of an existing
row: two requests can never both win the same address.
"""

from oslo_utils import uuidutils
import sqlalchemy as sa

from nova.db.models import Base, ModelBase, SoftDeleteMixin, \
    TimestampMixin


class Network(Base, ModelBase, SoftDeleteMixin):
    """An IPv4 (and optionally IPv6) network guests are plugged into."""
    __tablename__ = 'networks'
    __table_args__ = (
        sa.UniqueConstraint('vlan', 'deleted',
                            name='uniq_networks0vlan0deleted'),
        sa.Index('networks_project_id_deleted_idx', 'project_id',
                 'deleted'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    label = sa.Column(sa.String(255))
    injected = sa.Column(sa.Boolean, nullable=False, default=False)
    cidr = sa.Column(sa.String(43))
    netmask = sa.Column(sa.String(39))
    gateway = sa.Column(sa.String(39))
    broadcast = sa.Column(sa.String(39))
    cidr_v6 = sa.Column(sa.String(43))
    netmask_v6 = sa.Column(sa.String(39))
    gateway_v6 = sa.Column(sa.String(39))
    dns1 = sa.Column(sa.String(39))
    dns2 = sa.Column(sa.String(39))
    bridge = sa.Column(sa.String(255))
    bridge_interface = sa.Column(sa.String(255))
    vlan = sa.Column(sa.Integer)
    multi_host = sa.Column(sa.Boolean, nullable=False, default=False)
    dhcp_start = sa.Column(sa.String(39))
    dhcp_server = sa.Column(sa.String(39))
    enable_dhcp = sa.Column(sa.Boolean, nullable=False, default=True)
    share_address = sa.Column(sa.Boolean, nullable=False, default=False)
    mtu = sa.Column(sa.Integer)
    rxtx_base = sa.Column(sa.Integer)
    priority = sa.Column(sa.Integer)
    vpn_public_address = sa.Column(sa.String(39))
    vpn_public_port = sa.Column(sa.Integer)
    vpn_private_address = sa.Column(sa.String(39))
    project_id = sa.Column(sa.String(255))
    host = sa.Column(sa.String(255))
    # Neutron API attributes (issue 13): an external network's addresses
    # are the floating IPs of the pool named like it; subnet_attrs holds
    # the subnets' names, allocation pools and host routes as JSON.
    router_external = sa.Column(sa.Boolean, nullable=False, default=False,
                                server_default=sa.false())
    admin_state_up = sa.Column(sa.Boolean, nullable=False, default=True,
                               server_default=sa.true())
    description = sa.Column(sa.String(255))
    subnet_attrs = sa.Column(sa.Text)


class NetworkRangeLock(Base):
    """The one row (id 1) a transaction that adds a network range
    updates first, so that range changes run one at a time (0021)."""
    __tablename__ = 'network_range_locks'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
    generation = sa.Column(sa.Integer, nullable=False)


class Subnet(Base, ModelBase, SoftDeleteMixin):
    """One IPv4 or IPv6 range of a network (a Neutron subnet). The
    network's own cidr, gateway, dns and dhcp columns repeat its first
    live IPv4 subnet and its cidr_v6, netmask_v6 and gateway_v6 its first
    live IPv6 one, so the nova-network-style views read as they always
    did. An IPv6 subnet has fixed_ips rows only for the addresses ports
    hold (0022); its netmask is its prefix length."""
    __tablename__ = 'subnets'
    __table_args__ = (
        sa.Index('subnets_network_id_deleted_idx', 'network_id',
                 'deleted'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    network_id = sa.Column(sa.Integer,
                           sa.ForeignKey('networks.id', ondelete='CASCADE'),
                           nullable=False)
    cidr = sa.Column(sa.String(43), nullable=False)
    netmask = sa.Column(sa.String(39))
    gateway = sa.Column(sa.String(39))
    broadcast = sa.Column(sa.String(39))
    dhcp_server = sa.Column(sa.String(39))
    dhcp_start = sa.Column(sa.String(39))
    dns1 = sa.Column(sa.String(39))
    dns2 = sa.Column(sa.String(39))
    enable_dhcp = sa.Column(sa.Boolean, nullable=False, default=True,
                            server_default=sa.true())
    ip_version = sa.Column(sa.Integer, nullable=False, default=4,
                           server_default='4')
    ipv6_ra_mode = sa.Column(sa.String(16))
    ipv6_address_mode = sa.Column(sa.String(16))
    # The Neutron-only attributes as JSON: name, description, host
    # routes, allocation pools, timestamps as shown (and an IPv6
    # subnet's DNS servers).
    attrs = sa.Column(sa.Text)


# The columns a network repeats from its first IPv4 subnet.
MIRRORED = ('cidr', 'netmask', 'gateway', 'broadcast', 'dhcp_server',
            'dhcp_start', 'dns1', 'dns2')
# The network's columns of its first IPv6 subnet, and the subnet's
# columns they repeat.
MIRRORED_V6 = {'cidr_v6': 'cidr', 'netmask_v6': 'netmask',
               'gateway_v6': 'gateway'}


class FixedIp(Base, ModelBase, SoftDeleteMixin):
    """One address of a network; instance_uuid is set while it is in use."""
    __tablename__ = 'fixed_ips'
    __table_args__ = (
        # Unique per network: networks may overlap (allow_overlapping_ips).
        sa.UniqueConstraint('network_id', 'address', 'deleted',
                            name='uniq_fixed_ips0network_id0address0deleted'),
        sa.Index('fixed_ips_network_id_instance_uuid_idx', 'network_id',
                 'instance_uuid'),
        sa.Index('fixed_ips_instance_uuid_idx', 'instance_uuid'),
        sa.Index('fixed_ips_subnet_id_idx', 'subnet_id'),
        sa.Index('fixed_ips_virtual_interface_id_idx',
                 'virtual_interface_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    address = sa.Column(sa.String(39), nullable=False)
    network_id = sa.Column(sa.Integer,
                           sa.ForeignKey('networks.id', ondelete='CASCADE'),
                           nullable=False)
    virtual_interface_id = sa.Column(sa.Integer)
    instance_uuid = sa.Column(sa.String(36))
    allocated = sa.Column(sa.Boolean, nullable=False, default=False)
    leased = sa.Column(sa.Boolean, nullable=False, default=False)
    reserved = sa.Column(sa.Boolean, nullable=False, default=False)
    host = sa.Column(sa.String(255))
    # The subnets row of the address (NULL only on rows made before 0019
    # that the migration could not place).
    subnet_id = sa.Column(sa.Integer)


class VirtualInterface(Base, ModelBase, SoftDeleteMixin):
    """A guest's network card on one network, with its MAC address."""
    __tablename__ = 'virtual_interfaces'
    __table_args__ = (
        sa.UniqueConstraint('address', 'deleted',
                            name='uniq_virtual_interfaces0address0deleted'),
        sa.Index('virtual_interfaces_instance_uuid_idx', 'instance_uuid'),
        sa.Index('virtual_interfaces_network_id_idx', 'network_id'),
        sa.Index('virtual_interfaces_project_id_idx', 'project_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    address = sa.Column(sa.String(255), nullable=False)
    network_id = sa.Column(sa.Integer)
    # NULL while the port (made by the Neutron API) is on no server.
    instance_uuid = sa.Column(sa.String(36))
    tag = sa.Column(sa.String(255))
    # Neutron API attributes (issue 13). project_id is NULL on interfaces
    # made before them: their server's project owns them. device_id and
    # device_owner are what the port says while it is on no server.
    project_id = sa.Column(sa.String(255))
    name = sa.Column(sa.String(255))
    description = sa.Column(sa.String(255))
    device_id = sa.Column(sa.String(255))
    device_owner = sa.Column(sa.String(255))
    binding_host = sa.Column(sa.String(255))
    admin_state_up = sa.Column(sa.Boolean, nullable=False, default=True,
                               server_default=sa.true())
    port_security_enabled = sa.Column(sa.Boolean, nullable=False,
                                      default=True, server_default=sa.true())
    allowed_address_pairs = sa.Column(sa.Text)
    # A port the user made and passed to a server: the server's delete
    # takes it off the server instead of deleting it.
    preserve_on_delete = sa.Column(sa.Boolean, nullable=False,
                                   default=False, server_default=sa.false())


class PortSecurityGroup(Base, ModelBase, TimestampMixin):
    """A security group of a port (the Neutron API's security_groups of
    a port on no server; a server's ports share its groups)."""
    __tablename__ = 'port_security_groups'
    __table_args__ = (
        sa.UniqueConstraint('port_id', 'security_group_id',
                            name='uniq_port_security_groups0port0group'),
        sa.Index('port_security_groups_security_group_id_idx',
                 'security_group_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    port_id = sa.Column(
        sa.Integer, sa.ForeignKey('virtual_interfaces.id',
                                  ondelete='CASCADE'), nullable=False)
    security_group_id = sa.Column(
        sa.Integer, sa.ForeignKey('security_groups.id', ondelete='CASCADE'),
        nullable=False)


class FloatingIp(Base, ModelBase, SoftDeleteMixin):
    """A public address of a pool: a project's while project_id is set,
    routed to fixed_ip_id while associated."""
    __tablename__ = 'floating_ips'
    __table_args__ = (
        sa.UniqueConstraint('address', 'deleted',
                            name='uniq_floating_ips0address0deleted'),
        sa.Index('floating_ips_pool_project_id_idx', 'pool', 'project_id'),
        sa.Index('floating_ips_fixed_ip_id_idx', 'fixed_ip_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    address = sa.Column(sa.String(39), nullable=False)
    fixed_ip_id = sa.Column(sa.Integer)
    project_id = sa.Column(sa.String(255))
    host = sa.Column(sa.String(255))
    auto_assigned = sa.Column(sa.Boolean, nullable=False, default=False)
    pool = sa.Column(sa.String(255), nullable=False)
    interface = sa.Column(sa.String(255))
    # The Neutron API's id of the floating IP.
    uuid = sa.Column(sa.String(36), nullable=False, unique=True,
                     default=uuidutils.generate_uuid)


class SecurityGroup(Base, ModelBase, SoftDeleteMixin):
    """A project's named set of allow rules for its guests' traffic."""
    __tablename__ = 'security_groups'
    __table_args__ = (
        sa.UniqueConstraint('project_id', 'name', 'deleted',
                            name='uniq_security_groups0project_id0name0'
                                 'deleted'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    description = sa.Column(sa.String(255))
    user_id = sa.Column(sa.String(255))
    project_id = sa.Column(sa.String(255), nullable=False)
    # The Neutron API's id of the group.
    uuid = sa.Column(sa.String(36), nullable=False, unique=True,
                     default=uuidutils.generate_uuid)


class SecurityGroupRule(Base, ModelBase, TimestampMixin):
    """Traffic allowed in from (or out to) a CIDR or the members of
    another group."""
    __tablename__ = 'security_group_rules'
    __table_args__ = (
        sa.Index('security_group_rules_parent_group_id_idx',
                 'parent_group_id'),
        sa.Index('security_group_rules_group_id_idx', 'group_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    parent_group_id = sa.Column(
        sa.Integer, sa.ForeignKey('security_groups.id', ondelete='CASCADE'),
        nullable=False)
    protocol = sa.Column(sa.String(255))
    from_port = sa.Column(sa.Integer)
    to_port = sa.Column(sa.Integer)
    # ingress or egress (0023; egress rules come from the Neutron API).
    direction = sa.Column(sa.String(7), nullable=False, default='ingress',
                          server_default='ingress')
    # The remote end: the source of ingress, the destination of egress.
    # NULL with no group_id: any address of the rule's ethertype (a
    # Neutron rule created without remote_ip_prefix).
    cidr = sa.Column(sa.String(43))
    group_id = sa.Column(sa.Integer)
    # IPv4 or IPv6; NULL on rows older than 0018 (the cidr tells).
    ethertype = sa.Column(sa.String(6))
    # The protocol as the Neutron API was given it ('17'); protocol keeps
    # the name the data plane filters ('udp'). NULL: shown as protocol.
    neutron_protocol = sa.Column(sa.String(40))
    # The Neutron API's id of the rule.
    uuid = sa.Column(sa.String(36), nullable=False, unique=True,
                     default=uuidutils.generate_uuid)


class SecurityGroupInstanceAssociation(Base, ModelBase, TimestampMixin):
    __tablename__ = 'security_group_instance_association'
    __table_args__ = (
        sa.UniqueConstraint('security_group_id', 'instance_uuid',
                            name='uniq_security_group_instance0group0'
                                 'instance'),
        sa.Index('security_group_instance_association_instance_uuid_idx',
                 'instance_uuid'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    security_group_id = sa.Column(
        sa.Integer, sa.ForeignKey('security_groups.id', ondelete='CASCADE'),
        nullable=False)
    instance_uuid = sa.Column(sa.String(36), nullable=False)


class SecurityGroupDefaultRule(Base, ModelBase, TimestampMixin):
    """A rule copied into every new 'default' security group."""
    __tablename__ = 'security_group_default_rules'
    id = sa.Column(sa.Integer, primary_key=True)
    protocol = sa.Column(sa.String(5))
    from_port = sa.Column(sa.Integer)
    to_port = sa.Column(sa.Integer)
    cidr = sa.Column(sa.String(43))


class DnsDomain(Base, ModelBase, TimestampMixin):
    """A DNS domain for floating IP names: private to a zone or public to
    a project."""
    __tablename__ = 'dns_domains'
    domain = sa.Column(sa.String(255), primary_key=True)
    scope = sa.Column(sa.String(255))
    availability_zone = sa.Column(sa.String(255))
    project_id = sa.Column(sa.String(255))


class DnsEntry(Base, ModelBase, TimestampMixin):
    """A name in a DNS domain pointing at an address."""
    __tablename__ = 'dns_entries'
    __table_args__ = (
        sa.UniqueConstraint('domain', 'name',
                            name='uniq_dns_entries0domain0name'),
        sa.Index('dns_entries_address_idx', 'address'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    domain = sa.Column(sa.String(255),
                       sa.ForeignKey('dns_domains.domain',
                                     ondelete='CASCADE'),
                       nullable=False)
    name = sa.Column(sa.String(255), nullable=False)
    address = sa.Column(sa.String(39), nullable=False)
    type = sa.Column(sa.String(5), nullable=False, default='A')


class AutoAllocatedTopology(Base, ModelBase, TimestampMixin):
    """The network a project was given automatically (API 2.37 "auto",
    Neutron's auto-allocated-topology); the project id as primary key
    makes a second, concurrent allocation for a project fail."""
    __tablename__ = 'auto_allocated_topologies'
    project_id = sa.Column(sa.String(255), primary_key=True)
    network_uuid = sa.Column(sa.String(36), nullable=False)
