"""Moves of libvirt guests: resize and cold migration, live migration
(a mixin of LibvirtDriver).

A cold move keeps the source's files in <uuid>_resize until the move is
confirmed (removed) or reverted (moved back); the guest starts from a
copy in <uuid>. That works within one host, and between hosts that share
instances_path ([libvirt] instances_path_shared); copying disks to a host
without shared storage needs a transport between compute hosts
(ssh/rsync upstream) that this project does not set up yet.

Live migration uses libvirt's peer-to-peer migrate API and needs the
instances directory on storage both hosts share (or a block migration
whose destination already has the base images). The functional tests
move guests both ways between two libvirt daemons of one machine.
"""

import json
import os
import shutil

from oslo_log import log as logging

import nova.conf
from nova.compute import power_state
from nova import exception
from nova.virt.libvirt import disk_utils
from nova.virt.libvirt import errors
from nova.virt.libvirt import guest_spec
from nova.virt.libvirt import imagebackend
from nova.virt.libvirt import live_job
from nova.virt.libvirt import paths

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class MigrationMixin:

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info=None,
                                   block_device_info=None):
        if dest != self.host and not CONF.libvirt.instances_path_shared:
            raise errors.MigrationNotSupported(
                instance_uuid=instance.uuid, dest=dest,
                reason='disks cannot be copied between hosts yet: moves '
                       'to another host need [libvirt] '
                       'instances_path_shared (resizes within a host '
                       'work with allow_resize_to_same_host = true)')
        current = instance.flavor
        if (flavor.root_gb or 0) < (current.root_gb or 0) or \
                (flavor.ephemeral_gb or 0) < (current.ephemeral_gb or 0):
            raise errors.MigrationNotSupported(
                instance_uuid=instance.uuid, dest=dest,
                reason='disks cannot shrink (flavor %s has smaller disks '
                       'than %s)' % (flavor.name, current.name))
        domain = self._domain(instance)
        self._hard_stop(domain)
        here, kept = paths.instance_dir(instance.uuid), \
            paths.resize_dir(instance.uuid)
        shutil.rmtree(kept, ignore_errors=True)
        os.rename(here, kept)
        try:
            # The new guest (here, or on a host sharing the files)
            # starts from a copy; qcow2 overlays keep their bases.
            disk_utils.run('cp', '-a', '--sparse=always', kept, here)
        except Exception:
            shutil.rmtree(here, ignore_errors=True)
            os.rename(kept, here)
            raise
        self._undefine(domain)
        return json.dumps({'instance_dir': here})

    def finish_migration(self, context, migration, instance, disk_info,
                         network_info, image_meta, resize_instance,
                         allocations=None, block_device_info=None,
                         power_on=True):
        record = imagebackend.read_record(instance.uuid)
        imagebackend.grow_for_flavor(instance, record)
        self._define(instance, record, rescue='rescue' in record)
        if power_on:
            self._domain(instance).create()

    def confirm_migration(self, context, migration, instance,
                          network_info=None):
        shutil.rmtree(paths.resize_dir(instance.uuid), ignore_errors=True)

    def finish_revert_migration(self, context, instance, network_info,
                                migration, block_device_info=None,
                                power_on=True):
        kept = paths.resize_dir(instance.uuid)
        here = paths.instance_dir(instance.uuid)
        domain = self._host.lookup(guest_spec.domain_name(instance))
        if domain is not None:
            self._undefine(domain)
        if os.path.isdir(kept):
            shutil.rmtree(here, ignore_errors=True)
            os.rename(kept, here)
        record = imagebackend.read_record(instance.uuid)
        self._define(instance, record, rescue='rescue' in record)
        if power_on:
            self._domain(instance).create()

    def live_migration(self, context, instance, dest, block_migration=False,
                       migrate_data=None, on_progress=None):
        libvirt = self._host.libvirt
        domain = self._domain(instance)
        if block_migration == 'auto':
            # Shared instance files need no copy; otherwise copy the disks.
            block_migration = not CONF.libvirt.instances_path_shared
        flags = (libvirt.VIR_MIGRATE_LIVE | libvirt.VIR_MIGRATE_PEER2PEER |
                 libvirt.VIR_MIGRATE_PERSIST_DEST |
                 libvirt.VIR_MIGRATE_UNDEFINE_SOURCE)
        if block_migration:
            flags |= libvirt.VIR_MIGRATE_NON_SHARED_INC
        if CONF.libvirt.live_migration_unsafe:
            flags |= libvirt.VIR_MIGRATE_UNSAFE
        post_copy = CONF.libvirt.live_migration_permit_post_copy
        if post_copy:
            flags |= libvirt.VIR_MIGRATE_POSTCOPY
        uri = CONF.libvirt.live_migration_uri
        if '%s' in uri:
            uri = uri % dest
        LOG.info('Live-migrating instance %s to %s', instance.uuid, uri)
        params = {}
        if CONF.libvirt.live_migration_bandwidth:
            params[libvirt.VIR_MIGRATE_PARAM_BANDWIDTH] = \
                CONF.libvirt.live_migration_bandwidth
        job = live_job.LiveJob(libvirt, domain, instance.uuid, post_copy)
        self._live_jobs[instance.uuid] = job
        try:
            job.run(uri, params, flags, on_progress)
        finally:
            self._live_jobs.pop(instance.uuid, None)
        if block_migration:
            shutil.rmtree(paths.instance_dir(instance.uuid),
                          ignore_errors=True)

    def _live_job(self, instance):
        job = self._live_jobs.get(instance.uuid)
        if job is None:
            raise exception.NoRunningLiveMigration(
                instance_uuid=instance.uuid)
        return job

    def live_migration_force_complete(self, instance):
        self._live_job(instance).force_complete()

    def live_migration_abort(self, instance):
        self._live_job(instance).abort()

    def post_live_migration_at_destination(self, context, instance,
                                           network_info,
                                           block_migration=False,
                                           block_device_info=None):
        domain = self._domain(instance)  # InstanceNotFound: not landed
        # A guest paused to force its migration to complete runs again.
        if instance.power_state == power_state.RUNNING and \
                self._host.libvirt.VIR_DOMAIN_PAUSED == domain.state()[0]:
            domain.resume()
