"""Networking actions on a server: addFloatingIp, removeFloatingIp,
addSecurityGroup, removeSecurityGroup, addFixedIp, removeFixedIp
(dispatched by server_actions)."""

from nova.api.openstack.compute.actions import Action
from nova.api.openstack.compute.schemas import server_network_actions as \
    schema
from nova.api.openstack import wsgi
from nova.compute import utils as compute_utils
from nova.network import api as network_api
from nova.network import errors

# From 2.44 on the nova-network style proxies answer 404: fixed and
# floating IP actions (use the networking API's ports and floating IPs)
# and os-virtual-interfaces (use os-interface).
NOVA_NETWORK_MAX_VERSION = '2.43'


def _add_floating_ip(req, api, instance, argument):
    try:
        network_api.get_api().associate_floating_ip(
            req.context, instance, argument['address'],
            argument.get('fixed_address'))
    except errors.FloatingIpNotFoundForAddress as error:
        raise wsgi.Fault(404, error.format_message())


def _remove_floating_ip(req, api, instance, argument):
    network_api.get_api().disassociate_floating_ip(
        req.context, instance, argument['address'])


def _group(req, instance, name):
    try:
        return network_api.get_api().get_security_group_by_name(
            req.context, instance.project_id, name)
    except errors.SecurityGroupNotFoundForProject:
        raise wsgi.Fault(404, 'Security group %s not found for project %s.'
                         % (name, instance.project_id))


def _add_security_group(req, api, instance, argument):
    name = argument['name']
    network = network_api.get_api()
    if name == network.DEFAULT_SECURITY_GROUP:
        group = network.ensure_default_security_group(req.context,
                                                      instance.project_id)
    else:
        group = _group(req, instance, name)
    if not network.add_instance_security_group(req.context, instance,
                                               group):
        raise wsgi.Fault(400, 'Security group %s is already associated '
                              'with the instance %s' % (name, instance.uuid))


def _remove_security_group(req, api, instance, argument):
    name = argument['name']
    group = _group(req, instance, name)
    if not network_api.get_api().remove_instance_security_group(
            req.context, instance, group):
        raise wsgi.Fault(400, 'Security group %s not associated with the '
                              'instance %s' % (name, instance.uuid))


def _add_fixed_ip(req, api, instance, argument):
    try:
        network_api.get_api().add_fixed_ip(req.context, instance,
                                           str(argument['networkId']))
    except errors.FixedIpLimitExceeded:
        raise wsgi.Fault(403, 'Quota exceeded, too many fixed IPs.')
    compute_utils.record_action_start(req.context, instance, 'addFixedIp')


def _remove_fixed_ip(req, api, instance, argument):
    network_api.get_api().remove_fixed_ip(req.context, instance,
                                          argument['address'])
    compute_utils.record_action_start(req.context, instance,
                                      'removeFixedIp')


ACTIONS = {
    'addFloatingIp': Action('os_compute_api:os-floating-ips:add',
                            schema.add_floating_ip, _add_floating_ip,
                            max_version=NOVA_NETWORK_MAX_VERSION),
    'removeFloatingIp': Action('os_compute_api:os-floating-ips:remove',
                               schema.remove_floating_ip,
                               _remove_floating_ip,
                               max_version=NOVA_NETWORK_MAX_VERSION),
    'addSecurityGroup': Action('os_compute_api:os-security-groups:add',
                               schema.security_group, _add_security_group),
    'removeSecurityGroup': Action(
        'os_compute_api:os-security-groups:remove', schema.security_group,
        _remove_security_group),
    'addFixedIp': Action('os_compute_api:os-multinic:add',
                         schema.add_fixed_ip, _add_fixed_ip,
                         max_version=NOVA_NETWORK_MAX_VERSION),
    'removeFixedIp': Action('os_compute_api:os-multinic:remove',
                            schema.remove_fixed_ip, _remove_fixed_ip,
                            max_version=NOVA_NETWORK_MAX_VERSION),
}
