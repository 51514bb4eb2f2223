"""The fake driver's MigrationInterface: resize, cold and live migration
between simulated hosts (a mixin of fake.FakeDriver).

Each simulated host has its own FakeDriver, so a move is two halves: the
source gives the guest up (or keeps a powered-off copy until a resize is
confirmed), the destination creates it from the instance's record.
"""

import nova.conf
from nova.compute import power_state
from nova import exception
from nova.virt import fake_live_run
from nova.virt import hardware

CONF = nova.conf.CONF


class FakeMigrationMixin:

    def _simulate_migration_step(self, instance):
        self._simulate_step('migration', instance,
                            CONF.fake_driver.migrate_seconds,
                            CONF.fake_driver.fail_migrate_for_names)

    def _adopt(self, instance, state):
        """Create the guest here as the instance record describes it."""
        with self._lock:
            self._guests[instance.uuid] = hardware.InstanceInfo(
                state=state, max_mem_kb=instance.memory_mb * 1024,
                mem_kb=instance.memory_mb * 1024, num_cpu=instance.vcpus)

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info=None,
                                   block_device_info=None):
        self.get_info(instance)  # InstanceNotFound when it is not here
        self._simulate_migration_step(instance)
        self._set_state(instance, power_state.SHUTDOWN)
        return '{}'

    def finish_migration(self, context, migration, instance, disk_info,
                         network_info, image_meta, resize_instance,
                         allocations=None, block_device_info=None,
                         power_on=True):
        # A same-host resize replaces the powered-off copy in place.
        self._adopt(instance, power_state.RUNNING if power_on
                    else power_state.SHUTDOWN)

    def confirm_migration(self, context, migration, instance,
                          network_info=None):
        if migration.source_compute == migration.dest_compute:
            return  # the one guest here is the resized one
        self.destroy(context, instance)

    def finish_revert_migration(self, context, instance, network_info,
                                migration, block_device_info=None,
                                power_on=True):
        self._adopt(instance, power_state.RUNNING if power_on
                    else power_state.SHUTDOWN)

    def live_migration(self, context, instance, dest, block_migration=False,
                       migrate_data=None, on_progress=None):
        self.get_info(instance)
        if instance.display_name in \
                CONF.fake_driver.slow_live_migration_for_names:
            run = fake_live_run.LiveRun(
                instance, CONF.fake_driver.slow_live_migration_seconds)
            self._live_runs[instance.uuid] = run
            try:
                run.run(on_progress)
            finally:
                self._live_runs.pop(instance.uuid, None)
        self._simulate_migration_step(instance)
        with self._lock:
            self._guests.pop(instance.uuid, None)
        self.close_consoles(instance)

    def _live_run(self, instance):
        run = self._live_runs.get(instance.uuid)
        if run is None:
            raise exception.NoRunningLiveMigration(instance_uuid=instance.uuid)
        return run

    def live_migration_force_complete(self, instance):
        self._live_run(instance).force_complete()

    def live_migration_abort(self, instance):
        self._live_run(instance).abort()

    def post_live_migration_at_destination(self, context, instance,
                                           network_info,
                                           block_migration=False,
                                           block_device_info=None):
        self._adopt(instance, instance.power_state or power_state.RUNNING)
