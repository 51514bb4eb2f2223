"""A libvirt guest's diagnostics: the Compute API's 2.1 format (a flat
dict of counters named after the guest's vCPUs, disks and interfaces) and
the standard one of 2.48 (the same fields for every hypervisor)."""

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


def _interfaces(xml):
    """[(target dev, MAC address)] of the guest's interfaces."""
    found = []
    for nic in xml.findall('./devices/interface'):
        target, mac = nic.find('target'), nic.find('mac')
        if target is not None and target.get('dev'):
            found.append((target.get('dev'),
                          mac.get('address') if mac is not None else None))
    return found


def standard(domain, state, virt_type, config_drive, uptime):
    """The 2.48 diagnostics of a domain: state is the power state's name,
    uptime the seconds since the server was launched. What libvirt does
    not tell (rates, CPU utilisation, a stat it cannot read) is None."""
    error = libvirt_host.libvirt_module().libvirtError
    xml = ElementTree.fromstring(domain.XMLDesc(0))
    cpus = []
    try:
        cpus = [{'id': number, 'time': cpu_time, 'utilisation': None}
                for number, _state, cpu_time, _cpu in domain.vcpus()[0]]
    except error:
        pass
    disks = []
    for dev in _targets(xml, 'disk'):
        try:
            req_rd, rd, req_wr, wr, errors = domain.blockStats(dev)
        except error:
            req_rd = rd = req_wr = wr = errors = None
        disks.append({'read_bytes': rd, 'read_requests': req_rd,
                      'write_bytes': wr, 'write_requests': req_wr,
                      'errors_count': errors})
    nics = []
    for dev, mac in _interfaces(xml):
        try:
            values = domain.interfaceStats(dev)
        except error:
            values = (None,) * len(_NIC)
        nic = {'mac_address': mac, 'rx_rate': None, 'tx_rate': None}
        nic.update(zip(('rx_octets', 'rx_packets', 'rx_errors', 'rx_drop',
                        'tx_octets', 'tx_packets', 'tx_errors', 'tx_drop'),
                       values))
        nics.append(nic)
    used = None
    try:
        actual = domain.memoryStats().get('actual')
        used = actual // 1024 if actual is not None else None
    except error:
        pass
    return {
        'state': state, 'driver': 'libvirt', 'hypervisor': virt_type,
        'hypervisor_os': 'linux', 'uptime': uptime,
        'config_drive': config_drive,
        'num_cpus': len(cpus), 'num_disks': len(disks),
        'num_nics': len(nics),
        'memory_details': {'maximum': domain.maxMemory() // 1024,
                           'used': used},
        'cpu_details': cpus, 'disk_details': disks, 'nic_details': nics,
    }
