"""A simulated live migration that runs for a while (the fake driver's
slow_live_migration_* options): it reports progress, and can be forced to
complete or aborted, as a hypervisor's migration job can."""

import threading

from nova import exception

MiB = 1024 * 1024
GiB = 1024 * MiB
# How often a running simulated migration reports its progress.
_TICK_SECONDS = 0.5


class LiveRun:
    """One running simulated live migration of one instance."""

    def __init__(self, instance, seconds):
        self.instance_uuid = instance.uuid
        self.memory = instance.memory_mb * MiB
        self.disk = (instance.root_gb or 0) * GiB
        self.seconds = seconds
        self._ended = threading.Event()
        self._outcome = None

    def force_complete(self):
        self._end('completed')

    def abort(self):
        self._end('aborted')

    def _end(self, outcome):
        self._outcome = self._outcome or outcome
        self._ended.set()

    def _report(self, on_progress, elapsed):
        if on_progress is None:
            return
        share = min(elapsed / self.seconds, 1.0) if self.seconds else 1.0
        memory_done = int(self.memory * share)
        disk_done = int(self.disk * share)
        on_progress(self.memory, memory_done, self.memory - memory_done,
                    self.disk, disk_done, self.disk - disk_done)

    def run(self, on_progress):
        """Block until the run ends: by itself after `seconds`, forced
        (returns) or aborted (raises LiveMigrationAborted)."""
        elapsed = 0.0
        self._report(on_progress, elapsed)
        while elapsed < self.seconds:
            if self._ended.wait(_TICK_SECONDS):
                break
            elapsed += _TICK_SECONDS
            self._report(on_progress, elapsed)
        if self._outcome == 'aborted':
            raise exception.LiveMigrationAborted(
                instance_uuid=self.instance_uuid)
