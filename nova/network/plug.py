"""What nova-compute does about networking: read the instance's
network_info and firewall rules (through the conductor, nova-compute has
no database) and plug or unplug them with the plumbing driver."""

import contextlib
import threading
import time
import zlib

from oslo_log import log as logging
from oslo_utils import excutils

import nova.conf
from nova.compute import external_events
from nova.network import api as network_api
from nova import objects
from nova.network import plumbing

CONF = nova.conf.CONF

LOG = logging.getLogger(__name__)


# Reading an instance's rules and applying them is one step per instance:
# two refreshes cast a moment apart (a rule added, then removed) could
# otherwise apply in the wrong order and leave the older rules in force.
# Striped, so the locks stay few however many instances a host has seen.
_STRIPES = [threading.Lock() for _ in range(64)]


def _instance_lock(instance):
    return _STRIPES[zlib.crc32(instance.uuid.encode()) % len(_STRIPES)]


# Instances a refresh re-plugged lately (uuid -> when): a build carries
# the network info the conductor read when it placed it (compute RPC
# 1.15), and a refresh for a change made after that read may run before
# the build plugs; the build then reads afresh rather than plug what
# the refresh replaced. Entries older than REFRESH_MEMORY go.
REFRESH_MEMORY = 600.0
_refreshed = {}
_refreshed_lock = threading.Lock()


def _note_refresh(instance):
    now = time.monotonic()
    with _refreshed_lock:
        if len(_refreshed) > 1000:
            for uuid, when in list(_refreshed.items()):
                if now - when > REFRESH_MEMORY:
                    del _refreshed[uuid]
        _refreshed[instance.uuid] = now


def _refreshed_lately(instance):
    with _refreshed_lock:
        when = _refreshed.get(instance.uuid)
    return when is not None and time.monotonic() - when <= REFRESH_MEMORY


def _read(context, instance):
    return objects.InstanceNetworkInfo.get_by_instance_uuid(context,
                                                            instance.uuid)


def network_info(context, instance):
    """The instance's interfaces (nova.network.model)."""
    return _read(context, instance).network_info


def plug(context, instance, undo_on_failure=True, info=None):
    """Plug the instance's interfaces before its guest starts; returns
    network_info for the virt driver. A failure leaves nothing plugged,
    unless undo_on_failure is False: the refresh of a running guest,
    whose interfaces (and, as its network's last user, whole network)
    must not go because one step of the refresh failed. info: the
    instance's InstanceNetworkInfo the build came with (compute RPC
    1.15), read here when None."""
    driver = plumbing.get_plumbing()
    network_api.get_api().bind_to_host(context, instance)
    with _instance_lock(instance):
        if info is None or _refreshed_lately(instance):
            info = _read(context, instance)
        try:
            driver.plug(instance, info.network_info, info.firewall_rules)
        except Exception:
            with excutils.save_and_reraise_exception():
                if undo_on_failure:
                    _unplug_quietly(driver, instance, info.network_info)
    return info.network_info


@contextlib.contextmanager
def vif_plugged_waiter(waiters, context, instance):
    """Expect network-vif-plugged for the instance's ports the network
    service has not wired yet (none with the built-in networking) while
    the block binds and plugs them; yields a function that waits for
    the events ([DEFAULT] vif_plugging_timeout) and raises EventTimeout
    when they are late and vif_plugging_is_fatal."""
    timeout = CONF.vif_plugging_timeout
    keys = network_api.get_api().vif_plug_events(context, instance) \
        if timeout else []
    if not keys:
        yield lambda: None
        return
    with waiters.expect(instance.uuid, keys) as waiter:
        def wait():
            try:
                waiter.wait(timeout)
            except external_events.EventTimeout:
                if CONF.vif_plugging_is_fatal:
                    raise
                LOG.warning('Instance %s: network-vif-plugged events '
                            'late after %ss; going on', instance.uuid,
                            timeout)
        yield wait


def unplug(context, instance):
    """Undo plug; call before the instance row is destroyed (the
    addresses are freed with it)."""
    with _instance_lock(instance):
        try:
            info = _read(context, instance).network_info
        except Exception:
            LOG.exception('Could not read the network of %s to unplug it',
                          instance.uuid)
            return
        _unplug_quietly(plumbing.get_plumbing(), instance, info)


def _unplug_quietly(driver, instance, info):
    try:
        driver.unplug(instance, info)
    except Exception:
        LOG.exception('Unplugging the network of %s failed', instance.uuid)


class NetworkRefreshMixin:
    """The compute RPC method (1.6) that re-plugs an instance after its
    addresses or security groups changed, and the re-plug of every guest
    of the host when the service starts (bridges, dnsmasq and nftables
    tables do not survive a host reboot)."""

    def replug_instances(self, context):
        if CONF.network.plumbing_driver == 'fake':
            return  # nothing on the host to restore
        instances = objects.InstanceList.get_by_filters(
            context, {'host': self.host, 'deleted': False},
            expected_attrs=[])
        for instance in instances:
            self.refresh_instance_network(context, instance)
        # Guests deleted while the service was down leave networks no
        # guest here uses: their namespaces and transit links go.
        try:
            plumbing.get_plumbing().forget_all_but(
                [i.uuid for i in instances])
        except Exception:
            LOG.exception('Removing the networks of deleted guests failed')

    def refresh_instance_network(self, context, instance):
        _note_refresh(instance)
        try:
            plug(context, instance, undo_on_failure=False)
        except Exception:
            LOG.exception('Refreshing the network of %s failed',
                          instance.uuid)
