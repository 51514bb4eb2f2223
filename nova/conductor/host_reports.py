"""The conductor's side of batched host reports: the simulated hosts of
one nova-compute process register, beat and report their resources in a
few calls instead of a few calls each (nova.compute.host_group)."""

from oslo_log import log as logging

from nova.compute import resource_tracker
from nova import objects
from nova.objects import service as service_obj

LOG = logging.getLogger(__name__)


def register_services(context, hosts, binary, topic):
    """The service record of binary on each of hosts, created where
    missing; a ServiceList in the order of hosts."""
    records = objects.ServiceList(context=context, objects=[
        service_obj.ensure_registered(context, host, binary, topic)
        for host in hosts])
    records.obj_reset_changes()
    return records


def heartbeat_services(context, service_ids):
    """How many services beat (the ids given)."""
    objects.ServiceList.heartbeat(context, service_ids)
    return len(service_ids)


def report_compute_nodes(context, reports):
    """Write each resource_tracker.node_report; a ComputeNodeList of the
    records in the order of reports. A node that fails is left out (and
    logged): one bad host must not stop the others' reports."""
    nodes = []
    for report in reports:
        try:
            nodes.append(resource_tracker.apply_report(context, report))
        except Exception:
            LOG.exception('Resource report of node %s of host %s failed',
                          report.get('nodename'), report.get('host'))
    result = objects.ComputeNodeList(context=context, objects=nodes)
    result.obj_reset_changes()
    return result
