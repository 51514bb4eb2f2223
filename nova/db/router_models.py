"""Models of the Neutron API's routers: a router and its interfaces.

A router joins subnets (its interfaces, each holding the subnet's
gateway address) to an external network (its gateway, holding one
address of that network, taken out of its floating pool). A subnet is
an interface of one router at most: subnet_id is unique.
"""

import sqlalchemy as sa

from nova.db.models import Base, ModelBase, TimestampMixin


class Router(Base, ModelBase, TimestampMixin):
    __tablename__ = 'routers'
    __table_args__ = (
        sa.Index('routers_project_id_idx', 'project_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    name = sa.Column(sa.String(255), nullable=False, default='')
    description = sa.Column(sa.String(255), nullable=False, default='')
    project_id = sa.Column(sa.String(255))
    admin_state_up = sa.Column(sa.Boolean, nullable=False, default=True)
    # The external gateway: its network, address and source NAT.
    gateway_network_id = sa.Column(sa.String(36))
    gateway_subnet_id = sa.Column(sa.String(36))
    gateway_ip = sa.Column(sa.String(39))
    enable_snat = sa.Column(sa.Boolean, nullable=False, default=True)


class RouterInterface(Base, ModelBase, TimestampMixin):
    __tablename__ = 'router_interfaces'
    id = sa.Column(sa.Integer, primary_key=True)
    router_id = sa.Column(sa.Integer, sa.ForeignKey(
        'routers.id', ondelete='CASCADE'), nullable=False, index=True)
    port_id = sa.Column(sa.String(36), nullable=False, unique=True)
    subnet_id = sa.Column(sa.String(36), nullable=False, unique=True)
    network_id = sa.Column(sa.String(36), nullable=False, index=True)
    cidr = sa.Column(sa.String(43), nullable=False)
    ip_address = sa.Column(sa.String(39), nullable=False)
    mac_address = sa.Column(sa.String(17), nullable=False)


class RouterGatewayIp(Base, ModelBase, TimestampMixin):
    """An IPv6 address of a router's gateway (0024). Its claim is the
    fixed_ips row of the external network that holds it, so that no port
    or other gateway takes it; the IPv4 address stays routers.gateway_ip,
    the one the data plane source-NATs to."""
    __tablename__ = 'router_gateway_ips'
    __table_args__ = (
        sa.UniqueConstraint('subnet_id', 'ip_address',
                            name='uniq_router_gateway_ips0subnet0address'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    router_id = sa.Column(sa.Integer, sa.ForeignKey(
        'routers.id', ondelete='CASCADE'), nullable=False, index=True)
    subnet_id = sa.Column(sa.String(36), nullable=False)
    ip_address = sa.Column(sa.String(39), nullable=False)
