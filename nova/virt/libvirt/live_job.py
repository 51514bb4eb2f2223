"""A running libvirt live migration: migrateToURI3 runs on its own
thread while the caller watches the domain's job (progress in bytes),
and can abort it (abortJob) or force it to finish (post-copy when the
migration allowed it, else pausing the guest so its memory stops
changing)."""

import threading

from oslo_log import log as logging

from nova import exception

LOG = logging.getLogger(__name__)
# How often the job's progress is read while the migration runs.
POLL_SECONDS = 0.5


class LiveJob:

    def __init__(self, libvirt, domain, instance_uuid, post_copy):
        self.libvirt = libvirt
        self.domain = domain
        self.instance_uuid = instance_uuid
        self.post_copy = post_copy
        self.paused = False
        self._aborted = False
        self._error = None

    def _migrate(self, uri, params, flags):
        try:
            self.domain.migrateToURI3(uri, params, flags)
        except Exception as error:
            self._error = error

    def _progress(self, on_progress):
        try:
            stats = self.domain.jobStats()
        except self.libvirt.libvirtError:
            return  # the job just ended
        if not stats or on_progress is None:
            return
        on_progress(stats.get('memory_total'), stats.get('memory_processed'),
                    stats.get('memory_remaining'), stats.get('disk_total'),
                    stats.get('disk_processed'), stats.get('disk_remaining'))

    def run(self, uri, params, flags, on_progress):
        """Migrate; LiveMigrationAborted when abort() stopped it."""
        worker = threading.Thread(target=self._migrate,
                                  args=(uri, params, flags),
                                  name='live-migration-%s'
                                  % self.instance_uuid, daemon=True)
        worker.start()
        while True:
            worker.join(POLL_SECONDS)
            if not worker.is_alive():
                break
            self._progress(on_progress)
        if self._error is not None:
            if self._aborted:
                raise exception.LiveMigrationAborted(
                    instance_uuid=self.instance_uuid)
            raise self._error

    def abort(self):
        self._aborted = True
        self.domain.abortJob()
        if self.paused:
            self.domain.resume()

    def force_complete(self):
        if self.post_copy:
            LOG.info('Switching live migration of %s to post-copy',
                     self.instance_uuid)
            self.domain.migrateStartPostCopy(0)
            return
        LOG.info('Pausing %s so its live migration completes',
                 self.instance_uuid)
        self.paused = True
        self.domain.suspend()
