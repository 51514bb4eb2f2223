"""The simulated hosts of one nova-compute process, run as one unit.

A scale test runs many fake hosts in one process ([fake_driver]
simulated_hosts). Each one alone would register, beat every
report_interval and report its resources every update_resources_interval
with conductor calls of its own: 1,000 hosts made over 100 calls a second
and swamped the conductor. The group makes those calls for all its hosts
at once, BATCH hosts a call (conductor RPC 1.7). The reads of the hosts'
periodic tasks (lost-build watch, power state sync, reaper) and of their
start (instances, evacuations from them) go BATCH hosts a call too, over
the object calls every conductor serves. Against an older conductor (a
rolling upgrade, see [upgrade_levels] conductor) each host goes on alone
as before.
"""

import concurrent.futures

from oslo_log import log as logging
import oslo_messaging as messaging

import nova.conf
from nova.compute import build_watch
from nova.compute import console_actions
from nova.compute import move_actions
from nova.compute import reaper
from nova import context as nova_context
from nova import objects
from nova.objects import migration as migration_obj
from nova import rpc
from nova.conductor import rpcapi as conductor_rpcapi
from nova import service

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# Hosts per conductor call: each call stays short (well inside the RPC
# timeout) while 1,000 hosts still take ten calls, not thousands.
BATCH = 100
# Nodes per resource report: the conductor writes and recounts them in
# one transaction (nova.db.node_reports), a fraction of a second for 100.
REPORT_BATCH = BATCH
# Every how many update_resources_interval all nodes are reported, not
# only those whose capacity changed.
FULL_EVERY = 10
# Hosts starting at once (their RPC server and init_host).
START_CONCURRENCY = 16
# Builds, deletes and actions the process's hosts run at once, all hosts
# together: build_workers threads per host let 1,000 hosts take 500
# builds at once, whose conductor calls queued past the RPC timeout
# (heartbeats behind them, so every host went down). One process has
# one interpreter's CPU anyway.
GROUP_WORKERS = 32


