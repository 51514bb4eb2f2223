"""How a server's addresses and security groups look in API responses.

Loaded once per request for all the servers it shows (prefetch), so a
list of servers costs a few queries, not a few per server.
"""

from nova.network import api as network_api

_KEY = 'nova.network_views'


def prefetch(req, instances):
    """Read the networking of instances for the views of this request."""
    uuids = [i.uuid for i in instances]
    cache = req.environ.setdefault(_KEY, {'info': {}, 'groups': {}})
    missing = [u for u in uuids if u not in cache['info']]
    if missing:
        api = network_api.get_api()
        cache['info'].update(api.get_network_info(req.context, missing))
        cache['groups'].update(api.get_security_groups(req.context,
                                                       missing))
    return cache


def _cached(req, instance, part):
    """instance's entry of part ('info' or 'groups'), read if missing."""
    cache = req.environ.get(_KEY)
    if cache is None or instance.uuid not in cache[part]:
        cache = prefetch(req, [instance])
    return cache[part][instance.uuid]


def network_info(req, instance):
    return _cached(req, instance, 'info')


def _ip(address, kind, mac, extended):
    view = {'addr': address['address'], 'version': address['version']}
    if extended:
        view['OS-EXT-IPS:type'] = kind
        view['OS-EXT-IPS-MAC:mac_addr'] = mac
    return view


def addresses(req, instance, extended=True):
    """{network label: [{addr, version[, OS-EXT-IPS...]}]}: each fixed IP
    followed by the floating IPs routed to it."""
    # model.fixed_ips' walk, without copying each address (a list shows
    # thousands).
    result = {}
    for vif in network_info(req, instance):
        network, mac = vif['network'], vif['address']
        for subnet in network['subnets']:
            for fixed in subnet['ips']:
                entries = result.setdefault(network['label'], [])
                entries.append(_ip(fixed, 'fixed', mac, extended))
                for floating in fixed.get('floating_ips', ()):
                    entries.append(_ip(floating, 'floating', mac, extended))
    return result


def security_groups(req, instance):
    """[{'name': ...}] of the server's groups."""
    return [{'name': g['name']} for g in _cached(req, instance, 'groups')]
