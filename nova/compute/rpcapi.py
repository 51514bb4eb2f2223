"""Client of the compute service's RPC face (topic compute.<host>).

1.0 - build_and_run_instance, terminate_instance
1.1 - power actions: reboot_instance, stop_instance, start_instance,
      pause_instance, unpause_instance, suspend_instance, resume_instance
1.2 - actions on the guest where it runs (rescue, rebuild, snapshot,
      password, console output, soft delete and restore, ...)
1.3 - moves: resize, migrate, live migration, evacuation, shelve
1.4 - consoles: get_console
1.5 - volumes: attach_volume, detach_volume, swap_volume
1.6 - networking: refresh_instance_network
1.7 - get_diagnostics, external_instance_event, volume_snapshot_create,
      volume_snapshot_delete
1.8 - running live migrations: live_migration_force_complete,
      live_migration_abort
1.9 - trigger_crash_dump
1.10 - get_instance_diagnostics (the standard format of API 2.48)
1.11 - cache_images (aggregate image cache, API 2.81)
1.12 - evacuate_instance takes stop (API 2.95: the rebuilt server stays
       stopped)
1.13 - rebuild_instance takes reimage_boot_volume (API 2.93: the boot
       volume of a volume-backed server is rewritten from the image)
1.14 - build_and_run_instance takes block_device_mappings (the volume
       mappings the conductor read: the compute need not ask for them)
1.15 - build_and_run_instance takes instance_network_info (the
       InstanceNetworkInfo the conductor read with the mappings, where
       binding to the host cannot change it: one call fewer per build)
"""

import oslo_messaging as messaging

from nova import rpc

TOPIC = 'compute'


