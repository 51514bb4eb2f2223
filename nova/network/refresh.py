"""Telling compute hosts to re-plug instances whose networking changed
(addresses, floating IPs, security groups or their rules)."""

import sqlalchemy as sa

from nova.compute import rpcapi as compute_rpcapi
from nova.db import api as db_api
from nova.db import network_models as nm
from nova import objects

_RPC = None


def _compute():
    global _RPC
    if _RPC is None:
        _RPC = compute_rpcapi.ComputeAPI()
    return _RPC


def instance(context, inst):
    """Re-plug one instance where it runs (nothing when not placed)."""
    if inst.host:
        _compute().refresh_instance_network(context, inst)


@db_api.reader
def _affected(context, group_ids):
    """Members of the groups, and of groups with rules naming them."""
    rule = nm.SecurityGroupRule
    referring = context.session.execute(sa.select(
        rule.parent_group_id).where(rule.group_id.in_(group_ids))).scalars()
    ids = set(group_ids) | set(referring)
    member = nm.SecurityGroupInstanceAssociation
    return sorted(set(context.session.execute(sa.select(
        member.instance_uuid).where(
        member.security_group_id.in_(ids))).scalars()))


def groups(context, group_ids):
    """Re-plug every instance whose firewall depends on these groups."""
    uuids = _affected(context, list(group_ids))
    if not uuids:
        return
    for inst in objects.InstanceList.get_by_filters(
            context.elevated(), {'uuid': uuids}, expected_attrs=[]):
        instance(context, inst)


def networks(context, network_ids):
    """Re-plug every instance with an address on these networks (row
    ids): a subnet came or went, and the bridge, DHCP and NAT serve
    each subnet of a network."""
    from nova.db import networks as networks_db
    uuids = set()
    for network_id in network_ids:
        uuids |= networks_db.instance_uuids_on_network(context, network_id)
    if not uuids:
        return
    for inst in objects.InstanceList.get_by_filters(
            context.elevated(), {'uuid': sorted(uuids)}, expected_attrs=[]):
        instance(context, inst)
