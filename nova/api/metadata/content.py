"""What an instance learns about itself: the EC2 and OpenStack trees.

Everything here is pure: it takes a Sources (the instance object plus the
few facts that live elsewhere) and returns dicts or bytes, so the
metadata service (nova-api-metadata) and the config drive (built by
nova-compute, which has no database) serve exactly the same content.
"""

import base64
import binascii
import dataclasses
import ipaddress
import json
import os
import posixpath

# EC2 metadata versions, oldest first; "latest" is the newest.
EC2_VERSIONS = ('1.0', '2007-01-19', '2007-03-01', '2007-08-29',
                '2007-10-10', '2007-12-15', '2008-02-01', '2008-09-01',
                '2009-04-04')
# OpenStack metadata versions, oldest first.
OPENSTACK_VERSIONS = ('2012-08-10', '2013-04-04', '2013-10-17',
                      '2015-10-15', '2016-06-30', '2016-10-06',
                      '2017-02-22', '2018-08-27')
LATEST = 'latest'

# Files of an OpenStack version directory (user_data only when set).
META_DATA = 'meta_data.json'
NETWORK_DATA = 'network_data.json'
VENDOR_DATA = 'vendor_data.json'
VENDOR_DATA2 = 'vendor_data2.json'
USER_DATA = 'user_data'
PASSWORD = 'password'

DEFAULT_ROOT_DEVICE = '/dev/vda'


@dataclasses.dataclass
class Sources:
    """The inputs of the metadata of one instance.

    instance: a nova.objects.Instance with metadata and system_metadata.
    ec2_ids: {'instance-id': 'i-...', 'ami-id': 'ami-...'} and, when the
        image names them, 'kernel-id' and 'ramdisk-id'.
    network_info: the instance's interfaces (nova.network.model format).
    security_groups: names of the instance's security groups.
    block_devices: the instance's block device mappings (objects or
        dicts with device_name, source_type, destination_type,
        guest_format, boot_index).
    """
    instance: object
    ec2_ids: dict
    network_info: list = dataclasses.field(default_factory=list)
    security_groups: list = dataclasses.field(default_factory=list)
    block_devices: list = dataclasses.field(default_factory=list)
    vendor_data: dict = dataclasses.field(default_factory=dict)
    vendor_data2: dict = dataclasses.field(default_factory=dict)
    dhcp_domain: str = ''
    # (path, bytes) files injected at boot: only a config drive has them.
    injected_files: list = dataclasses.field(default_factory=list)


def _at_least(version, since, versions):
    """Whether version (or latest) is since or newer."""
    if version == LATEST:
        return True
    return versions.index(version) >= versions.index(since)


