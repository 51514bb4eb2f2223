"""Simulated events from outside nova on the fake hypervisor's guests.

A real guest can shut itself down, crash, pause or disappear without
nova asking (an operator's virsh, the guest's own poweroff, a host
reboot). To let tests exercise how nova notices (the power state sync,
recovery), anyone may write one event name into the file

    <state_path>/fake-hypervisor/<instance uuid>

from any process; the fake driver holding that guest applies it on its
next get_info or list of guests, then removes the file. Events: running,
shutdown, crashed, paused, suspended (the guest's new power state) and
gone (the guest no longer exists). A simulation feature of the fake
driver only.
"""

import os

from oslo_log import log as logging

import nova.conf
from nova.compute import power_state

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

GONE = 'gone'
EVENTS = {
    'running': power_state.RUNNING,
    'shutdown': power_state.SHUTDOWN,
    'crashed': power_state.CRASHED,
    'paused': power_state.PAUSED,
    'suspended': power_state.SUSPENDED,
    GONE: None,
}


def events_dir():
    return os.path.join(CONF.state_path, 'fake-hypervisor')


def inject(instance_uuid, event, state_path=None):
    """Make event happen to the guest of instance_uuid (for tests)."""
    if event not in EVENTS:
        raise ValueError('unknown fake hypervisor event %r' % event)
    directory = os.path.join(state_path, 'fake-hypervisor') \
        if state_path else events_dir()
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, instance_uuid)
    with open(path + '.tmp', 'w') as f:
        f.write(event)
    os.replace(path + '.tmp', path)  # readers never see half a file


def take(instance_uuids):
    """{uuid: event} pending for these guests; each is consumed."""
    directory = events_dir()
    try:
        pending = set(os.listdir(directory))
    except FileNotFoundError:
        return {}
    events = {}
    for uuid in pending.intersection(instance_uuids):
        path = os.path.join(directory, uuid)
        try:
            with open(path) as f:
                event = f.read().strip()
            os.remove(path)
        except FileNotFoundError:
            continue
        if event not in EVENTS:
            LOG.warning('Ignoring unknown fake hypervisor event %r for %s',
                        event, uuid)
            continue
        events[uuid] = event
    return events
