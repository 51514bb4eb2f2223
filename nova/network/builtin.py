"""The built-in (nova-network style) implementation of the network API.

Networks, fixed and floating IPs and security groups live in the compute
database. Addresses are allocated by nova-api when it records a new
server (see allocate_for_instance), and freed by instance_destroy in the
transaction that deletes the instance.
"""

import ipaddress

from oslo_log import log as logging
from oslo_utils import uuidutils

import nova.conf
from nova import exception
from nova import lazy_import
from nova.network import api
from nova.network import auto_allocate
from nova.network import builtin_floating
from nova.network import builtin_networks
from nova.network import builtin_security_groups
from nova.network import errors
from nova.network import model
from nova.network import security_group_rules as sg_rules
from nova import objects
from nova import quota

floating_db = lazy_import.module('nova.db.floating_ips')
allocate_db = lazy_import.module('nova.db.address_allocation')
networks_db = lazy_import.module('nova.db.networks')
ports_db = lazy_import.module('nova.db.ports')
groups_db = lazy_import.module('nova.db.security_groups')
subnets_db = lazy_import.module('nova.db.subnets')
refresh = lazy_import.module('nova.network.refresh')
# The Neutron API's subnets module (subnet ids), which nova-compute does
# not load.
subnets_res = lazy_import.module('nova.network.resources.subnets')

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def network_for_caller(context, network_uuid):
    """A network the caller may use: its project's or one of no project."""
    network = networks_db.network_get_by_uuid(context, network_uuid)
    if not context.is_admin and network.project_id not in (
            None, context.project_id):
        raise errors.NetworkNotFoundForProject(network_id=network_uuid)
    return network


def _with_subnet_ids(vif, network, rows):
    """The vif's subnets with their Neutron API ids (os-interface shows
    them, as the Neutron backend's network_info has them); rows: the
    network's subnets rows (no IPv4 one: its IPv4 range is its own)."""
    rows = rows or []
    ids = {row.cidr: row.uuid for row in rows}
    if network.cidr and network.cidr not in ids:
        ids[network.cidr] = subnets_res.subnet_id(network, 4, {})
    for subnet in vif['network']['subnets']:
        subnet['id'] = ids.get(subnet['cidr'])
    return vif


def _with_routers(context, info):
    """network_info with each subnet's router (None when on none): the
    data plane's NAT follows it (nova.network.firewall.subnet_router).
    The network keeps a 'router' too, for a nova-compute of the release
    before, which reads only that one: its first routed subnet's."""
    from nova.network.resources import routers as routers_res
    networks = {vif['network']['id'] for vifs in info.values()
                for vif in vifs}
    routers = routers_res.data_plane(context, networks) if networks else {}
    for vifs in info.values():
        for vif in vifs:
            net = vif['network']
            by_cidr = routers.get(net['id'], {})
            # Every subnet of the network first (the same for each of
            # its guests: an older nova-compute's NAT of the network
            # stays put whichever plugs), IPv4 ones first (it NATs only
            # those).
            every = (net.get('ranges', []) + net['subnets'] +
                     net.get('ranges6', []))
            for subnet in every:
                subnet['router'] = by_cidr.get(subnet['cidr'])
            net['router'] = next((s['router'] for s in sorted(
                every, key=lambda s: s['version']) if s['router']), None)
    return info


def _check_reachable(context, row, info, fixed_address):
    """A floating IP of an external network reaches a fixed IP only
    through a router joining the address's subnet to that network, as
    the Neutron API's association checks (nova.network.resources.
    floating_ips); refused with Neutron's message, as the Neutron
    backend refuses it."""
    from nova.network.resources import floating_ips as floating_res
    from nova.network.resources import routers as routers_res
    for vif in info:
        for subnet in vif['network']['subnets']:
            if subnet.get('id') and any(
                    ip['address'] == fixed_address for ip in subnet['ips']):
                port = {'id': vif['id'], 'fixed_ips': [{
                    'subnet_id': subnet.get('id'),
                    'ip_address': fixed_address}]}
                try:
                    floating_res.check_reachable(context, row, port,
                                                 fixed_address)
                except routers_res.ExternalGatewayForFloatingIPNotFound as e:
                    raise exception.InvalidInput(reason=e.format_message())
                return