def _field(obj, name, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    try:
        return getattr(obj, name)
    except (AttributeError, NotImplementedError):
        return default


def hostname(sources):
    name = sources.instance.hostname or ''
    if sources.dhcp_domain:
        return '%s.%s' % (name, sources.dhcp_domain)
    return name


def _addresses(network_info, floating):
    result = []
    for vif in network_info or []:
        for subnet in vif['network']['subnets']:
            for ip in subnet['ips']:
                if floating:
                    result.extend(f['address']
                                  for f in ip.get('floating_ips', ()))
                elif ip.get('version', 4) == 4:
                    result.append(ip['address'])
    return result


def local_ipv4(sources):
    fixed = _addresses(sources.network_info, floating=False)
    if fixed:
        return fixed[0]
    address = sources.instance.access_ip_v4
    return str(address) if address else ''


def public_ipv4(sources):
    floating = _addresses(sources.network_info, floating=True)
    return floating[0] if floating else ''


def user_data(sources):
    """The decoded user data, or None."""
    data = sources.instance.user_data
    if not data:
        return None
    try:
        return base64.b64decode(data)
    except (binascii.Error, ValueError):
        return data.encode()


def _strip_dev(name):
    return name[5:] if name and name.startswith('/dev/') else name


def block_device_mapping(sources):
    """The EC2 block-device-mapping names: ami, root, ephemeralN, ebsN."""
    root = sources.instance.root_device_name or DEFAULT_ROOT_DEVICE
    mapping = {'ami': _strip_dev(root), 'root': root}
    ephemeral = ebs = 0
    for bdm in sources.block_devices or []:
        device = _field(bdm, 'device_name')
        if not device or device == root or _field(bdm, 'boot_index') == 0:
            continue
        if _field(bdm, 'destination_type') == 'volume':
            mapping['ebs%d' % ebs] = device
            ebs += 1
        elif _field(bdm, 'guest_format') == 'swap':
            mapping['swap'] = device
        elif _field(bdm, 'source_type') == 'blank':
            mapping['ephemeral%d' % ephemeral] = device
            ephemeral += 1
    return mapping


def ec2_meta_data(sources, version=LATEST):
    """The EC2 meta-data tree of version (nested dicts, lists, strings)."""
    inst = sources.instance
    data = {
        'ami-id': sources.ec2_ids['ami-id'],
        'ami-launch-index': str(inst.launch_index or 0),
        'ami-manifest-path': 'FIXME',
        'instance-id': sources.ec2_ids['instance-id'],
        'hostname': hostname(sources),
        'local-ipv4': local_ipv4(sources),
        'reservation-id': inst.reservation_id or '',
        'security-groups': list(sources.security_groups),
    }
    if inst.key_name:
        data['public-keys'] = {
            '0=%s' % inst.key_name: {'openssh-key': inst.key_data or ''}}
    if _at_least(version, '2007-01-19', EC2_VERSIONS):
        data['local-hostname'] = hostname(sources)
        data['public-hostname'] = hostname(sources)
        data['public-ipv4'] = public_ipv4(sources)
    if _at_least(version, '2007-03-01', EC2_VERSIONS):
        data['product-codes'] = []
    if _at_least(version, '2007-08-29', EC2_VERSIONS):
        flavor = inst.flavor
        data['instance-type'] = flavor.name if flavor else ''
    if _at_least(version, '2007-12-15', EC2_VERSIONS):
        data['block-device-mapping'] = block_device_mapping(sources)
    if _at_least(version, '2008-02-01', EC2_VERSIONS):
        data['placement'] = {
            'availability-zone': inst.availability_zone or ''}
    if _at_least(version, '2008-09-01', EC2_VERSIONS):
        data['instance-action'] = 'none'
    if _at_least(version, '2009-04-04', EC2_VERSIONS):
        for key in ('kernel-id', 'ramdisk-id'):
            if sources.ec2_ids.get(key):
                data[key] = sources.ec2_ids[key]
    return data


def openstack_meta_data(sources, version=LATEST):
    """The OpenStack meta_data.json document of version."""
    inst = sources.instance
    data = {
        'uuid': inst.uuid,
        'name': inst.display_name,
        'hostname': hostname(sources),
        'launch_index': inst.launch_index or 0,
        'availability_zone': inst.availability_zone,
        'meta': dict(inst.metadata or {}),
        'files': [{'path': path, 'content_path': _content_path(index)}
                  for index, (path, _) in enumerate(
                      sources.injected_files or ())],
    }
    if inst.key_name:
        data['public_keys'] = {inst.key_name: inst.key_data or ''}
    if _at_least(version, '2013-04-04', OPENSTACK_VERSIONS):
        # Fresh entropy each time it is read, as upstream.
        data['random_seed'] = base64.b64encode(os.urandom(512)).decode()
    if _at_least(version, '2015-10-15', OPENSTACK_VERSIONS):
        data['project_id'] = inst.project_id
        if inst.key_name:
            data['keys'] = [{'name': inst.key_name, 'type': 'ssh',
                             'data': inst.key_data or ''}]
    if _at_least(version, '2016-06-30', OPENSTACK_VERSIONS):
        data['devices'] = devices(sources)
    if _at_least(version, '2018-08-27', OPENSTACK_VERSIONS):
        data['dedicated_cpus'] = []
    return data


def devices(sources):
    """The tagged devices (API 2.32 device tags): interfaces by their MAC
    address, disks by their volume (serial) and device path. Where the
    guest sees them on its buses is not known here: bus and address are
    'none', as upstream shows a device the hypervisor did not place."""
    found = []
    for vif in sources.network_info or []:
        if vif.get('tag'):
            found.append({'type': 'nic', 'bus': 'none', 'address': 'none',
                          'mac': vif['address'], 'tags': [vif['tag']]})
    for bdm in sources.block_devices or []:
        tag = _field(bdm, 'tag')
        if tag:
            found.append({'type': 'disk', 'bus': 'none', 'address': 'none',
                          'serial': _field(bdm, 'volume_id') or '',
                          'path': _field(bdm, 'device_name') or '',
                          'tags': [tag]})
    return found


def network_data(sources):
    """network_data.json: links, networks and DNS services."""
    links, networks, services = [], [], []
    for index, vif in enumerate(sources.network_info or []):
        net = vif['network']
        link_id = vif.get('devname') or 'interface%d' % index
        links.append({'id': link_id, 'vif_id': vif['id'],
                      'type': 'bridge' if vif.get('type') == 'bridge'
                      else 'phy',
                      'ethernet_mac_address': vif['address'],
                      'mtu': net.get('mtu')})
        for subnet in net['subnets']:
            cidr = ipaddress.ip_network(subnet['cidr'], strict=False)
            for ip in subnet['ips']:
                entry = {
                    'id': 'network%d' % len(networks), 'link': link_id,
                    'network_id': net['id'],
                    'type': 'ipv%d' % cidr.version,
                    'ip_address': ip['address'],
                    'netmask': str(cidr.netmask),
                    'routes': []}
                if subnet.get('gateway'):
                    default = '0.0.0.0' if cidr.version == 4 else '::'
                    entry['routes'].append({
                        'network': default, 'netmask': default,
                        'gateway': subnet['gateway']})
                networks.append(entry)
            for dns in subnet.get('dns') or []:
                service = {'type': 'dns', 'address': dns}
                if service not in services:
                    services.append(service)
    return {'links': links, 'networks': networks, 'services': services}


def openstack_files(sources, version=LATEST):
    """{file name: bytes} of one OpenStack version directory."""
    files = {
        META_DATA: _json(openstack_meta_data(sources, version)),
        VENDOR_DATA: _json(sources.vendor_data or {}),
    }
    if _at_least(version, '2015-10-15', OPENSTACK_VERSIONS):
        files[NETWORK_DATA] = _json(network_data(sources))
    if _at_least(version, '2016-10-06', OPENSTACK_VERSIONS):
        files[VENDOR_DATA2] = _json(sources.vendor_data2 or {})
    data = user_data(sources)
    if data is not None:
        files[USER_DATA] = data
    return files


def build_files(sources):
    """The config drive's files, {relative path: bytes}.

    The same content the metadata service serves: ec2/<version>/
    meta-data.json and user-data, openstack/<version>/meta_data.json,
    network_data.json, vendor_data.json, vendor_data2.json, user_data;
    plus openstack/content/NNNN for the files injected at boot.
    """
    files = {}
    data = user_data(sources)
    for version in EC2_VERSIONS + (LATEST,):
        files['ec2/%s/meta-data.json' % version] = _json(
            ec2_meta_data(sources, version))
        if data is not None:
            files['ec2/%s/user-data' % version] = data
    for version in OPENSTACK_VERSIONS + (LATEST,):
        for name, body in openstack_files(sources, version).items():
            files[posixpath.join('openstack', version, name)] = body
    for index, (_, body) in enumerate(sources.injected_files or ()):
        if isinstance(body, str):
            body = body.encode()
        files['openstack' + _content_path(index)] = body
    return files


def _content_path(index):
    """Where the index-th injected file lives, under openstack/."""
    return '/content/%04d' % index


def _json(value):
    return json.dumps(value, sort_keys=True).encode()
