"""Validation of flavor extra specs (API 2.86).

Each known extra spec has a Spec: its name (a regular expression for the
families with a parameter, such as resources1:VCPU or hw:numa_cpus.0)
and what its value may be. A key in a namespace this cloud knows (hw,
quota, resources, trait, ...) that is no known spec is refused, as is a
known spec with a bad value; keys without a namespace or in another one
are left alone (out-of-tree filters may read them), as upstream does.
"""

import re

from oslo_utils import strutils

from nova import exception

_BOOL = 'bool'


class Spec:
    """One extra spec: value is _BOOL, int, a tuple of choices, or a
    regular expression (str) the whole value must match."""

    def __init__(self, name, value, minimum=None, maximum=None):
        self.name = name
        self.pattern = re.compile(name)
        self.value = value
        self.minimum = minimum
        self.maximum = maximum

    def check(self, key, value):
        if self.value is _BOOL:
            try:
                strutils.bool_from_string(value, strict=True)
            except ValueError:
                _bad(key, value, 'a boolean')
        elif self.value is int:
            try:
                number = int(value)
            except ValueError:
                _bad(key, value, 'an integer')
            if self.minimum is not None and number < self.minimum:
                _bad(key, value, 'at least %d' % self.minimum)
            if self.maximum is not None and number > self.maximum:
                _bad(key, value, 'at most %d' % self.maximum)
        elif isinstance(self.value, tuple):
            if value not in self.value:
                _bad(key, value, 'one of %s' % ', '.join(self.value))
        elif not re.fullmatch(self.value, value):
            _bad(key, value, 'of the form %s' % self.value)


def _bad(key, value, wanted):
    raise exception.Invalid(
        "Validation failed; '%s' is not a valid value for extra "
        "spec '%s': expected %s." % (value, key, wanted))


_ANY = r'.*'
_CPU_SET = r'\^?\d+(-\d+)?(,\^?\d+(-\d+)?)*'
_GROUP = r'(\d*|_[a-zA-Z0-9_-]+)'

SPECS = [
    # hw: the guest's virtual hardware.
    Spec('hw:cpu_policy', ('shared', 'dedicated', 'mixed')),
    Spec('hw:cpu_thread_policy', ('prefer', 'isolate', 'require')),
    Spec('hw:emulator_threads_policy', ('share', 'isolate')),
    Spec('hw:cpu_dedicated_mask', _CPU_SET),
    Spec('hw:cpu_realtime', _BOOL),
    Spec('hw:cpu_realtime_mask', _CPU_SET),
    Spec('hw:mem_page_size', r'(small|large|any|\d+([kKMGT]i?[bB]?)?)'),
    Spec('hw:numa_nodes', int, minimum=1),
    Spec(r'hw:numa_cpus\.\d+', _CPU_SET),
    Spec(r'hw:numa_mem\.\d+', int, minimum=0),
    Spec('hw:pci_numa_affinity_policy',
         ('required', 'legacy', 'preferred', 'socket')),
    Spec('hw:cpu_sockets', int, minimum=1),
    Spec('hw:cpu_cores', int, minimum=1),
    Spec('hw:cpu_threads', int, minimum=1),
    Spec('hw:cpu_max_sockets', int, minimum=1),
    Spec('hw:cpu_max_cores', int, minimum=1),
    Spec('hw:cpu_max_threads', int, minimum=1),
    Spec('hw:boot_menu', _BOOL),
    Spec('hw:vif_multiqueue_enabled', _BOOL),
    Spec('hw:mem_encryption', _BOOL),
    Spec('hw:pmem', r'[a-zA-Z0-9_-]+(,[a-zA-Z0-9_-]+)*'),
    Spec('hw:pmu', _BOOL),
    Spec('hw:serial_port_count', int, minimum=0),
    Spec('hw:tpm_model', ('tpm-tis', 'tpm-crb')),
    Spec('hw:tpm_version', ('1.2', '2.0')),
    Spec('hw:watchdog_action',
         ('none', 'pause', 'poweroff', 'reset', 'disabled')),
    Spec('hw:hide_hypervisor_id', _BOOL),
    Spec('hw_rng:allowed', _BOOL),
    Spec('hw_rng:rate_bytes', int, minimum=0),
    Spec('hw_rng:rate_period', int, minimum=0),
    Spec('hw_video:ram_max_mb', int, minimum=0),
    Spec('os:secure_boot', ('required', 'disabled')),
    Spec('os:monitors', int, minimum=1, maximum=8),
    Spec('os:vram', ('64', '128', '256', '512', '1024')),
    Spec('os:resolution', r'\d+x\d+'),
    # quota: limits the hypervisor enforces on the guest.
    Spec(r'quota:cpu_(shares|period|quota|limit|reservation)', int,
         minimum=0),
    Spec(r'quota:disk_(read|write|total)_(bytes|iops)_sec(_max)?', int,
         minimum=0),
    Spec(r'quota:disk_(read|write|total)_(bytes|iops)_sec_max_length',
         int, minimum=0),
    Spec(r'quota:disk_io_(limit|reservation)', int, minimum=0),
    Spec(r'quota:vif_(inbound|outbound)_(average|peak|burst)', int,
         minimum=0),
    Spec(r'quota:(memory|vif)_(limit|reservation)', int, minimum=0),
    Spec(r'quota:(cpu|memory|disk_io|vif)_shares_level',
         ('custom', 'high', 'normal', 'low')),
    Spec(r'quota:(cpu|memory|disk_io|vif)_shares_share', int, minimum=0),
    # The scheduler's requests.
    Spec(r'resources%s:[A-Z0-9_]+' % _GROUP, int, minimum=0),
    Spec(r'trait%s:[A-Z0-9_]+' % _GROUP, ('required', 'forbidden')),
    Spec('group_policy', ('none', 'isolate')),
    Spec(r'aggregate_instance_extra_specs:.+', _ANY),
    Spec(r'capabilities:.+', _ANY),
    Spec('pci_passthrough:alias',
         r'[^:,]+:\d+(,[^:,]+:\d+)*'),
    Spec('accel:device_profile', r'[^:]+'),
    Spec('hide_hypervisor_id', _BOOL),
]
_BY_NAME = {spec.name: spec for spec in SPECS}

# Namespaces whose keys must be known specs.
NAMESPACES = re.compile(r'(hw|hw_rng|hw_video|os|quota|resources%s|'
                        r'trait%s|aggregate_instance_extra_specs|'
                        r'capabilities|pci_passthrough|accel)' % (_GROUP,
                                                                  _GROUP))


def validate(key, value):
    """Invalid (400) unless key/value is a valid extra spec."""
    value = str(value)
    spec = _BY_NAME.get(key) or next(
        (s for s in SPECS if s.pattern.fullmatch(key)), None)
    if spec is not None:
        spec.check(key, value)
        return
    if ':' in key and NAMESPACES.fullmatch(key.split(':', 1)[0]):
        raise exception.Invalid(
            "Validation failed; extra spec '%s' does not appear to "
            "be a valid extra spec." % key)
