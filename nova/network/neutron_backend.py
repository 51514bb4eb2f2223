"""The Neutron backend of the network API ([network] backend = neutron):
servers' ports, networks, floating IPs and security groups live in a
Neutron v2.0 service Nova reaches over HTTP (nova.network.neutron_client).

Port lifecycle, as upstream Nova follows it: nova-api creates a port per
requested network (or takes the user's port) with device_id the server
and device_owner compute:<zone>; nova-compute sets binding:host_id when
the server lands on its host (bind_to_host) and builds network_info from
the port; deleting the server deletes the ports Nova made and gives the
user's back (device_id, device_owner and binding:host_id cleared). The
ports the user made are remembered in the server's system metadata.
"""

import types

from oslo_log import log as logging

import nova.conf
from nova import exception
from nova.network import api
from nova.network import errors
from nova.network import neutron_client
from nova.network import neutron_floating
from nova.network import neutron_model
from nova.network import neutron_security_groups
from nova.network import refresh

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# System metadata key: the ports the user made (comma separated), kept on
# the server's delete.
PRESERVE_KEY = 'neutron_preserve_ports'


def _owner(instance):
    return 'compute:%s' % (instance.availability_zone or 'nova')


def _record(values):
    return types.SimpleNamespace(**values)


def _os_network(network, subnets):
    """A Neutron network as the os-networks records look."""
    v4 = [s for s in subnets if s.get('ip_version') == 4]
    v6 = [s for s in subnets if s.get('ip_version') == 6]
    return _record({
        'id': network['id'], 'uuid': network['id'],
        'label': network.get('name'),
        'cidr': v4[0]['cidr'] if v4 else None,
        'cidr_v6': v6[0]['cidr'] if v6 else None,
        'gateway': v4[0].get('gateway_ip') if v4 else None,
        'gateway_v6': v6[0].get('gateway_ip') if v6 else None,
        'dns1': (v4[0].get('dns_nameservers') or [None])[0] if v4 else None,
        'dns2': None, 'project_id': network.get('project_id'),
        'host': None, 'vlan': network.get('provider:segmentation_id'),
        'bridge': None, 'bridge_interface': None, 'multi_host': False,
        'mtu': network.get('mtu'), 'injected': False,
        'enable_dhcp': bool(v4 and v4[0].get('enable_dhcp')),
        'dhcp_server': None, 'share_address': False,
        'admin_state_up': network.get('admin_state_up', True),
        'shared': network.get('shared', False),
        'created_at': None, 'updated_at': None, 'deleted_at': None,
        'deleted': False, 'priority': None, 'rxtx_base': None,
        'vpn_public_address': None, 'vpn_public_port': None,
        'vpn_private_address': None, 'dhcp_start': None,
        'broadcast': None, 'netmask': None, 'netmask_v6': None})


def _check_bound(port, host):
    """Raise PortBindingFailed when Neutron could not bind port to host
    (a binding_failed port has no VIF anyone could plug)."""
    if host and port.get('binding:vif_type') == 'binding_failed':
        raise errors.PortBindingFailed(port_id=port['id'], host=host)


def _floating_ips(admin, port_ids):
    """The floating IPs of ports; none when the Neutron has no L3
    service (no router service plugin: /floatingips answers 404)."""
    try:
        return admin.list('floatingips', port_id=port_ids)
    except neutron_client.NeutronError as error:
        if neutron_client.not_found(error):
            return []
        raise


