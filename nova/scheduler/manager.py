"""The scheduler: filters and weighs hosts, then claims room atomically."""

import itertools
import random

from oslo_log import log as logging
import oslo_messaging as messaging

import nova.conf
from nova.compute import resource_tracker
from nova import exception
from nova import manager
from nova import metrics
from nova import objects
from nova.scheduler import filters as host_filters
from nova.scheduler import forced_hosts
from nova.scheduler import host_manager
from nova.scheduler import reasons
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
        self.host_manager = host_manager.HostManager()

    def select_destinations(self, context, request_spec):
        """Claim a host for each instance of request_spec, or none at all."""
        tried = set(request_spec.ignore_hosts)
        if forced_hosts.is_forced(request_spec):
            # An admin pinned the request (availability_zone
            # "zone:host[:node]"): upstream skips filters and weighers.
            hosts = forced_hosts.restrict(
                request_spec, self.host_manager.get_host_states(context),
                tried)
            return self._claim_forced(context, request_spec, hosts)
        hosts = forced_hosts.requested(
            request_spec, self.host_manager.get_host_states(context))
        if tried:
            hosts = [h for h in hosts if h.host not in tried]
        report = reasons.Report(request_spec, considered=len(hosts))
        selections = []
        try:
            # Each instance is placed on host states that already count
            # the earlier instances of this request (consume()).
            for placed, instance_uuid in enumerate(
                    request_spec.instance_uuids):
                selections.append(self._claim_one(
                    context, instance_uuid, hosts, request_spec,
                    report.new_pass(placed)))
        except exception.NoValidHost:
            self._release(context, selections)
            metrics.no_valid_host(report)
            raise exception.NoValidHost(reason=report.summary(),
                                        details=report.details())
        metrics.SCHEDULER_DECISIONS.labels('placed').inc()
        return selections

    def _passing(self, ranked, spec, removed):
        """The ranked hosts that pass every filter, best first.

        Filtering lazily in rank order (weights normalized over all the
        hosts) stops at the first host that fits instead of running
        every filter on every host; a full scan happens only when no host
        fits, and then records which filter removed each host, exactly
        as filtering all hosts filter by filter would.
        """
        for host in ranked:
            for host_filter in self.filters:
                if not host_filter.host_passes(host, spec):
                    removed.setdefault(host_filter.name, []).append(
                        host.host)
                    break
            else:
                yield host

    def _claim_one(self, context, instance_uuid, hosts, spec, pass_report):
        removed = {}
        candidates = self._passing(
            host_weights.iter_weighed(self.weighers, hosts, spec), spec,
            removed)
        subset = CONF.filter_scheduler.host_subset_size
        if subset > 1:
            # Pick among the best few so concurrent schedulers collide less.
            head = list(itertools.islice(candidates, subset))
            random.shuffle(head)
            candidates = itertools.chain(head, candidates)
        try:
            for host in candidates:
                selection = self._claim_on(host, instance_uuid, spec)
                if selection is not None:
                    return selection
                # Someone else took the room first: try the next host.
                LOG.debug('Claim on %s lost a race for %s', host.host,
                          instance_uuid)
                pass_report.lost_claims.append(host.host)
        finally:
            # In filter order, as the summary tells it.
            pass_report.removed.extend(
                (f.name, removed[f.name]) for f in self.filters
                if f.name in removed)
        raise exception.NoValidHost(reason='')

    def _claim_forced(self, context, spec, hosts):
        """Claim room on the forced hosts, filters unasked; all or none."""
        selections = []
        for instance_uuid in spec.instance_uuids:
            selection = next(filter(None, (
                self._claim_on(host, instance_uuid, spec)
                for host in hosts)), None)
            if selection is None:
                self._release(context, selections)
                raise forced_hosts.no_room(spec)
            selections.append(selection)
        return selections

    def _claim_on(self, host, instance_uuid, spec):
        """The Selection of host if its room for the instance could be
        claimed, else None."""
        flavor = spec.flavor
        if not host.node.claim(instance_uuid, flavor.vcpus, flavor.memory_mb,
                               flavor.root_gb + flavor.ephemeral_gb):
            return None
        host.claimed(host.node, flavor, instance_uuid)
        self._joined_group(spec, host)
        # Which scheduler process placed what: the trail operators follow
        # when several schedulers share the topic.
        LOG.info('Claimed %s on %s for instance %s', flavor.name,
                 host.nodename, instance_uuid)
        return objects.Selection(
            instance_uuid=instance_uuid, service_host=host.host,
            nodename=host.nodename, compute_node_id=host.node.id,
            compute_node_uuid=host.node.uuid)

    @staticmethod
    def _joined_group(spec, host):
        """Server groups (issue 4 "groups"): the host now holds a member,
        so later instances of this request see it."""
        group = spec.instance_group if spec.obj_attr_is_set(
            'instance_group') else None
        if group is not None:
            # Counted per host for the max_server_per_host rule.
            counts = {h: group.members_on(h) for h in group.hosts}
            counts[host.host] = counts.get(host.host, 0) + 1
            group.host_counts = counts
            if host.host not in group.hosts:
                group.hosts = group.hosts + [host.host]

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