def _chunks(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _too_old(error):
    """A conductor that does not serve 1.7 although no pin said so."""
    return (isinstance(error, messaging.UnsupportedVersion) or
            getattr(error, 'exc_type', None) in ('UnsupportedVersion',
                                                 'NoSuchMethod'))


class HostGroup:
    """Starts, keeps up and stops the services of many simulated hosts."""

    def __init__(self, services):
        self.services = services
        self.binary = services[0].binary
        self.topic = services[0].topic
        self.conductor = conductor_rpcapi.ConductorAPI()
        self.batched = True
        self._timers = None
        self._rpc_server = None
        self._last_reports = {}  # host -> its last reports sent
        self._updates = 0
        self._workers = concurrent.futures.ThreadPoolExecutor(
            max_workers=GROUP_WORKERS, thread_name_prefix='compute-group')
        for svc in services:
            svc.manager.share_workers(self._workers)

    def __repr__(self):
        return '<HostGroup of %d %s>' % (len(self.services), self.binary)

    def start(self):
        """Register every host, start each (its RPC server first), then
        report their nodes: the scheduler sees a node only once its host
        takes messages. Then the first heartbeat of all."""
        context = nova_context.get_admin_context()
        self.batched = self.conductor.can_batch()
        if not self.batched:
            LOG.info('The conductor is older than %s: the %d simulated '
                     'hosts register and beat one by one',
                     self.conductor.BATCH_VERSION, len(self.services))
        records = self._register(context)
        for svc in self.services:
            # The group reports resources and cleans consoles for all.
            svc.manager.grouped = self.batched
        # Made before, started after the hosts: a message waits in its
        # host's queue until the host is ready, as with a server per host.
        self._rpc_server = rpc.get_shared_server(
            self.topic, {svc.host: svc.manager for svc in self.services})
        if self.batched:
            self._prefetch_instances(context)
        self._start_services(records)
        if self._rpc_server is not None:
            self._rpc_server.start()
        if self.batched:
            self._report_resources(context)
            self.heartbeat(context)
            # Heartbeats on a thread of their own: a slow resource report
            # (minutes for 1,000 nodes on a loaded machine) must not hold
            # them back past service_down_time.
            self._timers = [
                service.PeriodicRunner('%s-group-heartbeat' % self.binary, [
                    (CONF.report_interval, self.heartbeat)],
                    wait_first=True),
                service.PeriodicRunner('%s-group' % self.binary, [
                    (CONF.update_resources_interval, self.update_resources),
                    (CONF.deadlines.check_interval, self.end_lost_builds),
                    (CONF.sync_power_state_interval,
                     self.sync_power_states),
                    (CONF.running_deleted_instance_poll_interval,
                     self.reap_unowned_guests),
                    (console_actions.CLEAN_EXPIRED_SECONDS,
                     self.services[0].manager.clean_expired_consoles)],
                    wait_first=True)]
            for timer in self._timers:
                timer.start()
        LOG.info('Started %d simulated hosts (%s)', len(self.services),
                 'batched reports' if self.batched else 'one by one')

    def _register(self, context):
        if self.batched:
            try:
                records = []
                for chunk in _chunks([s.host for s in self.services]):
                    records.extend(self.conductor.register_services(
                        context, chunk, self.binary, self.topic))
                return records
            except messaging.MessagingException as error:
                if not _too_old(error):
                    raise
                self.batched = False
                LOG.warning('The conductor refused batched registration '
                            '(%s); going host by host', error)
        # Each host registers itself as it starts (Service.start).
        return [None] * len(self.services)

    def _report_chunk(self, context, pairs):
        flat = [report for _svc, reports in pairs for report in reports]
        nodes = self.conductor.report_compute_nodes(context, flat)
        for svc, reports in pairs:
            self._last_reports[svc.host] = reports
        by_host = {}
        for node in nodes:
            by_host.setdefault(node.host, []).append(node)
        for svc, _reports in pairs:
            svc.manager.tracker.take_nodes(by_host.get(svc.host, []))

    def _instances_by_host(self, context, services, **filters):
        """The instances of services' hosts (matching filters), read in
        one call."""
        by_host = {svc.host: [] for svc in services}
        filters['host'] = sorted(by_host)
        for instance in objects.InstanceList.get_by_filters(
                context, filters,
                sort_keys=['created_at'], sort_dirs=['asc']):
            by_host[instance.host].append(instance)
        return by_host

    def _watched_by_host(self, context, services):
        """The instances of services' hosts in a task the lost-build
        watch takes up: it passes over the others, and at 10 servers a
        host reading them all each minute moved 10,000 servers through
        the conductor to find none."""
        return self._instances_by_host(
            context, services,
            task_state=sorted(build_watch.WATCHED_TASK_STATES))

    def end_lost_builds(self, context):
        """Each host's watch (nova.compute.build_watch) over the
        instances in a watched task, read for BATCH hosts at a time."""
        self._each_host(
            context, 'lost-build watch', self._watched_by_host,
            lambda svc, instances: svc.manager.end_lost_builds(
                context, instances))

    def sync_power_states(self, context):
        """Each host's power state sync (nova.compute.power_sync) over
        the instances read for BATCH hosts at a time."""
        self._each_host(
            context, 'power state sync', self._instances_by_host,
            lambda svc, instances: svc.manager.power_sync.sync_power_states(
                context, instances))

    def reap_unowned_guests(self, context):
        """Each host's reaper (nova.compute.reaper) over the records of
        the guests of BATCH hosts read at a time."""
        if CONF.running_deleted_instance_action == 'noop':
            return
        self._each_host(
            context, 'reaper', self._guest_records_by_host,
            lambda svc, records: svc.manager.reaper.reap_unowned_guests(
                context, records))

    def _each_host(self, context, task, read, run):
        """run(service, what read found for it) for every host, read for
        BATCH hosts at a time. A read that fails skips its hosts this
        time; a host that fails leaves the others."""
        for chunk in _chunks(self.services):
            try:
                by_host = read(context, chunk)
            except Exception:
                LOG.warning('Reading for the %s of %d hosts failed', task,
                            len(chunk), exc_info=True)
                continue
            for svc in chunk:
                try:
                    run(svc, by_host[svc.host])
                except Exception:
                    LOG.exception('The %s of %s failed', task, svc.host)

    def _guest_records_by_host(self, context, services):
        guests = {svc.host: set(svc.manager.driver.list_instance_uuids())
                  for svc in services}
        records = reaper.read_records(context, set().union(*guests.values()))
        return {host: [r for r in records if r.uuid in uuids]
                for host, uuids in guests.items()}

    def _prefetch_instances(self, context):
        """What each host's start reads about its instances and the
        evacuations from it, read for BATCH hosts at a time (the
        evacuations of all at once: ComputeManager.init_host)."""
        evacuations = {}
        for migration in objects.MigrationList.get_by_filters(
                context, migration_type=migration_obj.EVACUATION,
                status=move_actions.EVACUATIONS_TO_CLEAN):
            evacuations.setdefault(migration.source_compute, []).append(
                migration)
        for chunk in _chunks(self.services):
            by_host = self._instances_by_host(context, chunk)
            for svc in chunk:
                svc.manager.prefetched_instances = by_host[svc.host]
                svc.manager.prefetched_evacuations = evacuations.get(
                    svc.host, [])

    def _start_services(self, records):
        heartbeat = not self.batched
        listen = self._rpc_server is None
        with concurrent.futures.ThreadPoolExecutor(
                min(len(self.services), START_CONCURRENCY)) as pool:
            futures = [pool.submit(svc.start, record, heartbeat, listen)
                       for svc, record in zip(self.services, records)]
        errors = [f.exception() for f in futures if f.exception()]
        if errors:
            self.stop()
            raise errors[0]

    def heartbeat(self, context):
        for chunk in _chunks(self.services):
            try:
                self.conductor.heartbeat_services(
                    context, [svc.record.id for svc in chunk])
            except Exception:
                # As Service.heartbeat: an outage shows the hosts down
                # until a heartbeat gets through again.
                LOG.warning('Heartbeat of %d hosts failed', len(chunk),
                            exc_info=True)

    def update_resources(self, context):
        """Report the nodes whose capacity changed since their last
        report, and every FULL_EVERY-th time all of them (their usage
        recounted): claims, builds and deletes recount a node's usage as
        they happen, so the full pass is only the safety net."""
        self._updates += 1
        full = self._updates % FULL_EVERY == 0
        pairs = []
        for svc in self.services:
            reports = svc.manager.tracker.reports(svc.record.id)
            if full or reports != self._last_reports.get(svc.host):
                pairs.append((svc, reports))
        for chunk in _chunks(pairs, REPORT_BATCH):
            try:
                self._report_chunk(context, chunk)
            except Exception:
                LOG.warning('Resource report of %d hosts failed',
                            len(chunk), exc_info=True)

    def _report_resources(self, context):
        """The first report: a failure stops the start, as a host's own
        first report in init_host would."""
        for chunk in _chunks(self.services, REPORT_BATCH):
            self._report_chunk(context, [
                (svc, svc.manager.tracker.reports(svc.record.id))
                for svc in chunk])

    def stop(self):
        for timer in self._timers or ():
            timer.stop()
        if self._rpc_server is not None:
            try:
                self._rpc_server.stop()
                self._rpc_server.wait()
            except Exception:
                LOG.exception('Error stopping the RPC server of %s', self)
        with concurrent.futures.ThreadPoolExecutor(
                min(len(self.services), START_CONCURRENCY)) as pool:
            list(pool.map(_stop_quietly, self.services))
        self._workers.shutdown(wait=True)


def _stop_quietly(svc):
    try:
        svc.stop()
    except Exception:
        LOG.exception('Error stopping %s on %s', svc.binary, svc.host)
