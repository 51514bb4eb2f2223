"""Floating IPs of the Neutron backend: Neutron's floatingips on its
external networks (the pools are the external networks' names)."""

import types

import nova.conf
from nova import exception
from nova.network import errors
from nova.network import neutron_client
from nova.network import refresh

CONF = nova.conf.CONF


def _row(fip, pools):
    """A floating IP as the Compute API's views read it."""
    return types.SimpleNamespace(
        id=fip['id'], address=fip['floating_ip_address'],
        pool=pools.get(fip['floating_network_id'],
                       fip['floating_network_id']),
        project_id=fip.get('project_id'), interface=None, host=None,
        auto_assigned=False, fixed_ip_id=None, port_id=fip.get('port_id'),
        fixed_address=fip.get('fixed_ip_address'))


class FloatingMixin:

    floating_ip_ids_are_uuids = True

    def _pools(self):
        """{external network id: name}."""
        return {n['id']: n.get('name') or n['id'] for n in
                self._admin().list('networks', **{'router:external': 'True'})}

    def get_floating_ip_pools(self, context):
        return sorted(self._pools().values())

    def allocate_floating_ip(self, context, pool=None, address=None):
        pool = pool or CONF.neutron.default_floating_pool
        pools = self._pools()
        network = [i for i, name in pools.items() if pool in (i, name)]
        if not network:
            raise errors.FloatingIpPoolNotFound(pool=pool)
        values = {'floating_network_id': network[0]}
        if context.project_id:
            values['project_id'] = context.project_id
        if address is not None:
            values['floating_ip_address'] = address
        try:
            fip = self._admin().post('/floatingips',
                                     {'floatingip': values})['floatingip']
        except neutron_client.NeutronError as error:
            if error.kind == 'OverQuota':
                raise errors.FloatingIpLimitExceeded()
            if error.kind == 'IpAddressGenerationFailure':
                raise errors.NoMoreFloatingIps(pool=pool)
            if error.kind in ('IpAddressAlreadyAllocated', 'IpAddressInUse'):
                raise errors.FloatingIpAddressNotFree(address=address,
                                                      pool=pool)
            if error.kind in ('InvalidIpForNetwork', 'InvalidIpForSubnet'):
                raise errors.FloatingIpNotFoundForAddress(address=address)
            raise
        return _row(fip, pools)

    def _mine(self, context, fip):
        return context.is_admin or fip.get('project_id') == \
            context.project_id

    def get_floating_ip_for_caller(self, context, floating_id=None,
                                   address=None):
        admin = self._admin()
        if floating_id is not None:
            try:
                fip = admin.get('/floatingips/%s' % floating_id)[
                    'floatingip']
            except neutron_client.NeutronError as error:
                if neutron_client.not_found(error):
                    raise errors.FloatingIpNotFound(id=floating_id)
                raise
            if not self._mine(context, fip):
                raise errors.FloatingIpNotFound(id=floating_id)
        else:
            found = [f for f in admin.list('floatingips',
                                           floating_ip_address=address)
                     if self._mine(context, f)]
            if not found:
                raise errors.FloatingIpNotFoundForAddress(address=address)
            fip = found[0]
        return _row(fip, self._pools())

    def get_floating_ips(self, context, project_id=None, host=None):
        if host is not None:
            return []  # Neutron's floating IPs are on no Nova host
        filters = {'project_id': project_id} if project_id else {}
        pools = self._pools()
        return [_row(f, pools)
                for f in self._admin().list('floatingips', **filters)]

    def describe_floating_ips(self, context, floating_ips):
        bound = [f for f in floating_ips if f.port_id]
        if not bound:
            return {}
        devices = {p['id']: p['device_id'] for p in self._admin().list(
            'ports', id=[f.port_id for f in bound])}
        return {f.address: (f.fixed_address, devices.get(f.port_id) or None)
                for f in bound}

    def release_floating_ip(self, context, address):
        row = self.get_floating_ip_for_caller(context, address=address)
        instance_uuid = self.describe_floating_ips(
            context, [row]).get(row.address, (None, None))[1]
        self._admin().delete('/floatingips/%s' % row.id)
        if instance_uuid:
            from nova import objects
            refresh.instance(context, objects.Instance.get_by_uuid(
                context.elevated(), instance_uuid))

    def associate_floating_ip(self, context, instance, floating_address,
                              fixed_address=None, port_id=None):
        row = self.get_floating_ip_for_caller(context,
                                              address=floating_address)
        target = None
        for port in self._instance_ports([instance.uuid]):
            if port_id is not None and port['id'] != port_id:
                continue
            for fixed in port.get('fixed_ips') or ():
                address = fixed['ip_address']
                if fixed_address in (None, address) and (
                        fixed_address or ':' not in address):
                    target = (port['id'], address)
                    break
            if target:
                break
        if target is None:
            if fixed_address:
                raise errors.FixedIpNotFoundForInstance(
                    instance_uuid=instance.uuid, address=fixed_address)
            raise exception.InvalidInput(
                reason='the server has no fixed IPv4 address to route '
                       'the floating IP to.')
        try:
            self._admin().put('/floatingips/%s' % row.id, {'floatingip': {
                'port_id': target[0], 'fixed_ip_address': target[1]}})
        except neutron_client.NeutronError as error:
            if error.code == 404:
                # No router joins the port's subnet to the external net.
                raise exception.InvalidInput(reason=error.format_message())
            raise
        refresh.instance(context, instance)
        return row.fixed_address

    def disassociate_floating_ip(self, context, instance, address):
        row = self.get_floating_ip_for_caller(context, address=address)
        if not row.port_id or row.port_id not in {
                p['id'] for p in self._instance_ports([instance.uuid])}:
            raise errors.FloatingIpNotAssociated(address=address,
                                                 instance_uuid=instance.uuid)
        self._admin().put('/floatingips/%s' % row.id,
                          {'floatingip': {'port_id': None}})
        refresh.instance(context, instance)
        return row.fixed_address
