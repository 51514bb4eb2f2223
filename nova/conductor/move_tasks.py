"""The conductor's side of moves: choosing a destination and handing the
work to the compute hosts (resize, cold and live migration, evacuation,
unshelve). A mixin of ConductorManager; RPC version 1.1.

The API has already claimed the action's task_state. Here a Migration
records the move, the destination's room is claimed (by the scheduler, or
on the host the admin named) and the first compute step is cast. When no
destination can be had, the server goes back to the state it was in, with
a fault saying why, and the migration ends in error.
"""

from oslo_log import log as logging

import nova.conf
from nova.compute import resource_tracker
from nova.compute import states
from nova.compute import utils as compute_utils
from nova.conductor import server_group_check
from nova import exception
from nova.image import api as image_api
from nova import objects
from nova.objects import migration as migration_obj
from nova import service as nova_service

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)
COMPUTE_BINARY = 'nova-compute'


class MoveTasksMixin:
    """RPC methods 1.1 of ConductorManager."""

    # Resize and cold migration --------------------------------------------

    def migrate_server(self, context, instance, flavor, host=None):
        """Resize, or cold migrate; a cold migration's named host (API
        2.56) goes through the scheduler's filters like any other."""
        resize = flavor.id != instance.flavor.id
        action = 'resize' if resize else 'migrate'
        migration = None
        try:
            with compute_utils.EventReporter(
                    context, 'conductor_migrate_server', self.host,
                    instance.uuid):
                migration = self._new_migration(
                    context, instance, migration_obj.RESIZE if resize
                    else migration_obj.MIGRATION, 'pre-migrating', flavor)
                same_host_ok = resize and CONF.allow_resize_to_same_host
                self._choose_destination(
                    context, instance, migration, flavor, host,
                    ignore_hosts=[] if same_host_ok else [instance.host],
                    force=False)
        except Exception as error:
            self._move_failed(context, instance, action, migration, error)
            return
        self.compute.prep_resize(context, instance, migration)

    # Live migration -------------------------------------------------------

    def live_migrate_instance(self, context, instance, host,
                              block_migration, force=True, wait=False):
        """Choose and claim the destination (the prechecks), then hand
        over to the source host. A named host skips the scheduler only
        when forced (always before API 2.30). With wait (a call, API
        before 2.34) a failed precheck is raised to the caller too."""
        migration = None
        try:
            with compute_utils.EventReporter(
                    context, 'conductor_live_migrate_instance', self.host,
                    instance.uuid):
                migration = self._new_migration(
                    context, instance, migration_obj.LIVE_MIGRATION,
                    'accepted', instance.flavor)
                self._choose_destination(context, instance, migration,
                                         instance.flavor, host,
                                         ignore_hosts=[instance.host],
                                         force=force)
                migration.status = 'preparing'
                migration.save()
        except Exception as error:
            self._move_failed(context, instance, 'live_migrate', migration,
                              error)
            if wait:
                raise
            return
        self.compute.live_migration(context, instance, migration,
                                    block_migration)

    # Evacuation -----------------------------------------------------------

    def evacuate_instance(self, context, instance, host, admin_password,
                          force=True):
        migration = None
        try:
            with compute_utils.EventReporter(
                    context, 'conductor_rebuild_server', self.host,
                    instance.uuid):
                migration = self._new_migration(
                    context, instance, migration_obj.EVACUATION, 'accepted',
                    instance.flavor)
                self._choose_destination(context, instance, migration,
                                         instance.flavor, host,
                                         ignore_hosts=[instance.host],
                                         force=force)
                migration.status = 'pre-migrating'
                migration.save()
                image = self._image_meta(context, instance.image_ref)
        except Exception as error:
            self._move_failed(context, instance, 'evacuate', migration,
                              error)
            return
        self.compute.evacuate_instance(context, instance, migration, image,
                                       admin_password)

    # Unshelve -------------------------------------------------------------

    def unshelve_instance(self, context, instance):
        """A shelved server starts in place; an offloaded one is
        scheduled (the claim places it) and spawned from its snapshot."""
        if instance.host:
            self.compute.unshelve_instance(context, instance, instance.host,
                                           None)
            return
        try:
            with compute_utils.EventReporter(
                    context, 'conductor_unshelve_instance', self.host,
                    instance.uuid):
                image_id = instance.system_metadata.get('shelved_image_id')
                image = self._image_meta(context, image_id)
                if image is None:
                    raise exception.ImageNotFound(image_id=image_id)
                spec = self._request_spec(context, instance,
                                          instance.flavor, [])
                spec.image = image
                selection = self.scheduler.select_destinations(
                    context, spec)[0]
        except Exception as error:
            self._move_failed(context, instance, 'unshelve', None, error)
            return
        self.compute.unshelve_instance(context, instance,
                                       selection.service_host, image)

    def delete_shelved_image(self, context, image_id):
        try:
            image_api.API().delete(context, image_id)
        except exception.ImageNotFound:
            pass
        except Exception:
            LOG.exception('Could not delete shelved image %s', image_id)

    # Helpers --------------------------------------------------------------

    @staticmethod
    def _new_migration(context, instance, migration_type, status, flavor):
        migration = objects.Migration(context=context)
        migration.instance_uuid = instance.uuid
        migration.migration_type = migration_type
        migration.status = status
        migration.source_compute = instance.host
        migration.source_node = instance.node
        migration.old_instance_type_id = instance.flavor.id
        migration.new_instance_type_id = flavor.id
        migration.old_flavor = instance.flavor
        migration.new_flavor = flavor
        migration.user_id = context.user_id
        # Who started the move (API 2.80 shows and filters them).
        migration.project_id = context.project_id
        migration.create()
        return migration

    @staticmethod
    def _request_spec(context, instance, flavor, ignore_hosts):
        return objects.RequestSpec(
            project_id=instance.project_id, user_id=instance.user_id,
            flavor=flavor, image=None, num_instances=1,
            availability_zone=instance.availability_zone,
            instance_uuids=[instance.uuid], ignore_hosts=ignore_hosts,
            scheduler_hints={},
            instance_group=server_group_check.group_for_move(context,
                                                             instance))

    def _choose_destination(self, context, instance, migration, flavor,
                            host, ignore_hosts, force=True):
        """Claim room for flavor on host (or where the scheduler says) and
        record it as the migration's destination. A host not forced goes
        through the scheduler's filters like any other."""
        if host and not force:
            self._check_named_host(context, instance, host)
            ignore_hosts = list(ignore_hosts) + [
                service.host for service in objects.ServiceList.get_all(
                    context, binary=COMPUTE_BINARY) if service.host != host]
        elif host:
            node = self._check_named_host(context, instance, host)
            self._set_destination(migration, host, node.hypervisor_hostname)
            if not node.claim(instance.uuid, flavor.vcpus, flavor.memory_mb,
                              flavor.root_gb + flavor.ephemeral_gb):
                raise exception.NoValidHost(
                    reason='Host %s has not enough free resources for '
                           'flavor %s.' % (host, flavor.name))
            return
        selection = self.scheduler.select_destinations(
            context, self._request_spec(context, instance, flavor,
                                        ignore_hosts))[0]
        self._set_destination(migration, selection.service_host,
                              selection.nodename)

    @staticmethod
    def _set_destination(migration, host, nodename):
        migration.dest_compute = host
        migration.dest_host = host
        migration.dest_node = nodename
        migration.save()

    @staticmethod
    def _check_named_host(context, instance, host):
        """The compute node of host, if a server may move there."""
        if host == instance.host:
            raise exception.InvalidInput(
                reason='The server is already on host %s; choose '
                       'another.' % host)
        try:
            service = objects.Service.get_by_host_and_binary(
                context, host, COMPUTE_BINARY)
        except exception.ServiceNotFound:
            raise exception.ComputeHostNotFound(host=host)
        if not nova_service.is_up(service):
            raise exception.InvalidInput(
                reason='Compute service of %s is unavailable at this '
                       'time.' % host)
        nodes = objects.ComputeNodeList.get_all(context, host=host).objects
        if not nodes:
            raise exception.ComputeHostNotFound(host=host)
        return nodes[0]

    @staticmethod
    def _image_meta(context, image_id):
        if not image_id:
            return None
        try:
            return objects.ImageMeta.from_dict(
                image_api.API().get(context, image_id))
        except exception.ImageNotFound:
            return None

    @staticmethod
    def _move_failed(context, instance, action, migration, error):
        """Back to the state the action started from, with a fault."""
        LOG.warning('%s of instance %s failed in the conductor: %s',
                    action, instance.uuid, error)
        compute_utils.record_fault(context, instance, error)
        instance.task_state = None
        try:
            instance.save(expected_task_state=[
                states.TRANSITIONS[action].task_state])
        except (exception.InstanceNotFound, exception.UnexpectedStateError):
            LOG.info('Instance %s changed meanwhile; leaving it as it is',
                     instance.uuid)
        if migration is None or not migration.obj_attr_is_set('id'):
            return
        migration.status = 'error'
        migration.save()
        if migration.dest_compute:
            # The claim on the destination is no longer held by anything.
            try:
                resource_tracker.refresh_node_usage(
                    objects.ComputeNode.get_by_host_and_nodename(
                        context, migration.dest_compute,
                        migration.dest_node))
            except exception.ComputeHostNotFound:
                pass
