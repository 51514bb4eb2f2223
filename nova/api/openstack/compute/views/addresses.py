"""How a server's addresses and security groups look in API responses.

Loaded once per request for all the servers it shows (prefetch), so a
list of servers costs a few queries, not a few per server.
"""

from nova.network import api as network_api

_KEY = 'nova.network_views'


def prefetch(req, instances):
    """Read the addresses and groups of instances for the views of this
    request."""
    uuids = [i.uuid for i in instances]
    cache = req.environ.setdefault(_KEY, {'addresses': {}, 'groups': {}})
    missing = [u for u in uuids if u not in cache['addresses']]
    if missing:
        api = network_api.get_api()
        cache['addresses'].update(api.get_addresses(req.context, missing))
        cache['groups'].update(api.get_security_groups(req.context,
                                                       missing))
    return cache


def _cached(req, instance, part):
    """instance's entry of part ('addresses' or 'groups'), read if
    missing."""
    cache = req.environ.get(_KEY)
    if cache is None or instance.uuid not in cache[part]:
        cache = prefetch(req, [instance])
    return cache[part][instance.uuid]


def addresses(req, instance, extended=True):
    """{network label: [{addr, version[, OS-EXT-IPS...]}]}: each fixed IP
    followed by the floating IPs routed to it."""
    return listed(_cached(req, instance, 'addresses'), extended)


def listed(entries, extended=True):
    """addresses() of a server's prefetched entries."""
    result = {}
    for label, mac, address, floating in entries:
        found = result.get(label)
        if found is None:
            found = result[label] = []
        # Stored addresses are valid: only IPv6 ones hold a colon.
        if extended:
            found.append({'addr': address,
                          'version': 6 if ':' in address else 4,
                          'OS-EXT-IPS:type': 'fixed',
                          'OS-EXT-IPS-MAC:mac_addr': mac})
            if floating:
                found.extend({'addr': f, 'version': 6 if ':' in f else 4,
                              'OS-EXT-IPS:type': 'floating',
                              'OS-EXT-IPS-MAC:mac_addr': mac}
                             for f in floating)
        else:
            found.append({'addr': address,
                          'version': 6 if ':' in address else 4})
            if floating:
                found.extend({'addr': f, 'version': 6 if ':' in f else 4}
                             for f in floating)
    return result


def security_groups(req, instance):
    """[{'name': ...}] of the server's groups."""
    return group_views(req, _cached(req, instance, 'groups'))


def group_views(req, groups):
    """security_groups() of a server's prefetched groups."""
    if not groups:
        return []
    # The servers of a page share a few groups: one view of each group
    # (by its name) per request, read only.
    views = req.environ.setdefault('nova.group_name_views', {})
    result = []
    for group in groups:
        name = group['name']
        view = views.get(name)
        if view is None:
            view = views[name] = {'name': name}
        result.append(view)
    return result
