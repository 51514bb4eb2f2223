"""The conductor's side of batched host reports: the simulated hosts of
one nova-compute process register, beat and report their resources in a
few calls instead of a few calls each (nova.compute.host_group)."""

from oslo_db import exception as db_exc
from oslo_log import log as logging

from nova.compute import resource_tracker
from nova.db import node_reports
from nova import metrics
from nova import objects
from nova.objects import service as service_obj

LOG = logging.getLogger(__name__)

# What a report needs to be written in bulk; one without it goes alone
# and fails alone.
_NEEDED = frozenset(node_reports.REPORTED_FIELDS) | {'host', 'nodename',
                                                     'reserved'}


def register_services(context, hosts, binary, topic):
    """The service record of binary on each of hosts, created where
    missing; a ServiceList in the order of hosts.

    The missing ones are created in one transaction; a record of an older
    version (brought up to this one, with its service.update
    notification) or one the bulk write could not make goes host by host
    (service.ensure_registered)."""
    known = _create_missing(context, hosts, binary, topic)
    records = []
    for host in hosts:
        record = known.get(host)
        if record is None or record.version != service_obj.SERVICE_VERSION:
            record = service_obj.ensure_registered(context, host, binary,
                                                   topic)
        records.append(record)
    records = objects.ServiceList(context=context, objects=records)
    records.obj_reset_changes()
    return records


def _create_missing(context, hosts, binary, topic):
    for _attempt in (1, 2):
        try:
            return objects.ServiceList.create_missing(context, hosts,
                                                      binary, topic)
        except db_exc.DBDuplicateEntry:
            # Another process registered one of them meanwhile: once
            # more finds it.
            continue
        except Exception:
            LOG.warning('Registering %d hosts at once failed; registering '
                        'them one by one', len(hosts), exc_info=True)
            return {}
    return {}


def heartbeat_services(context, service_ids):
    """How many services beat (the ids given)."""
    objects.ServiceList.heartbeat(context, service_ids)
    return len(service_ids)


def report_compute_nodes(context, reports):
    """Write each resource_tracker.node_report; a ComputeNodeList of the
    records in the order of reports. A node that fails is left out (and
    logged): one bad host must not stop the others' reports.

    All in one transaction (nova.db.node_reports); node by node, as
    before, only what that could not write: a report another conductor
    raced (tried in bulk once more first), a node a claim changed
    meanwhile, a malformed report."""
    written = _apply_in_bulk(context, [r for r in reports
                                       if _NEEDED.issubset(r)])
    nodes = []
    for report in reports:
        node = written.get((report.get('host'), report.get('nodename')))
        if node is not None:
            metrics.observe_node(node)
            nodes.append(node)
            continue
        try:
            nodes.append(resource_tracker.apply_report(context, report))
        except Exception:
            LOG.exception('Resource report of node %s of host %s failed',
                          report.get('nodename'), report.get('host'))
    result = objects.ComputeNodeList(context=context, objects=nodes)
    result.obj_reset_changes()
    return result


def _apply_in_bulk(context, reports):
    """{(host, nodename): ComputeNode} of the reports written in bulk."""
    if not reports:
        return {}
    for attempt in (1, 2):
        try:
            written, stale = objects.ComputeNode.apply_reports(
                context, reports)
        except db_exc.DBDuplicateEntry:
            # Another report created one of the new nodes meanwhile: it
            # now exists, so once more updates it.
            if attempt == 2:
                LOG.warning('Nodes of %d reports kept being created '
                            'concurrently; writing them one by one',
                            len(reports))
            continue
        except Exception:
            LOG.warning('Writing %d node reports at once failed; writing '
                        'them one by one', len(reports), exc_info=True)
            return {}
        if stale:
            LOG.debug('%d nodes changed during their report; writing '
                      'them one by one', len(stale))
        return written
    return {}
