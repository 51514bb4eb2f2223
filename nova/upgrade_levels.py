"""The RPC version caps of a rolling upgrade ([upgrade_levels] pins).

A pin is empty (no cap), a version ("1.11"), or "auto": the version the
oldest registered service of that kind understands, looked up in
nova.objects.service.SERVICE_VERSION_HISTORY from the minimum service
version in the database. An "auto" cap is worked out once per process,
when its client first sends, and kept; restart the process (or clear
the pins) once every service is upgraded.
"""

import threading

from oslo_log import log as logging
from oslo_utils import versionutils

import nova.conf
from nova import context as nova_context
from nova import exception

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

AUTO = 'auto'
BINARIES = {'compute': 'nova-compute', 'conductor': 'nova-conductor',
            'scheduler': 'nova-scheduler', 'volume': 'nova-volume'}

_CACHE = {}
_LOCK = threading.Lock()


def cap_from_history(history, minimum, topic):
    """The RPC version of topic a service of version minimum understands.

    minimum None (no such service registered) or 0 (a record from before
    versions): no cap. Older than the history covers: the oldest entry.
    Newer than this code (a newer service beside older code): the newest
    entry, which is this code's own face."""
    if not minimum:
        return None
    known = [i for i, entry in enumerate(history) if entry]
    index = min(max(minimum, known[0]), known[-1])
    if index != minimum:
        LOG.warning('Service version %d of %s is outside the history this '
                    'code knows (%d..%d); using %d.', minimum,
                    BINARIES.get(topic, topic), known[0], known[-1], index)
    return history[index][topic]


def _auto_cap(topic):
    from nova import objects
    from nova.objects import service as service_obj
    context = nova_context.get_admin_context()
    minimum = objects.Service.get_minimum_version(context, BINARIES[topic])
    cap = cap_from_history(service_obj.SERVICE_VERSION_HISTORY, minimum,
                           topic)
    LOG.info('RPC version cap of %s is %s (oldest %s: service version '
             '%s)', topic, cap or 'none', BINARIES[topic], minimum)
    return cap


def _check_version(topic, value):
    try:
        versionutils.convert_version_to_tuple(value)
    except ValueError:
        raise exception.ConfigError(
            reason='[upgrade_levels] %s = %s is neither empty, "auto" nor '
                   'a version such as 1.11' % (topic, value))
    return value


def version_cap(topic, conf=CONF):
    """The cap of the RPC client of topic, None for no cap."""
    pin = getattr(conf.upgrade_levels, topic)
    if not pin:
        return None
    if pin != AUTO:
        return _check_version(topic, pin)
    with _LOCK:
        if topic not in _CACHE:
            cap = _auto_cap(topic)
            if cap is None:
                # Nothing registered yet: send the newest, ask again later.
                return None
            _CACHE[topic] = cap
        return _CACHE[topic]


def check_pins(conf=CONF):
    """ConfigError for a pin that is neither empty, auto nor a version:
    a daemon refuses to start rather than fail its first sends."""
    for topic in BINARIES:
        pin = getattr(conf.upgrade_levels, topic)
        if pin and pin != AUTO:
            _check_version(topic, pin)


def reset():
    """Forget the "auto" caps worked out so far (tests)."""
    with _LOCK:
        _CACHE.clear()
