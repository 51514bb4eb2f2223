"""Which instances of this host use which network (its bridge), so that
the data plane of a network goes when its last guest here does.

One file per user: $state_path/networks/<bridge>/users/
<instance uuid>, holding the network's id. Files, not memory: the
record outlives a restart of nova-compute and a host reboot, so a
network whose last guest went while the service was down is still
found and torn down (see forget_all_but).
"""

import os

import nova.conf

CONF = nova.conf.CONF


def _root():
    return os.path.join(CONF.state_path, 'networks')


def _folder(bridge):
    return os.path.join(_root(), bridge, 'users')


def _bridges():
    try:
        names = os.listdir(_root())
    except OSError:
        return []
    return sorted(n for n in names if os.path.isdir(_folder(n)))


def of_instance(instance_uuid):
    """The bridges the instance is recorded on."""
    return [b for b in _bridges()
            if os.path.exists(os.path.join(_folder(b), instance_uuid))]


def instances():
    """Every instance recorded on any bridge."""
    return {u for b in _bridges() for u in os.listdir(_folder(b))
            if not u.endswith('.tmp')}


def add(bridge, instance_uuid, network_id):
    folder = _folder(bridge)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, instance_uuid)
    with open(path + '.tmp', 'w') as f:
        f.write(network_id)
    os.replace(path + '.tmp', path)


def remove(bridge, instance_uuid):
    """Forget the instance on the bridge. Returns (last, network ids):
    whether the bridge is left with no user (to tear down), and the
    networks the instance was recorded for. Reads no other user's file,
    so an unplug costs the same on a bridge of ten thousand guests."""
    folder = _folder(bridge)
    path = os.path.join(folder, instance_uuid)
    try:
        with open(path) as f:
            network_id = f.read().strip()
        os.unlink(path)
    except FileNotFoundError:
        network_id = ''
    return not _has_user(folder), [network_id] if network_id else []


def _has_user(folder):
    try:
        with os.scandir(folder) as entries:
            return any(not e.name.endswith('.tmp') for e in entries)
    except OSError:
        return False
