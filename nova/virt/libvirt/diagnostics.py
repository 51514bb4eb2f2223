"""A libvirt guest's diagnostics in the Compute API's 2.1 format: a flat
dict of counters named after the guest's vCPUs, disks and interfaces."""

from xml.etree import ElementTree

from nova.virt.libvirt import host as libvirt_host

_DISK = ('read_req', 'read', 'write_req', 'write', 'errors')
_NIC = ('rx', 'rx_packets', 'rx_errors', 'rx_drop',
        'tx', 'tx_packets', 'tx_errors', 'tx_drop')


def _targets(xml, device):
    return [t.get('dev') for t in xml.findall('./devices/%s/target' % device)
            if t.get('dev')]


def legacy(domain):
    """{'cpu0_time', 'vda_read', ..., 'memory', 'memory-<stat>',
    '<tap>_rx', ...} of a running domain. A counter libvirt cannot read
    (a device being unplugged, a guest without a balloon) is left out."""
    error = libvirt_host.libvirt_module().libvirtError
    stats = {}
    xml = ElementTree.fromstring(domain.XMLDesc(0))
    try:
        for number, _state, cpu_time, _cpu in domain.vcpus()[0]:
            stats['cpu%d_time' % number] = cpu_time
    except error:
        pass
    for dev in _targets(xml, 'disk'):
        try:
            values = domain.blockStats(dev)
        except error:
            continue
        stats.update(('%s_%s' % (dev, name), value)
                     for name, value in zip(_DISK, values))
    for dev in _targets(xml, 'interface'):
        try:
            values = domain.interfaceStats(dev)
        except error:
            continue
        stats.update(('%s_%s' % (dev, name), value)
                     for name, value in zip(_NIC, values))
    stats['memory'] = domain.maxMemory()
    try:
        stats.update(('memory-%s' % key, value)
                     for key, value in domain.memoryStats().items())
    except error:
        pass
    return stats
