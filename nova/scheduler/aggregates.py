"""Host aggregates as the scheduler sees them: loaded in bulk, and kept
while a one-query signature of the aggregate tables stays the same.

Importing this module registers load_aggregates with the host manager;
the filters that read host_state.aggregates or availability_zone import
it, so the queries run only when such a filter is enabled.
"""

import collections
import datetime
import threading

from oslo_log import log as logging
from oslo_utils import timeutils

from nova.conf import CONF
from nova.db import aggregates as db
from nova import objects
from nova.objects import base
from nova.scheduler import host_manager

LOG = logging.getLogger(__name__)

# Timestamps may have whole seconds only (MariaDB) and come from other
# processes' clocks: changes newer than this are never trusted to cache.
_SETTLE = datetime.timedelta(seconds=5)


def host_aggregates(context):
    """{host: [Aggregate]} of every aggregate: three queries in all.

    The Aggregate objects leave 'hosts' unset: building lists of
    thousands of hosts costs more than the queries.
    """
    by_host = collections.defaultdict(list)
    for row in db.aggregate_get_all(context):
        aggregate = base.from_row(context, objects.Aggregate(), row,
                                  skip=('hosts',))
        for host in row['hosts']:
            by_host[host].append(aggregate)
    return by_host


def _placement(context):
    """{host: (aggregates, zone)} of the hosts in aggregates."""
    return {host: (aggregates, zone_of(aggregates))
            for host, aggregates in host_aggregates(context).items()}


class _Cache:
    """_placement() reused while aggregates_signature() stays."""

    def __init__(self):
        self._lock = threading.Lock()
        self._signature = None
        self._by_host = {}

    def get(self, context):
        signature = db.aggregates_signature(context)
        stamps = [v for v in signature if isinstance(v, datetime.datetime)]
        settled = not stamps or (
            timeutils.utcnow() - max(stamps).replace(tzinfo=None) > _SETTLE)
        with self._lock:
            if settled and signature == self._signature:
                return self._by_host
        by_host = _placement(context)
        with self._lock:
            self._signature, self._by_host = signature, by_host
        return by_host


_CACHE = _Cache()


def zone_of(aggregates):
    """The zone the aggregates give a host, else the default zone."""
    zones = sorted({agg.availability_zone for agg in aggregates
                    if agg.availability_zone})
    return zones[0] if zones else CONF.default_availability_zone


def load_aggregates(context, host_states):
    by_host = _CACHE.get(context)
    outside = ([], CONF.default_availability_zone)
    for state in host_states:
        state.aggregates, state.availability_zone = by_host.get(
            state.host, outside)


def metadata_values(host_state, key):
    """Every value the host's aggregates give key (a set of strings)."""
    return {agg.metadata[key]
            for agg in getattr(host_state, 'aggregates', ())
            if key in agg.metadata}


def metadata_by_key(host_state):
    """{key: set of values} over the host's aggregates; comma-separated
    values count as several (as upstream reads them)."""
    metadata = collections.defaultdict(set)
    for agg in getattr(host_state, 'aggregates', ()):
        for key, value in agg.metadata.items():
            metadata[key].update(v.strip() for v in value.split(','))
    return metadata


def min_float(host_state, key, default):
    """The smallest valid float among the aggregates' values of key, else
    default; invalid values are logged and ignored."""
    numbers = []
    for value in metadata_values(host_state, key):
        try:
            numbers.append(float(value))
        except ValueError:
            LOG.warning('Aggregate metadata %s=%r on host %s is no number',
                        key, value, host_state.host)
    return min(numbers) if numbers else default


if load_aggregates not in host_manager.HOST_STATE_LOADERS:
    host_manager.HOST_STATE_LOADERS.append(load_aggregates)
