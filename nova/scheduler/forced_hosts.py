"""Hosts and nodes an administrator forced a request onto.

As upstream, forced hosts skip the filters (a disabled host may be
forced) but their resources are still claimed.
"""

from nova import exception


def is_forced(spec):
    return bool(_wanted(spec, 'force_hosts') or
                _wanted(spec, 'force_nodes'))


def requested(spec, host_states):
    """The host_states of the host/node an administrator asked for at
    create (API 2.74; all of them when none was). Unlike a forced host
    it still has to pass the filters. Read from spec once, not per host
    (a thousand hosts per request)."""
    host = spec.requested_host if spec.obj_attr_is_set(
        'requested_host') else None
    node = spec.requested_node if spec.obj_attr_is_set(
        'requested_node') else None
    if not host and not node:
        return host_states
    return [h for h in host_states
            if (not host or h.host == host) and
            (not node or h.nodename == node)]


def _wanted(spec, field):
    return list(getattr(spec, field)) if spec.obj_attr_is_set(field) else []


def restrict(spec, host_states, tried):
    """The host states of spec's forced host/node that were not tried
    yet; NoValidHost naming them when there are none."""
    hosts, nodes = _wanted(spec, 'force_hosts'), _wanted(spec, 'force_nodes')
    known = [h for h in host_states
             if (not hosts or h.host in hosts) and
             (not nodes or h.nodename in nodes)]
    wanted = _describe(hosts, nodes)
    if not known:
        raise exception.NoValidHost(
            reason='The forced %s is not a compute host of this cloud.'
                   % wanted)
    untried = [h for h in known if h.host not in tried]
    if not untried:
        raise exception.NoValidHost(
            reason='The forced %s was already tried for this server.'
                   % wanted)
    return untried


def no_room(spec):
    """NoValidHost when the forced host/node has no room for spec."""
    flavor = spec.flavor
    return exception.NoValidHost(
        reason='The forced %s has not enough free resources for %d '
               'instance(s) of flavor %s (%d vCPU, %d MiB RAM, %d GiB '
               'disk).' % (
                   _describe(_wanted(spec, 'force_hosts'),
                             _wanted(spec, 'force_nodes')),
                   spec.num_instances, flavor.name, flavor.vcpus,
                   flavor.memory_mb, flavor.root_gb + flavor.ephemeral_gb))


def _describe(hosts, nodes):
    parts = []
    if hosts:
        parts.append('host %s' % ', '.join(hosts))
    if nodes:
        parts.append(('(node %s)' if hosts else 'node %s') % ', '.join(nodes))
    return ' '.join(parts)
