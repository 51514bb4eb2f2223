"""Client of the conductor's RPC face (nova-conductor, topic "conductor").

1.0 - ping, build_instances, reschedule_instance, and the object
      indirection methods that let nova-compute use versioned objects
      without a database connection.
1.1 - moves: migrate_server (resize and cold migrate), live_migrate,
      evacuate (rebuild elsewhere), unshelve
1.2 - live_migrate_instance takes force (a named host skips the
      scheduler) and wait (answer once the prechecks passed)
1.3 - evacuate_instance takes force (False: the scheduler checks the
      named host)
1.4 - migrate_server takes host (a cold migration's destination, checked
      by the scheduler)
1.5 - unshelve_instance takes host, new_zone and availability_zone (an
      offloaded server's destination or zone)
1.6 - evacuate_instance takes stop (the rebuilt server stays stopped)
1.7 - register_services, heartbeat_services, report_compute_nodes: the
      many simulated hosts of one nova-compute process in one call each
1.8 - no new method: Instance.save (object 1.2) takes expected_host and
      action_event, which an older conductor would refuse
"""

import time

from oslo_log import log as logging
import oslo_messaging as messaging

from nova import rpc

TOPIC = 'conductor'
LOG = logging.getLogger(__name__)


class ConductorAPI:
    VERSION = '1.8'
    BATCH_VERSION = '1.7'
    SAVE_WITH_EVENT_VERSION = '1.8'

    def __init__(self):
        # Capped by [upgrade_levels] conductor during a rolling upgrade.
        self.client = rpc.get_client(
            messaging.Target(topic=TOPIC, version=self.VERSION),
            pin='conductor')
        # Ping and object indirection are 1.0, which every conductor
        # serves: never capped, as working out an "auto" cap itself goes
        # through them where there is no database.
        self._base_client = rpc.get_client(
            messaging.Target(topic=TOPIC, version='1.0'))

    def wait_until_ready(self, context, attempt_timeout=5, total=600):
        """Block until a conductor answers; a service calling it at start
        would otherwise lose its first messages to a queue not yet made."""
        cctxt = self._base_client.prepare(timeout=attempt_timeout)
        deadline = time.monotonic() + total
        while True:
            try:
                return cctxt.call(context, 'ping')
            except messaging.MessagingTimeout:
                if time.monotonic() > deadline:
                    raise
                LOG.warning('Waiting for a conductor to answer on topic %s',
                            TOPIC)

    def build_instances(self, context, instances, image, request_spec,
                        admin_password, injected_files):
        self.client.prepare(version='1.0').cast(
            context, 'build_instances', instances=instances, image=image,
            request_spec=request_spec, admin_password=admin_password,
            injected_files=injected_files)

    def reschedule_instance(self, context, instance, image, request_spec,
                            admin_password, injected_files, failed_host,
                            reason):
        self.client.prepare(version='1.0').cast(
            context, 'reschedule_instance', instance=instance, image=image,
            request_spec=request_spec, admin_password=admin_password,
            injected_files=injected_files, failed_host=failed_host,
            reason=reason)

    # The three methods oslo.versionedobjects calls as indirection_api.
    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        return self._base_client.prepare().call(
            context, 'object_class_action_versions', objname=objname,
            objmethod=objmethod, object_versions=object_versions, args=args,
            kwargs=kwargs)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        return self._base_client.prepare().call(
            context, 'object_action', objinst=objinst, objmethod=objmethod,
            args=args, kwargs=kwargs)

    def object_backport_versions(self, context, objinst, object_versions):
        return self._base_client.prepare().call(
            context, 'object_backport_versions', objinst=objinst,
            object_versions=object_versions)

    # 1.1: moves. The API has claimed the action's task_state; the
    # conductor picks a destination and hands over to the compute hosts.

    def migrate_server(self, context, instance, flavor, host=None):
        kwargs = {'instance': instance, 'flavor': flavor}
        version = '1.1'
        if host is not None:
            # An older conductor would pick any host: needs 1.4.
            version = '1.4'
            kwargs['host'] = host
        self.client.prepare(version=version).cast(
            context, 'migrate_server', **kwargs)

    def live_migrate_instance(self, context, instance, host,
                              block_migration, force=True, wait=False):
        """Cast; with wait, a call that raises a failed precheck."""
        kwargs = dict(instance=instance, host=host,
                      block_migration=block_migration)
        if not force or wait:
            cctxt = self.client.prepare(version='1.2')
            kwargs.update(force=force, wait=wait)
        else:
            cctxt = self.client.prepare(version='1.1')
        if wait:
            cctxt.call(context, 'live_migrate_instance', **kwargs)
        else:
            cctxt.cast(context, 'live_migrate_instance', **kwargs)

    def evacuate_instance(self, context, instance, host, admin_password,
                          force=True, stop=False):
        kwargs = {'instance': instance, 'host': host,
                  'admin_password': admin_password}
        version = '1.1'
        if not force:
            # An older conductor would force the host: refuse rather.
            version = '1.3'
            kwargs['force'] = False
        if stop:
            # An older conductor would start the guest: needs 1.6.
            version = '1.6'
            kwargs.update(force=force, stop=True)
        self.client.prepare(version=version).cast(
            context, 'evacuate_instance', **kwargs)

    def unshelve_instance(self, context, instance, host=None,
                          new_zone=False, availability_zone=None):
        """host: the destination an administrator named (API 2.91);
        new_zone: whether availability_zone replaces the server's zone
        (None unpins it)."""
        kwargs = {'instance': instance}
        version = '1.1'
        if host is not None or new_zone:
            # An older conductor would ignore them: needs 1.5.
            version = '1.5'
            kwargs.update(host=host, new_zone=new_zone,
                          availability_zone=availability_zone)
        self.client.prepare(version=version).cast(
            context, 'unshelve_instance', **kwargs)

    def delete_shelved_image(self, context, image_id):
        """nova-compute has no image store access of its own."""
        self.client.prepare(version='1.1').cast(
            context, 'delete_shelved_image', image_id=image_id)

    # 1.7: batches of hosts (nova.compute.host_group checks
    # can_send_version(BATCH_VERSION) and otherwise goes host by host).

    def can_batch(self):
        return self.client.can_send_version(self.BATCH_VERSION)

    # 1.8: whether Instance.save may carry expected_host and action_event.

    def can_save_with_event(self):
        return self.client.can_send_version(self.SAVE_WITH_EVENT_VERSION)

    def register_services(self, context, hosts, binary, topic):
        return self.client.prepare(version='1.7').call(
            context, 'register_services', hosts=hosts, binary=binary,
            topic=topic)

    def heartbeat_services(self, context, service_ids):
        return self.client.prepare(version='1.7').call(
            context, 'heartbeat_services', service_ids=service_ids)

    def report_compute_nodes(self, context, reports):
        return self.client.prepare(version='1.7').call(
            context, 'report_compute_nodes', reports=reports)