class _Validated(list):
    """Requested networks with what their validation found (validated:
    (requests, networks) as allocate_for_instance takes them)."""

    def __init__(self, requested, validated):
        super().__init__(requested)
        self.validated = validated


class BuiltinNetworkAPI(builtin_networks.NetworksMixin,
                        builtin_floating.FloatingMixin,
                        builtin_security_groups.SecurityGroupsMixin,
                        api.NetworkAPI):

    # Servers' interfaces ----------------------------------------------------

    def validate_networks(self, context, requested_networks, networks=None):
        """[(network row id, address)] for the requested networks, (None,
        None, port uuid) for the ports; networks ({}), if given, gets
        {row id: network row} of the networks read."""
        requests = []
        # A network named twice gives the server two interfaces on it, in
        # the order asked (as upstream with Neutron).
        for request in requested_networks or []:
            if len(request) > 2:
                requests.append(self._free_port(context, request[2]))
                continue
            network_uuid, address = request
            network = network_for_caller(context, network_uuid)
            if networks is not None:
                networks[network.id] = network
            if address is not None:
                try:
                    ip = ipaddress.ip_address(address)
                except ValueError:
                    raise errors.FixedIpInvalid(address=address)
                if not any(ip in ipaddress.ip_network(s.cidr) for s in
                           subnets_db.subnets_of(context, [network.id],
                                                 version=None)
                           .get(network.id, [])):
                    raise errors.FixedIpNotInNetwork(
                        address=address, network_id=network_uuid,
                        cidr=network.cidr)
            requests.append((network.id, address))
        return requests

    def _free_port(self, context, port_uuid):
        """(None, None, port uuid) of a port of the caller's on no
        server; PortNotFound or PortInUse otherwise."""
        row = ports_db.ports(context, vif_uuid=port_uuid)
        if not row or not (context.is_admin or ports_db.owner(row[0]) ==
                           context.project_id):
            raise errors.PortNotFound(port_id=port_uuid)
        vif = row[0][0]
        if vif.instance_uuid or vif.device_id:
            raise errors.PortInUse(port_id=port_uuid,
                                   device_id=vif.instance_uuid or
                                   vif.device_id)
        return (None, None, port_uuid)

    def networks_for_auto(self, context):
        # As Neutron's "auto": networks being set up (admin down) are no
        # candidates.
        usable = [n for n in networks_db.networks_for_boot(
            context, context.project_id) if n.admin_state_up]
        if len(usable) > 1:
            raise errors.NetworkAmbiguous()
        if not usable:
            return [(auto_allocate.get_or_create_topology(
                context, context.project_id).uuid, None)]
        # Networks of the project or of none, just read: valid for the
        # caller as validate_networks would find them.
        return _Validated([(n.uuid, None) for n in usable],
                          ([(n.id, None) for n in usable],
                           {n.id: n for n in usable}))

    def allocate_for_instance(self, context, instance, requested_networks,
                              security_groups, new=False):
        """requested_networks: [(network uuid, address)], or None for the
        default networks; security_groups: resolve_security_groups()'s.
        new: the instance was inserted in the caller's writer transaction,
        which the allocation joins (see allocates_in_caller_transaction).
        """
        allocate = (allocate_db.allocate_for_new_instance if new
                    else allocate_db.allocate_for_instance)
        group_ids = [g.id for g in security_groups]
        if requested_networks is None:
            # The default networks are read (and their addresses counted
            # against the quota) in the allocation's transaction.
            allocate(
                context, instance.uuid, None,
                security_group_ids=list(dict.fromkeys(group_ids)),
                check_count=lambda n: self._check_fixed_ip_quota(
                    context, n))
            return
        validated = getattr(requested_networks, 'validated', None)
        if validated is None:
            validated = self._validated(context, requested_networks)
        requests, networks = validated
        owner = 'compute:%s' % (instance.availability_zone or 'nova')
        requests = [r + (owner,) if len(r) == 3 else r for r in requests]
        ports = [r[2] for r in requests if len(r) > 2]
        group_ids += [
            g for ids in ports_db.group_ids_by_uuid(context, ports).values()
            for g in ids]
        self._check_fixed_ip_quota(context, len(requests) - len(ports))
        # The groups with the addresses: one transaction, not one more.
        allocate(context, instance.uuid, requests,
                 security_group_ids=list(dict.fromkeys(group_ids)),
                 networks=networks)

    # Addresses are rows of the compute database: a create allocates
    # them in the transaction that writes its instance rows.
    allocates_in_caller_transaction = True

    def _validated(self, context, requested_networks):
        """validate_networks()'s requests and {row id: network row} of
        the networks they name (read by the validation)."""
        networks = {}
        requests = self.validate_networks(context, requested_networks,
                                          networks=networks)
        return requests, networks

    def validated_requests(self, context, requested_networks):
        """requested_networks, validated (as validate_networks does),
        carrying what the validation read for allocate_for_instance (so
        a create validates them once)."""
        return _Validated(requested_networks,
                          self._validated(context, requested_networks))

    supports_interface_tags = True

    def tag_interfaces(self, context, instance_uuid, tags):
        networks_db.tag_interfaces(context, instance_uuid, tags)

    def _check_fixed_ip_quota(self, context, count):
        if not count:
            return
        try:
            quota.check_deltas(context, {'fixed_ips': count})
        except exception.OverQuota:
            raise errors.FixedIpLimitExceeded()

    def resolve_security_groups(self, context, project_id, names):
        """The groups named (default: ['default']) of the project; a name
        may be a group's id too, as with Neutron (the openstack CLI sends
        ids)."""
        names = list(names or [groups_db.DEFAULT])
        groups = []
        for name in dict.fromkeys(names):
            if name == groups_db.DEFAULT:
                groups.append(groups_db.ensure_default(
                    context, project_id, context.user_id))
                continue
            try:
                group = groups_db.get_by_name(context, project_id, name)
            except errors.SecurityGroupNotFoundForProject:
                group = self._group_by_id(context, project_id, name)
            if group is None:
                raise errors.InvalidSecurityGroup(
                    reason='security group %s does not exist in your '
                           'project' % name)
            if group.id not in [g.id for g in groups]:
                groups.append(group)
        return groups

    @staticmethod
    def _group_by_id(context, project_id, group_uuid):
        if not uuidutils.is_uuid_like(group_uuid):
            return None
        try:
            group = groups_db.get_by_uuid(context, group_uuid)
        except errors.SecurityGroupNotFound:
            return None
        return group if group.project_id == project_id else None

    def deallocate_for_instance(self, context, instance):
        # instance_destroy frees everything in its own transaction.
        pass

    def bind_to_host(self, context, instance):
        # Addresses do not depend on the host (see nova.network.boot).
        pass

    binding_changes_network_info = False

    def vif_plug_events(self, context, instance):
        # nova-compute plugs the interfaces itself: nothing to wait for.
        return []

    def release_for_failed_build(self, context, instance):
        # Kept until the server is deleted (see nova.network.boot).
        pass

    def get_network_info(self, context, instance_uuids):
        rows = networks_db.interfaces_by_instances(context, instance_uuids)
        subnets = subnets_db.subnets_of(context, {
            entry[1].id for entries in rows.values() for entry in entries},
            version=None)
        info = {uuid: [_with_subnet_ids(
            model.vif(*entry, subnets=subnets.get(entry[1].id)), entry[1],
            subnets.get(entry[1].id))
                       for entry in entries]
                for uuid, entries in rows.items()}
        return _with_routers(context, info)

    def get_addresses(self, context, instance_uuids):
        # From the rows: no network_info entries (subnet ids, routers,
        # DNS, ...) built for a list that shows only addresses.
        rows = networks_db.interfaces_by_instances(context, instance_uuids)
        subnets = subnets_db.subnets_of(context, {
            entry[1].id for entries in rows.values() for entry in entries},
            version=None)
        result = {}
        for uuid, entries in rows.items():
            listed = result[uuid] = []
            for vif_row, network, fixed_rows, floating in entries:
                label, mac = network.label, vif_row.address
                for fixed in model.listed_fixed_rows(
                        network, fixed_rows, subnets.get(network.id)):
                    listed.append((label, mac, fixed.address,
                                   floating.get(fixed.id, ())))
        return result

    def get_security_groups(self, context, instance_uuids):
        rows = groups_db.groups_by_instances(context, instance_uuids)
        # One dict per group, shared by its instances (read only): a page
        # of servers is mostly in one group.
        views = {}
        for groups in rows.values():
            for g in groups:
                if g.id not in views:
                    views[g.id] = {'id': g.id, 'name': g.name}
        return {uuid: [views[g.id] for g in groups]
                for uuid, groups in rows.items()}

    def add_fixed_ip(self, context, instance, network_uuid):
        network = network_for_caller(context, network_uuid)
        self._check_fixed_ip_quota(context, 1)
        vif = allocate_db.add_interface(context, instance.uuid,
                                        network.uuid)
        refresh.instance(context, instance)
        return vif

    def remove_fixed_ip(self, context, instance, address):
        allocate_db.remove_fixed_ip(context, instance.uuid, address)
        refresh.instance(context, instance)

    def attach_interface(self, context, instance, network_uuid,
                         address=None, tag=None):
        network = network_for_caller(context, network_uuid)
        if address is not None:
            self.validate_networks(context, [(network_uuid, address)])
        self._check_fixed_ip_quota(context, 1)
        vif = allocate_db.add_interface(context, instance.uuid,
                                        network.uuid, address, tag=tag)
        refresh.instance(context, instance)
        return vif

    def attach_port(self, context, instance, port_id, tag=None):
        """Put a port of the caller's on no server on the instance."""
        self._free_port(context, port_id)
        owner = 'compute:%s' % (instance.availability_zone or 'nova')
        vif = allocate_db.bind_port(context, instance.uuid, port_id, owner,
                                    tag=tag)
        for ids in ports_db.group_ids_by_uuid(context, [port_id]).values():
            for group_id in ids:
                groups_db.add_instance(context, group_id, instance.uuid)
        refresh.instance(context, instance)
        return vif

    def detach_interface(self, context, instance, port_id):
        allocate_db.remove_interface(context, instance.uuid, port_id)
        refresh.instance(context, instance)

    def instance_uuid_by_fixed_ip(self, context, address, network_id=None):
        return networks_db.instance_uuid_by_fixed_ip(context, address,
                                                     network_id)

    # Floating IPs -------------------------------------------------------

    def allocate_floating_ip(self, context, pool=None, address=None):
        pool = pool or CONF.network.default_floating_pool
        try:
            quota.check_deltas(context, {'floating_ips': 1})
        except exception.OverQuota:
            raise errors.FloatingIpLimitExceeded()
        row = floating_db.allocate(context, context.project_id, pool,
                                   address=address)
        # Parallel requests all passed the count: recount in turns and
        # give ours back if the others took the room.
        limit = quota.project_limits(context,
                                     context.project_id)['floating_ips']
        if not floating_db.keep_within(context, context.project_id,
                                       row.address, limit):
            raise errors.FloatingIpLimitExceeded()
        return row

    def get_floating_ip_for_caller(self, context, floating_id=None,
                                   address=None):
        try:
            row = (floating_db.get_by_id(context, floating_id)
                   if floating_id is not None
                   else floating_db.get_by_address(context, address))
        except (errors.FloatingIpNotFound,
                errors.FloatingIpNotFoundForAddress):
            raise
        if row.project_id != context.project_id and not (
                context.is_admin and row.project_id):
            if floating_id is not None:
                raise errors.FloatingIpNotFound(id=floating_id)
            raise errors.FloatingIpNotFoundForAddress(address=address)
        return row

    def release_floating_ip(self, context, address):
        row = self.get_floating_ip_for_caller(context, address=address)
        bound = floating_db.fixed_info(context, [row]).get(row.fixed_ip_id)
        floating_db.deallocate(context, address)
        if bound and bound[1]:
            refresh.instance(context, objects.Instance.get_by_uuid(
                context.elevated(), bound[1]))

    def associate_floating_ip(self, context, instance, floating_address,
                              fixed_address=None, port_id=None):
        row = self.get_floating_ip_for_caller(context,
                                              address=floating_address)
        info = self.get_network_info(context, [instance.uuid])[
            instance.uuid]
        if fixed_address is None:
            fixed = [ip for ip in model.fixed_ips(info)
                     if ip['version'] == 4]
            if not fixed:
                raise exception.InvalidInput(
                    reason='No nw_info cache associated with instance: '
                           'the server has no fixed IP to route the '
                           'floating IP to.')
            fixed_address = fixed[0]['address']
        _check_reachable(context, row, info, fixed_address)
        previous = floating_db.associate(context, floating_address,
                                         fixed_address, instance.uuid,
                                         port_id)
        refresh.instance(context, instance)
        if previous and previous[1] not in (None, instance.uuid):
            # Moved from another server: its addresses and NAT change too.
            refresh.instance(context, objects.Instance.get_by_uuid(
                context.elevated(), previous[1]))
        return previous and previous[0]

    def disassociate_floating_ip(self, context, instance, address):
        self.get_floating_ip_for_caller(context, address=address)
        fixed = floating_db.disassociate(context, address, instance.uuid)
        refresh.instance(context, instance)
        return fixed

    # Data plane ----------------------------------------------------------

    def get_firewall_rules(self, context, instance_uuid):
        """What an instance's groups allow, remote addresses resolved:
        [{'direction', 'protocol', 'from_port', 'to_port', 'sources'
        (ingress) or 'destinations' (egress): [CIDR...]}]; a
        group-to-group rule's addresses are the member servers' fixed
        IPs."""
        groups = groups_db.groups_by_instances(
            context, [instance_uuid])[instance_uuid]
        rules = groups_db.rules_of(context, [g.id for g in groups],
                                   direction=None)
        members = {}
        result = []
        for rule in (r for rs in rules.values() for r in rs):
            if rule.group_id:
                # The members' addresses of the rule's family only.
                version = 6 if sg_rules.ethertype(rule) == 'IPv6' else 4
                key = (rule.group_id, version)
                if key not in members:
                    uuids = groups_db.instance_uuids_of(context,
                                                        rule.group_id)
                    info = self.get_network_info(context, uuids)
                    members[key] = sorted(
                        '%s/%d' % (ip['address'], 32 if version == 4
                                   else 128)
                        for vifs in info.values()
                        for ip in model.fixed_ips(vifs)
                        if ip['version'] == version)
                addresses = members[key]
            else:
                addresses = [sg_rules.normalized_cidr(
                    sg_rules.source_cidr(rule))]
            entry = {'direction': rule.direction, 'protocol': rule.protocol,
                     'from_port': rule.from_port, 'to_port': rule.to_port,
                     'sources': addresses}
            if rule.direction == 'egress':
                # No sources: a nova-compute older than egress rules
                # (conductors upgrade first) reads every rule as ingress.
                entry.update(sources=[], destinations=addresses)
            result.append(entry)
        return result
