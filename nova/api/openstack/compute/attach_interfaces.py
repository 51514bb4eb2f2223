"""A server's interfaces (os-interface): list, show, attach one on a
network (optionally with a fixed IP) or a port, detach one. The port id
of the built-in networking is the virtual interface's id."""

from nova.api.openstack.compute.schemas import attach_interfaces as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova.compute import vm_states
from nova import exception
from nova.network import api as network_api
from nova.network import errors
from nova.notifications import emit as notify

RULE = 'os_compute_api:os-attach-interfaces'


def _views(req, instance):
    info = network_api.get_api().get_network_info(
        req.context, [instance.uuid])[instance.uuid]
    return [_view(req, vif) for vif in info]


def _view(req, vif):
    view = {
        'port_id': vif['id'], 'net_id': vif['network']['id'],
        'mac_addr': vif['address'], 'port_state': 'ACTIVE',
        'fixed_ips': [{'ip_address': ip['address'],
                       'subnet_id': subnet.get('id')}
                      for subnet in vif['network']['subnets']
                      for ip in subnet['ips']],
    }
    if req.is_version('2.70'):
        # The device tag (2.49), null for none.
        view['tag'] = vif.get('tag')
    return view


def _server(req, server_id, rule):
    return servers.authorized_server(req, server_id, rule,
                                     expected_attrs=())


@wsgi.api(errors=(403, 404), query=schema.index_query)
def index(req, server_id):
    instance = _server(req, server_id, RULE)
    return {'interfaceAttachments': _views(req, instance)}


@wsgi.api(errors=(403, 404), query=schema.show_query)
def show(req, server_id, port_id):
    instance = _server(req, server_id, RULE)
    for view in _views(req, instance):
        if view['port_id'] == port_id:
            return {'interfaceAttachment': view}
    raise errors.VirtualInterfaceNotFound(instance_uuid=instance.uuid,
                                          port_id=port_id)


def _check_state(instance, action):
    if instance.vm_state not in (vm_states.ACTIVE, vm_states.PAUSED,
                                 vm_states.STOPPED):
        raise exception.InstanceInvalidState(
            action=action, instance_uuid=instance.uuid, attr='vm_state',
            state=instance.vm_state)


@wsgi.api(errors=(400, 403, 404, 409), body=schema.create,
          max_version='2.48')
def create(req, server_id, body):
    return _create(req, server_id, body)


@wsgi.api(errors=(400, 403, 404, 409), body=schema.create_v249,
          min_version='2.49')
def create_v249(req, server_id, body):
    """2.49: a device tag, shown in the metadata service's devices."""
    return _create(req, server_id, body)


def _create(req, server_id, body):
    context = req.context
    instance = _server(req, server_id, RULE + ':create')
    _check_state(instance, 'attach_interface')
    params = body.get('interfaceAttachment') or {}
    if params.get('port_id') and (params.get('net_id') or
                                  params.get('fixed_ips')):
        raise wsgi.Fault(400, 'Give a port_id, or a net_id (and '
                              'fixed_ips), not both.')
    if not params.get('net_id') and not params.get('port_id'):
        raise wsgi.Fault(400, 'Give the net_id of the network to attach '
                              'the interface to, or the port_id of a '
                              'port.')
    address = (params.get('fixed_ips') or [{}])[0].get('ip_address')
    api = network_api.get_api()
    if params.get('tag') and not api.supports_interface_tags:
        raise wsgi.Fault(400, 'This cloud\'s network service cannot tag '
                              'interfaces: leave out the tag.')
    wanted = {'network_id': params.get('net_id'), 'address': address,
              'port_id': params.get('port_id'), 'tag': params.get('tag')}
    try:
        with notify.phases(context, instance, 'interface_attach',
                           source='nova-api', interface=wanted):
            if params.get('port_id'):
                vif = api.attach_port(context, instance, params['port_id'],
                                      tag=params.get('tag'))
            else:
                vif = api.attach_interface(context, instance,
                                           params['net_id'], address,
                                           tag=params.get('tag'))
    except errors.FixedIpLimitExceeded:
        raise wsgi.Fault(403, 'Quota exceeded, too many fixed IPs.')
    for view in _views(req, instance):
        if view['port_id'] == vif.uuid:
            return {'interfaceAttachment': view}


@wsgi.api(success=202, errors=(403, 404, 409))
def delete(req, server_id, port_id):
    context = req.context
    instance = _server(req, server_id, RULE + ':delete')
    _check_state(instance, 'detach_interface')
    with notify.phases(context, instance, 'interface_detach',
                       source='nova-api', interface={'port_id': port_id}):
        network_api.get_api().detach_interface(context, instance, port_id)


ROUTES = [
    ('/servers/{server_id}/os-interface',
     {'GET': index, 'POST': [create, create_v249]}),
    ('/servers/{server_id}/os-interface/{port_id}', {
        'GET': show, 'DELETE': delete}),
]
