"""The conductor: orchestrates builds and serves objects to computes."""

from oslo_log import log as logging
import oslo_messaging as messaging

import nova.conf
from nova.compute import rpcapi as compute_rpcapi
from nova.compute import utils as compute_utils
from nova.conductor import build_recovery
from nova.conductor import db_pool
from nova.conductor import deadlines
from nova.conductor import host_reports
from nova.conductor import rpcapi
from nova.conductor import server_group_check
from nova.db import api as db_api
from nova import exception
from nova.conductor import move_tasks
from nova import manager
from nova import metrics
from nova import objects
from nova.objects import base as objects_base
from nova.scheduler import rpcapi as scheduler_rpcapi

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def _volume_mappings(context, instance):
    """The instance's volume mappings, for its compute to connect: read
    here with the build, where the database is, instead of by the compute
    over one more conductor call per build. None when the read fails:
    the placed build still goes out, and its compute reads them (as one
    before 1.14 does), under the compute's own outage handling."""
    return _build_reads(context, instance, True, False)[0]


def _build_reads(context, instance, mappings, network):
    """(volume mappings, InstanceNetworkInfo) of the instance for its
    compute, those asked for, read in one transaction: what the compute
    would otherwise ask the conductor for, a call each. (None, None) when
    the read fails: the placed build still goes out, and its compute
    reads them (as one before 1.14 does), under its own outage handling.
    """
    if not (mappings or network):
        return None, None
    try:
        with db_api.reader.using(context):
            bdms = info = None
            if mappings:
                bdms = objects.BlockDeviceMappingList(objects=[
                    bdm for bdm in
                    objects.BlockDeviceMappingList.get_by_instance_uuid(
                        context, instance.uuid) if bdm.is_volume])
            if network:
                info = objects.InstanceNetworkInfo.get_by_instance_uuid(
                    context, instance.uuid)
            return bdms, info
    except Exception as error:
        LOG.warning('Could not read the volume mappings and network of '
                    'instance %s for its build (its compute reads them): '
                    '%s', instance.uuid, error)
        return None, None


def _sends_network_info(compute):
    """Whether builds carry the instance's network info: the compute
    takes it (1.15) and binding the instance to its host cannot change
    it (the built-in networking; Neutron's binding details can)."""
    from nova.network import api as network_api
    return (compute.can_build_with_network_info() and
            not network_api.get_api().binding_changes_network_info)


def _release_network(context, instance):
    """A build given up: the network service takes back its ports."""
    from nova.network import api as network_api
    try:
        network_api.get_api().release_for_failed_build(context, instance)
    except Exception:
        LOG.exception('Could not release the network of instance %s',
                      instance.uuid)