class NeutronNetworkAPI(neutron_floating.FloatingMixin,
                        neutron_security_groups.SecurityGroupsMixin,
                        api.NetworkAPI):

    def _client(self, context, admin=False):
        return neutron_client.Client(context, admin=admin)

    def _admin(self):
        return neutron_client.Client(admin=True)

    # Networks --------------------------------------------------------

    def _network(self, context, network_id):
        """The network if the caller may use it (its project's, shared,
        or any for administrators)."""
        try:
            network = self._client(context).get(
                '/networks/%s' % network_id)['network']
        except neutron_client.NeutronError as error:
            if neutron_client.not_found(error):
                raise errors.NetworkNotFound(network_id=network_id)
            raise
        if not (context.is_admin or network.get('shared') or
                network.get('project_id') == context.project_id):
            raise errors.NetworkNotFoundForProject(network_id=network_id)
        return network

    def _usable_networks(self, context):
        """The project's networks and the shared ones (not external)."""
        client = self._client(context)
        own = client.list('networks', project_id=context.project_id)
        shared = client.list('networks', shared='True')
        found = {}
        for network in own + shared:
            if not network.get('router:external'):
                found[network['id']] = network
        return list(found.values())

    def get_networks(self, context, project_id=None):
        client = self._admin()
        filters = {'project_id': project_id} if project_id else {}
        networks = client.list('networks', **filters)
        subnets = client.list('subnets')
        return [_os_network(n, [s for s in subnets
                                if s['network_id'] == n['id']])
                for n in networks]

    def get_network(self, context, network_uuid):
        client = self._admin()
        try:
            network = client.get('/networks/%s' % network_uuid)['network']
        except neutron_client.NeutronError as error:
            if neutron_client.not_found(error):
                raise errors.NetworkNotFound(network_id=network_uuid)
            raise
        return _os_network(network, client.list('subnets',
                                                network_id=network_uuid))

    # Servers' interfaces ---------------------------------------------

    def _port(self, context, port_id, admin=False):
        try:
            return self._client(context, admin=admin).get(
                '/ports/%s' % port_id)['port']
        except neutron_client.NeutronError as error:
            raise neutron_client.translate_port_error(error, port_id)

    def _free_port(self, context, port_id):
        port = self._port(context, port_id)
        if not context.is_admin and port.get('project_id') not in (
                None, context.project_id):
            raise errors.PortNotFound(port_id=port_id)
        if port.get('device_id'):
            raise errors.PortInUse(port_id=port_id,
                                   device_id=port['device_id'])
        return port

    def validate_networks(self, context, requested_networks):
        # A network named twice: a port on it for each time.
        for request in requested_networks or []:
            if len(request) > 2:
                self._free_port(context, request[2])
                continue
            network_id, address = request
            self._network(context, network_id)
        return requested_networks

    def networks_for_auto(self, context):
        usable = [n for n in self._usable_networks(context)
                  if n.get('admin_state_up', True)]
        if len(usable) > 1:
            raise errors.NetworkAmbiguous()
        if usable:
            return [(n['id'], None) for n in usable]
        try:
            topology = self._client(context).get(
                '/auto-allocated-topology/%s' % context.project_id)
        except neutron_client.NeutronError as error:
            raise errors.AutoAllocationFailure(reason=error.format_message())
        return [(topology['auto_allocated_topology']['id'], None)]

    def _default_requests(self, context):
        networks = self._usable_networks(context)
        if len(networks) > 1:
            raise errors.NetworkAmbiguous()
        return [(n['id'], None) for n in networks]

    def allocate_for_instance(self, context, instance, requested_networks,
                              security_groups):
        if requested_networks is None:
            requested = self._default_requests(context)
        else:
            requested = self.validate_networks(context, requested_networks)
        group_ids = [g.id for g in security_groups or ()]
        admin = self._admin()
        preserved = []
        for request in requested:
            values = {'device_id': instance.uuid,
                      'device_owner': _owner(instance)}
            if len(request) > 2:
                admin.put('/ports/%s' % request[2], {'port': values})
                preserved.append(request[2])
                continue
            network_id, address = request
            values.update(network_id=network_id,
                          project_id=instance.project_id)
            if address:
                values['fixed_ips'] = [{'ip_address': address}]
            if group_ids:
                values['security_groups'] = group_ids
            try:
                admin.post('/ports', {'port': values})
            except neutron_client.NeutronError as error:
                raise self._port_create_error(error, network_id, address)
        if preserved:
            self._remember_preserved(instance, preserved)

    def _port_create_error(self, error, network_id, address):
        if error.kind == 'IpAddressAlreadyAllocated' or (
                address and error.code == 409):
            return errors.FixedIpAlreadyInUse(address=address,
                                              instance_uuid='')
        if error.kind == 'IpAddressGenerationFailure':
            return errors.NoMoreFixedIps(network=network_id)
        if error.kind == 'OverQuota':
            return errors.FixedIpLimitExceeded()
        return error

    def _preserved(self, instance):
        sysmeta = instance.system_metadata or {}
        return set(filter(None, (sysmeta.get(PRESERVE_KEY) or '').split(
            ',')))

    def _remember_preserved(self, instance, port_ids):
        sysmeta = dict(instance.system_metadata or {})
        ports = self._preserved(instance) | set(port_ids)
        sysmeta[PRESERVE_KEY] = ','.join(sorted(ports))
        instance.system_metadata = sysmeta
        instance.save()

    def _instance_ports(self, instance_uuids):
        if not instance_uuids:
            return []
        return self._admin().list('ports', device_id=list(instance_uuids))

    def bind_to_host(self, context, instance):
        """Bind the instance's ports to the host it runs on; a port no
        mechanism driver could bind fails the build (it is rescheduled)."""
        for port in self._instance_ports([instance.uuid]):
            if port.get('binding:host_id') != instance.host:
                port = self._admin().put('/ports/%s' % port['id'], {'port': {
                    'binding:host_id': instance.host}})['port']
            _check_bound(port, instance.host)

    def vif_plug_events(self, context, instance):
        return ['network-vif-plugged-%s' % port['id']
                for port in self._instance_ports([instance.uuid])
                if port.get('status') != 'ACTIVE']

    def _release(self, instance, port):
        """Delete a port Nova made; give a user's port back."""
        admin = self._admin()
        try:
            if port['id'] in self._preserved(instance):
                admin.put('/ports/%s' % port['id'], {'port': {
                    'device_id': '', 'device_owner': '',
                    'binding:host_id': ''}})
            else:
                admin.delete('/ports/%s' % port['id'])
        except neutron_client.NeutronError as error:
            if not neutron_client.not_found(error):
                raise

    def deallocate_for_instance(self, context, instance):
        for port in self._instance_ports([instance.uuid]):
            self._release(instance, port)

    def release_for_failed_build(self, context, instance):
        self.deallocate_for_instance(context, instance)

    def get_network_info(self, context, instance_uuids):
        info = {uuid: [] for uuid in instance_uuids}
        ports = self._instance_ports(instance_uuids)
        if not ports:
            return info
        admin = self._admin()
        network_ids = sorted({p['network_id'] for p in ports})
        networks = {n['id']: n for n in admin.list('networks',
                                                   id=network_ids)}
        subnets = admin.list('subnets', network_id=network_ids)
        floating = {}
        for fip in _floating_ips(admin, [p['id'] for p in ports]):
            floating.setdefault((fip['port_id'], fip['fixed_ip_address']),
                                []).append(fip['floating_ip_address'])
        for port in sorted(ports, key=lambda p: p.get('created_at') or ''):
            if port['device_id'] not in info:
                continue
            info[port['device_id']].append(neutron_model.vif(
                port, networks.get(port['network_id']),
                [s for s in subnets if s['network_id'] == port['network_id']],
                floating))
        return info

    def get_firewall_rules(self, context, instance_uuid):
        # Neutron enforces the security groups of its ports itself.
        return []

    def instance_uuid_by_fixed_ip(self, context, address, network_id=None):
        filters = {'fixed_ips': 'ip_address=%s' % address}
        if network_id is not None:
            filters['network_id'] = network_id
        for port in self._admin().list('ports', **filters):
            if (port.get('device_owner') or '').startswith('compute:'):
                return port['device_id']
        return None

    def get_vifs(self, context, instance_uuid):
        return [{'id': p['id'], 'address': p['mac_address'],
                 'net_id': p['network_id']}
                for p in self._instance_ports([instance_uuid])]

    def _bound_port(self, context, instance, port_id):
        """The port as the instance's interface, bound to its host."""
        values = {'device_id': instance.uuid,
                  'device_owner': _owner(instance)}
        if instance.host:
            values['binding:host_id'] = instance.host
        return values

    def attach_interface(self, context, instance, network_uuid,
                         address=None, tag=None):
        self._network(context, network_uuid)
        values = self._bound_port(context, instance, None)
        values.update(network_id=network_uuid,
                      project_id=instance.project_id)
        if address:
            values['fixed_ips'] = [{'ip_address': address}]
        try:
            port = self._admin().post('/ports', {'port': values})['port']
        except neutron_client.NeutronError as error:
            raise self._port_create_error(error, network_uuid, address)
        try:
            _check_bound(port, instance.host)
        except errors.PortBindingFailed:
            self._release(instance, port)
            raise
        refresh.instance(context, instance)
        return _record({'uuid': port['id']})

    def attach_port(self, context, instance, port_id, tag=None):
        self._free_port(context, port_id)
        port = self._admin().put('/ports/%s' % port_id, {
            'port': self._bound_port(context, instance, port_id)})['port']
        self._remember_preserved(instance, [port_id])
        try:
            _check_bound(port, instance.host)
        except errors.PortBindingFailed:
            self._release(instance, port)
            raise
        refresh.instance(context, instance)
        return _record({'uuid': port_id})

    def detach_interface(self, context, instance, port_id):
        port = self._port(context, port_id, admin=True)
        if port.get('device_id') != instance.uuid:
            raise errors.VirtualInterfaceNotFound(
                instance_uuid=instance.uuid, port_id=port_id)
        self._release(instance, port)
        refresh.instance(context, instance)

    def add_fixed_ip(self, context, instance, network_uuid):
        raise exception.InvalidInput(
            reason='addFixedIp is not available with the Neutron backend: '
                   'attach an interface (os-interface) instead.')

    def remove_fixed_ip(self, context, instance, address):
        raise exception.InvalidInput(
            reason='removeFixedIp is not available with the Neutron '
                   'backend: detach the interface (os-interface) instead.')


class NotAvailableWithNeutron(exception.Invalid):
    msg_fmt = ('%(what)s is not available with [network] backend = '
               'neutron: use the Neutron API for it.')


def _unavailable(name):
    def method(self, context, *args, **kwargs):
        raise NotAvailableWithNeutron(what=name)
    method.__name__ = name
    return method


# The nova-network-only parts of the interface (DNS domains, fixed IP
# reservations, os-networks management, default rules, bulk floating
# ranges) are the Neutron API's business: a clear 400, never a 500.
for _name, _member in vars(api.NetworkAPI).items():
    if callable(_member) and not _name.startswith('_') and not getattr(
            _member, 'built_on_the_interface', False) and getattr(
                NeutronNetworkAPI, _name) is _member:
        setattr(NeutronNetworkAPI, _name, _unavailable(_name))