class ComputeAPI:
    VERSION = '1.15'
    BUILD_WITH_BDMS_VERSION = '1.14'
    BUILD_WITH_NETWORK_VERSION = '1.15'

    def __init__(self):
        # Capped by [upgrade_levels] compute during a rolling upgrade.
        self.client = rpc.get_client(
            messaging.Target(topic=TOPIC, version=self.VERSION),
            pin='compute')

    def require(self, version, method):
        """ServiceTooOld (409) when [upgrade_levels] compute caps below
        version; checked before an action changes any state."""
        rpc.require(self.client, TOPIC, version, method)

    def build_and_run_instance(self, context, instance, host, node, image,
                               request_spec, admin_password,
                               injected_files, block_device_mappings=None,
                               instance_network_info=None):
        # Each send names the version its method came with, never the
        # client's newest: a capped client only refuses what is newer.
        # What the compute is not sent, it reads through the conductor.
        kwargs = {}
        version = '1.0'
        if block_device_mappings is not None and self.client.can_send_version(
                self.BUILD_WITH_BDMS_VERSION):
            version = self.BUILD_WITH_BDMS_VERSION
            kwargs['block_device_mappings'] = block_device_mappings
        if instance_network_info is not None and \
                self.client.can_send_version(
                    self.BUILD_WITH_NETWORK_VERSION):
            version = self.BUILD_WITH_NETWORK_VERSION
            kwargs['instance_network_info'] = instance_network_info
        self.client.prepare(server=host, version=version).cast(
            context, 'build_and_run_instance', instance=instance, node=node,
            image=image, request_spec=request_spec,
            admin_password=admin_password, injected_files=injected_files,
            **kwargs)

    def can_build_with_bdms(self):
        """Whether build_and_run_instance may carry the volume mappings
        (else a compute before 1.14 reads them itself)."""
        return self.client.can_send_version(self.BUILD_WITH_BDMS_VERSION)

    def can_build_with_network_info(self):
        """Whether build_and_run_instance may carry the instance's
        InstanceNetworkInfo (else a compute before 1.15 reads it)."""
        return self.client.can_send_version(self.BUILD_WITH_NETWORK_VERSION)

    def terminate_instance(self, context, instance):
        self.client.prepare(server=instance.host, version='1.0').cast(
            context, 'terminate_instance', instance=instance)

    # 1.1: power actions, cast to the instance's host.

    def _cast_power_action(self, context, method, instance, **kwargs):
        self.client.prepare(server=instance.host, version='1.1').cast(
            context, method, instance=instance, **kwargs)

    def reboot_instance(self, context, instance, reboot_type):
        self._cast_power_action(context, 'reboot_instance', instance,
                                reboot_type=reboot_type)

    def stop_instance(self, context, instance):
        self._cast_power_action(context, 'stop_instance', instance)

    def start_instance(self, context, instance):
        self._cast_power_action(context, 'start_instance', instance)

    def pause_instance(self, context, instance):
        self._cast_power_action(context, 'pause_instance', instance)

    def unpause_instance(self, context, instance):
        self._cast_power_action(context, 'unpause_instance', instance)

    def suspend_instance(self, context, instance):
        self._cast_power_action(context, 'suspend_instance', instance)

    def resume_instance(self, context, instance):
        self._cast_power_action(context, 'resume_instance', instance)

    # 1.2: actions on the guest where it runs.

    def _cast_guest_action(self, context, method, instance, **kwargs):
        self.client.prepare(server=instance.host, version='1.2').cast(
            context, method, instance=instance, **kwargs)

    # Seconds the API waits for a guest's answer (console, password).
    GUEST_CALL_TIMEOUT = 60

    def _call_guest_action(self, context, method, instance, **kwargs):
        # Calls only where the API answers with the guest's result.
        return self.client.prepare(
            server=instance.host, version='1.2',
            timeout=self.GUEST_CALL_TIMEOUT).call(
                context, method, instance=instance, **kwargs)

    def rescue_instance(self, context, instance, rescue_password,
                        rescue_image):
        self._cast_guest_action(context, 'rescue_instance', instance,
                                rescue_password=rescue_password,
                                rescue_image=rescue_image)

    def unrescue_instance(self, context, instance):
        self._cast_guest_action(context, 'unrescue_instance', instance)

    def rebuild_instance(self, context, instance, image, admin_password,
                         preserve_ephemeral, was_stopped,
                         reimage_boot_volume=False):
        kwargs = {'image': image, 'admin_password': admin_password,
                  'preserve_ephemeral': preserve_ephemeral,
                  'was_stopped': was_stopped}
        if not reimage_boot_volume:
            self._cast_guest_action(context, 'rebuild_instance', instance,
                                    **kwargs)
            return
        # An older compute would rebuild the guest on the old disk: needs
        # 1.13 (the API checked with require() before it began).
        self.client.prepare(server=instance.host, version='1.13').cast(
            context, 'rebuild_instance', instance=instance,
            reimage_boot_volume=True, **kwargs)

    def set_admin_password(self, context, instance, new_pass):
        return self._call_guest_action(context, 'set_admin_password',
                                       instance, new_pass=new_pass)

    def snapshot_instance(self, context, instance, image_id):
        self._cast_guest_action(context, 'snapshot_instance', instance,
                                image_id=image_id)

    def backup_instance(self, context, instance, image_id, backup_type,
                        rotation):
        self._cast_guest_action(context, 'backup_instance', instance,
                                image_id=image_id, backup_type=backup_type,
                                rotation=rotation)

    def get_console_output(self, context, instance, tail_length):
        return self._call_guest_action(context, 'get_console_output',
                                       instance, tail_length=tail_length)

    def inject_network_info(self, context, instance):
        self._cast_guest_action(context, 'inject_network_info', instance)

    def reset_network(self, context, instance):
        self._cast_guest_action(context, 'reset_network', instance)

    def trigger_crash_dump(self, context, instance):
        self.client.prepare(server=instance.host, version='1.9').cast(
            context, 'trigger_crash_dump', instance=instance)

    def soft_delete_instance(self, context, instance):
        self._cast_guest_action(context, 'soft_delete_instance', instance)

    def restore_instance(self, context, instance):
        self._cast_guest_action(context, 'restore_instance', instance)

    # 1.4: consoles.

    # Seconds the API waits for a compute host to open a console.
    CONSOLE_CALL_TIMEOUT = 60

    def get_console(self, context, instance, console_type):
        """{'protocol', 'type', 'url'} of a new remote console."""
        return self.client.prepare(
            server=instance.host, version='1.4',
            timeout=self.CONSOLE_CALL_TIMEOUT).call(
                context, 'get_console', instance=instance,
                console_type=console_type)

    # 1.3: moves between hosts. Each step is cast to the host doing it;
    # migration (a Migration) names both hosts and the new flavor.

    def _cast_move(self, context, host, method, instance, **kwargs):
        self.client.prepare(server=host, version='1.3').cast(
            context, method, instance=instance, **kwargs)

    def prep_resize(self, context, instance, migration):
        self._cast_move(context, migration.dest_compute, 'prep_resize',
                        instance, migration=migration)

    def resize_instance(self, context, instance, migration):
        self._cast_move(context, migration.source_compute,
                        'resize_instance', instance, migration=migration)

    def finish_resize(self, context, instance, migration):
        self._cast_move(context, migration.dest_compute, 'finish_resize',
                        instance, migration=migration)

    def confirm_resize(self, context, instance, migration):
        self._cast_move(context, migration.source_compute, 'confirm_resize',
                        instance, migration=migration)

    def confirm_resize_on_delete(self, context, instance, migration):
        self._cast_move(context, migration.source_compute,
                        'confirm_resize_on_delete', instance,
                        migration=migration)

    def revert_resize(self, context, instance, migration):
        self._cast_move(context, migration.dest_compute, 'revert_resize',
                        instance, migration=migration)

    def finish_revert_resize(self, context, instance, migration):
        self._cast_move(context, migration.source_compute,
                        'finish_revert_resize', instance,
                        migration=migration)

    def live_migration(self, context, instance, migration, block_migration):
        self._cast_move(context, migration.source_compute, 'live_migration',
                        instance, migration=migration,
                        block_migration=block_migration)

    # 1.8: a running live migration, on its source host.

    def live_migration_force_complete(self, context, instance, migration):
        self.client.prepare(server=migration.source_compute,
                            version='1.8').cast(
            context, 'live_migration_force_complete', instance=instance)

    def live_migration_abort(self, context, instance, migration):
        self.client.prepare(server=migration.source_compute,
                            version='1.8').cast(
            context, 'live_migration_abort', instance=instance,
            migration_id=migration.id)

    def post_live_migration_at_destination(self, context, instance,
                                           migration):
        self._cast_move(context, migration.dest_compute,
                        'post_live_migration_at_destination', instance,
                        migration=migration)

    def evacuate_instance(self, context, instance, migration, image,
                          admin_password, stop=False):
        kwargs = {'migration': migration, 'image': image,
                  'admin_password': admin_password}
        if not stop:
            self._cast_move(context, migration.dest_compute,
                            'evacuate_instance', instance, **kwargs)
            return
        # An older compute would start the guest: needs 1.12 (the API
        # checked with require() before it began).
        self.client.prepare(server=migration.dest_compute,
                            version='1.12').cast(
            context, 'evacuate_instance', instance=instance, stop=True,
            **kwargs)

    def shelve_instance(self, context, instance, image_id):
        self._cast_move(context, instance.host, 'shelve_instance', instance,
                        image_id=image_id)

    def shelve_offload_instance(self, context, instance):
        self._cast_move(context, instance.host, 'shelve_offload_instance',
                        instance)

    def unshelve_instance(self, context, instance, host, image):
        self._cast_move(context, host, 'unshelve_instance', instance,
                        image=image)

    # 1.5: volumes, cast to the instance's host.

    def _cast_volume(self, context, method, instance, **kwargs):
        self.client.prepare(server=instance.host, version='1.5').cast(
            context, method, instance=instance, **kwargs)

    def attach_volume(self, context, instance, bdm):
        self._cast_volume(context, 'attach_volume', instance, bdm=bdm)

    def detach_volume(self, context, instance, bdm):
        self._cast_volume(context, 'detach_volume', instance, bdm=bdm)

    def swap_volume(self, context, instance, bdm, new_volume_id,
                    new_attachment_id):
        self._cast_volume(context, 'swap_volume', instance, bdm=bdm,
                          new_volume_id=new_volume_id,
                          new_attachment_id=new_attachment_id)

    # 1.6: networking, cast to the instance's host.

    def refresh_instance_network(self, context, instance):
        """Re-plug after the instance's addresses or security groups
        changed (nova.network.plug.NetworkRefreshMixin)."""
        self.client.prepare(server=instance.host, version='1.6').cast(
            context, 'refresh_instance_network', instance=instance)

    # 1.7: diagnostics, external events, assisted volume snapshots.

    def get_diagnostics(self, context, instance):
        return self.client.prepare(
            server=instance.host, version='1.7',
            timeout=self.GUEST_CALL_TIMEOUT).call(
                context, 'get_diagnostics', instance=instance)

    def get_instance_diagnostics(self, context, instance):
        return self.client.prepare(
            server=instance.host, version='1.10',
            timeout=self.GUEST_CALL_TIMEOUT).call(
                context, 'get_instance_diagnostics', instance=instance)

    def cache_images(self, context, host, image_ids):
        """Have host fetch the images into its cache ahead of use (cast:
        the API answers 202 at once)."""
        self.client.prepare(server=host, version='1.11').cast(
            context, 'cache_images', image_ids=image_ids)

    def external_instance_event(self, context, host, instances, events):
        """Cast events (InstanceExternalEvents) of instances on host."""
        self.client.prepare(server=host, version='1.7').cast(
            context, 'external_instance_event', instances=instances,
            events=events)

    def volume_snapshot_create(self, context, instance, volume_id,
                               create_info):
        self.client.prepare(server=instance.host, version='1.7').cast(
            context, 'volume_snapshot_create', instance=instance,
            volume_id=volume_id, create_info=create_info)

    def volume_snapshot_delete(self, context, instance, volume_id,
                               snapshot_id, delete_info):
        self.client.prepare(server=instance.host, version='1.7').cast(
            context, 'volume_snapshot_delete', instance=instance,
            volume_id=volume_id, snapshot_id=snapshot_id,
            delete_info=delete_info)