class ConductorManager(move_tasks.MoveTasksMixin, manager.Manager):
    target = messaging.Target(version=rpcapi.ConductorAPI.VERSION)

    def __init__(self, host):
        super().__init__(host)
        db_pool.size_for_rpc_threads()
        self.scheduler = scheduler_rpcapi.SchedulerAPI()
        self.compute = compute_rpcapi.ComputeAPI()
        self.deadlines = deadlines.DeadlineSweeper(host)
        self.build_recovery = build_recovery.BuildRecovery(
            host, self.build_instances)

    def periodic_tasks(self):
        return [(CONF.deadlines.check_interval,
                 self.deadlines.expire_overdue_tasks),
                (CONF.deadlines.check_interval,
                 self.build_recovery.sweep)]

    def ping(self, context):
        return 'pong'

    def build_instances(self, context, instances, image, request_spec,
                        admin_password, injected_files, previous_error=None):
        """Place the instances and hand each to its compute host."""
        request_spec.instance_uuids = [inst.uuid for inst in instances]
        request_spec.num_instances = len(instances)
        server_group_check.refresh_group(request_spec)
        try:
            with compute_utils.EventReporter(
                    context, build_recovery.SCHEDULE_EVENT,
                    self.host, *request_spec.instance_uuids), \
                    metrics.BUILD_PHASES.labels('scheduling').time():
                selections = self.scheduler.select_destinations(
                    context, request_spec)
        except Exception as error:
            LOG.warning('Scheduling failed for %s: %s',
                        request_spec.instance_uuids, error)
            if previous_error is not None:
                # A reschedule found no other host: say what failed first.
                error = exception.MaxRetriesExceeded(
                    reason='%s No other host could take it: %s' % (
                        previous_error, getattr(error, 'message', error)),
                    details=getattr(error, 'kwargs', {}).get('details'))
            for instance in instances:
                compute_utils.set_error(context, instance, error)
                _release_network(context, instance)
            return
        by_uuid = {s.instance_uuid: s for s in selections}
        losers = {s.instance_uuid for s in
                  server_group_check.unplace_losers(
                      context, request_spec, instances, selections)}
        with_bdms = self.compute.can_build_with_bdms()
        with_network = _sends_network_info(self.compute)
        for instance in instances:
            selection = by_uuid[instance.uuid]
            if instance.uuid in losers:
                self._reschedule_group_loser(
                    context, instance, selection, image, request_spec,
                    admin_password, injected_files)
                continue
            bdms, network = _build_reads(context, instance, with_bdms,
                                         with_network)
            self.compute.build_and_run_instance(
                context, instance, selection.service_host,
                selection.nodename, image, request_spec, admin_password,
                injected_files, block_device_mappings=bdms,
                instance_network_info=network)

    def _reschedule_group_loser(self, context, instance, selection, image,
                                request_spec, admin_password,
                                injected_files):
        """A concurrent request put another server of the anti-affinity
        group on this host (its claim is given back): try another host."""
        self.reschedule_instance(
            context, instance, image, request_spec.obj_clone(),
            admin_password, injected_files, selection.service_host,
            server_group_check.VIOLATION % (
                request_spec.instance_group.uuid, selection.service_host))

    def reschedule_instance(self, context, instance, image, request_spec,
                            admin_password, injected_files, failed_host,
                            reason):
        """Try a build again elsewhere after it failed on failed_host."""
        request_spec.ignore_hosts = list(request_spec.ignore_hosts) + [
            failed_host]
        attempts = len(request_spec.ignore_hosts)
        summary = ('Build failed on %d host(s) (%s); last error: %s.' % (
            attempts, ', '.join(request_spec.ignore_hosts),
            reason.rstrip('.')))
        if attempts >= CONF.scheduler.max_attempts:
            compute_utils.set_error(context, instance,
                                    exception.MaxRetriesExceeded(
                                        reason=summary))
            _release_network(context, instance)
            return
        LOG.info('Rescheduling instance %s (attempt %d) after failure on '
                 '%s', instance.uuid, attempts + 1, failed_host)
        # A take-over of this build later skips these hosts too.
        request_spec.save_ignore_hosts(context, instance.uuid)
        self.build_instances(context, [instance], image, request_spec,
                             admin_password, injected_files,
                             previous_error=summary)

    # 1.7: batched reports of the simulated hosts of a compute process.
    def register_services(self, context, hosts, binary, topic):
        return host_reports.register_services(context, hosts, binary, topic)

    def heartbeat_services(self, context, service_ids):
        return host_reports.heartbeat_services(context, service_ids)

    def report_compute_nodes(self, context, reports):
        return host_reports.report_compute_nodes(context, reports)

    # Object indirection: nova-compute has no database connection, so its
    # remotable object methods run here. Their exceptions are answers
    # (a service not registered yet, a state that changed), not failures
    # of this service: they go back to the caller without a traceback here.
    @messaging.expected_exceptions(exception.NovaException)
    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        objclass = objects_base.NovaObject.obj_class_from_name(
            objname, object_versions[objname])
        result = getattr(objclass, objmethod)(context, *args, **kwargs)
        if isinstance(result, objects_base.NovaObject):
            return result.obj_to_primitive(
                target_version=object_versions.get(result.obj_name()),
                version_manifest=object_versions)
        return result

    @messaging.expected_exceptions(exception.NovaException)
    def object_action(self, context, objinst, objmethod, args, kwargs):
        before = objinst.obj_clone()
        result = getattr(objinst, objmethod)(*args, **kwargs)
        updates = {}
        for name, field in objinst.fields.items():
            if not objinst.obj_attr_is_set(name):
                continue
            if (not before.obj_attr_is_set(name) or
                    getattr(before, name) != getattr(objinst, name)):
                updates[name] = field.to_primitive(objinst, name,
                                                   getattr(objinst, name))
        updates['obj_what_changed'] = objinst.obj_what_changed()
        return updates, result

    def object_backport_versions(self, context, objinst, object_versions):
        return objinst.obj_to_primitive(
            target_version=object_versions[objinst.obj_name()],
            version_manifest=object_versions)
