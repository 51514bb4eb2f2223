"""Options of the libvirt driver (issue 5)."""

from oslo_config import cfg

from nova.conf import grouped

libvirt_group = cfg.OptGroup('libvirt', title='libvirt driver options',
                             help='Used when compute_driver = '
                                  'libvirt.LibvirtDriver.')

default_opts = [
    cfg.StrOpt('instances_path', default='$state_path/instances',
               help='Where the libvirt driver keeps the files of its '
                    'guests: one directory per instance (disks, console '
                    'log, config drive) and the base image cache '
                    '(see [libvirt] image_cache_subdirectory_name).'),
]

libvirt_opts = [
    cfg.StrOpt('virt_type', default='kvm', choices=[
                   ('kvm', 'hardware virtualization (needs a working '
                           '/dev/kvm)'),
                   ('qemu', 'full emulation (TCG): slow, works anywhere')],
               help='Domain type of the guests. Never detected: choose '
                    'qemu on hosts where KVM is missing or broken. '
                    'Related: connection_uri.'),
    cfg.StrOpt('connection_uri', default='',
               help='libvirt URI to connect to; empty means '
                    'qemu:///system. test:///default runs against '
                    'libvirt\'s in-memory test driver (no guest runs).'),
    cfg.StrOpt('cpu_mode', choices=['host-model', 'host-passthrough',
                                    'custom', 'none'],
               help='CPU mode of the guests. Unset: host-model with '
                    'virt_type kvm, none (QEMU\'s default CPU) with qemu. '
                    'custom uses the first of cpu_models. An image may '
                    'ask for a model with the property hw_cpu_model '
                    '(custom mode).'),
    cfg.ListOpt('cpu_models', default=[],
                help='Named CPU models for cpu_mode = custom, e.g. '
                     'qemu64,Nehalem.'),
    cfg.StrOpt('hw_machine_type',
               help='Machine type of the guests (e.g. pc or q35) unless '
                    'the image\'s property hw_machine_type names one; '
                    'unset lets libvirt choose.'),
    cfg.StrOpt('disk_bus', default='virtio',
               choices=['virtio', 'scsi', 'ide', 'sata'],
               help='Bus of the guests\' disks unless the image\'s property '
                    'hw_disk_bus names one.'),
    cfg.StrOpt('video_model', default='cirrus',
               choices=['cirrus', 'vga', 'virtio', 'qxl', 'none'],
               help='Video device unless the image\'s property '
                    'hw_video_model names one.'),
    cfg.StrOpt('images_type', default='qcow2', choices=[
                   ('qcow2', 'a qcow2 overlay per instance over the '
                             'cached base image'),
                   ('raw', 'a full raw copy of the base image per '
                           'instance (flat)')],
               help='Format of the instances\' disks.'),
    cfg.StrOpt('image_cache_subdirectory_name', default='_base',
               help='Subdirectory of instances_path holding the base '
                    'images fetched from the image service.'),
    cfg.IntOpt('image_cache_manager_interval', default=2400, min=0,
               help='Seconds between two removals of unused base images; '
                    '0 disables them. Related: '
                    'remove_unused_original_minimum_age_seconds.'),
    cfg.IntOpt('remove_unused_original_minimum_age_seconds', default=86400,
               min=0,
               help='A base image no disk uses is removed once it is this '
                    'old (seconds since its last use).'),
    cfg.IntOpt('wait_soft_reboot_seconds', default=120, min=0,
               help='Seconds a soft reboot waits for the guest to shut '
                    'down on an ACPI power button press before it '
                    'reboots the guest hard.'),
    cfg.IntOpt('console_log_max_bytes', default=100 * 1024, min=1024,
               help='The most of the serial console log '
                    'os-getConsoleOutput returns (its end).'),
    cfg.StrOpt('config_drive_format', default='iso9660',
               choices=['iso9660', 'vfat'],
               help='File system of config drives (genisoimage, or '
                    'mkfs.vfat and mtools).'),
    cfg.BoolOpt('force_config_drive', default=False,
                help='Give every guest a config drive, asked for or not.'),
    cfg.StrOpt('live_migration_uri', default='qemu+tcp://%s/system',
               help='libvirt URI of a live migration destination; %s is '
                    'replaced by the destination host name.'),
    cfg.BoolOpt('instances_path_shared', default=False,
                help='Whether every compute host sees the same '
                     'instances_path (shared storage). Then a resize or '
                     'cold migration to another host works: the '
                     'destination starts the guest from the same files. '
                     'Without it only resizes within one host do.'),
    cfg.IntOpt('live_migration_bandwidth', default=0, min=0,
               help='Most MiB/s a live migration may use; 0 leaves it to '
                    'libvirt (no limit). Related options: '
                    'live_migration_permit_post_copy.'),
    cfg.BoolOpt('live_migration_permit_post_copy', default=False,
                help='Let a live migration switch to post-copy when an '
                     'administrator forces it to complete (the guest runs '
                     'on the destination while its remaining memory is '
                     'copied). When false, forcing completion pauses the '
                     'guest until the copy ends; it is resumed on the '
                     'destination.'),
    cfg.BoolOpt('live_migration_unsafe', default=False,
                help='Live-migrate even when libvirt does not recognize '
                     'the instances directory as shared storage (a '
                     'cluster file system it does not know, or two '
                     'libvirt daemons on one host as in the tests). Only '
                     'where both hosts really see the same files.'),
]

OPTS = {'DEFAULT': default_opts, libvirt_group: libvirt_opts}


def register_opts(conf):
    grouped.register(conf, OPTS)


def list_opts():
    return dict(OPTS)
