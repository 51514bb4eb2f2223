"""The scheduler: filters and weighs hosts, then claims room atomically."""

import random

from oslo_log import log as logging
import oslo_messaging as messaging

import nova.conf
from nova.compute import resource_tracker
from nova import exception
from nova import manager
from nova import objects
from nova.scheduler import filters as host_filters
from nova.scheduler import host_manager
from nova.scheduler import rpcapi
from nova.scheduler import weights as host_weights

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class SchedulerManager(manager.Manager):
    target = messaging.Target(version=rpcapi.SchedulerAPI.VERSION)

    def __init__(self, host):
        super().__init__(host)
        self.filters = host_filters.load_filters(
            CONF.filter_scheduler.enabled_filters)
        self.weighers = host_weights.load_weighers(
            CONF.filter_scheduler.weight_classes)

    def select_destinations(self, context, request_spec):
        """Claim a host for each instance of request_spec, or none at all."""
        hosts = [h for h in host_manager.get_host_states(context)
                 if h.host not in request_spec.ignore_hosts]
        considered = len(hosts)
        removed = []
        for host_filter in self.filters:
            before = len(hosts)
            hosts = [h for h in hosts
                     if host_filter.host_passes(h, request_spec)]
            if before != len(hosts):
                removed.append((host_filter.name, before - len(hosts)))
            if not hosts:
                break
        selections = []
        try:
            for instance_uuid in request_spec.instance_uuids:
                selections.append(self._claim_one(
                    context, instance_uuid, hosts, request_spec))
        except exception.NoValidHost:
            self._release(context, selections)
            raise exception.NoValidHost(reason=self._reason(
                considered, removed, request_spec, hosts))
        return selections

    def _claim_one(self, context, instance_uuid, hosts, spec):
        flavor = spec.flavor
        candidates = [h for h in hosts if all(
            f.host_passes(h, spec) for f in self.filters)]
        ranked = host_weights.weigh(self.weighers, candidates, spec)
        subset = CONF.filter_scheduler.host_subset_size
        if subset > 1 and len(ranked) > 1:
            # Pick among the best few so concurrent schedulers collide less.
            head = ranked[:subset]
            random.shuffle(head)
            ranked = head + ranked[subset:]
        for host in ranked:
            if host.node.claim(instance_uuid, flavor.vcpus, flavor.memory_mb,
                               flavor.root_gb + flavor.ephemeral_gb):
                host.consume(flavor)
                return objects.Selection(
                    instance_uuid=instance_uuid, service_host=host.host,
                    nodename=host.nodename, compute_node_id=host.node.id,
                    compute_node_uuid=host.node.uuid)
            # Someone else took the room first: forget this host for now.
            LOG.debug('Claim on %s lost a race for %s', host.host,
                      instance_uuid)
        raise exception.NoValidHost(reason='')

    def _release(self, context, selections):
        """Undo the claims of a multi-instance request that failed."""
        for selection in selections:
            try:
                instance = objects.Instance.get_by_uuid(
                    context, selection.instance_uuid)
                instance.host = None
                instance.node = None
                instance.save()
            except exception.InstanceNotFound:
                pass
            node = objects.ComputeNode.get_by_host_and_nodename(
                context, selection.service_host, selection.nodename)
            resource_tracker.refresh_node_usage(node)

    @staticmethod
    def _reason(considered, removed, spec, remaining):
        flavor = spec.flavor
        parts = ['There are not enough hosts available for %d instance(s) '
                 'of flavor %s (%d vCPU, %d MiB RAM, %d GiB disk): %d '
                 'host(s) considered' % (
                     spec.num_instances, flavor.name, flavor.vcpus,
                     flavor.memory_mb, flavor.root_gb + flavor.ephemeral_gb,
                     considered)]
        if spec.ignore_hosts:
            parts.append('%d already tried' % len(spec.ignore_hosts))
        for name, count in removed:
            parts.append('%s removed %d' % (name, count))
        if remaining:
            parts.append('%d left without room for all instances'
                         % len(remaining))
        return '; '.join(parts) + '.'
