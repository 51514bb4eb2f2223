"""Linux plumbing of the built-in networking (root on the compute host).

A Linux bridge per network carrying the gateway address (on a VLAN
interface when the network has a VLAN), one dnsmasq per bridge serving
DHCP only to the allocated addresses (one hosts file per instance in a
--dhcp-hostsdir, which dnsmasq rereads by itself), nftables tables for
NAT, the metadata route and security groups (nova.network.firewall),
floating IPs bound to the public interface.

With [network] allow_overlapping_ips each network lives in a namespace
of its own instead (nova.network.namespaces names its parts): the
bridge keeps no address, the namespace holds the gateway addresses,
dnsmasq, a haproxy in front of the metadata service, the guests' NAT to
its transit address and their floating IPs' NAT; the host routes each
floating IP to the namespace and answers ARP for it (proxy neighbour).
"""

import ipaddress
import os
import signal
import subprocess
import threading
import time

from oslo_log import log as logging

import nova.conf
from nova.api.metadata import lookup
from nova.api.metadata import proxy_secret
from nova.network import dhcpv6_leases
from nova.network import firewall
from nova.network import namespaces
from nova.network import plumbing

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def execute(*cmd, check=True, stdin=None):
    LOG.debug('Running %s', ' '.join(cmd))
    done = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise RuntimeError('%s failed (%d): %s' % (
            ' '.join(cmd), done.returncode, done.stderr.strip()))
    return done


def _link_exists(name, netns=None):
    where = ('-n', netns) if netns else ()
    return execute('ip', *where, 'link', 'show', name,
                   check=False).returncode == 0


def _in(netns, *cmd):
    """cmd run inside network namespace netns (None: the host's)."""
    return ('ip', 'netns', 'exec', netns) + cmd if netns else cmd


class LinuxNetPlumbing(plumbing.Plumbing):

    def __init__(self):
        super().__init__()
        self._lock = threading.Lock()
        self._conntrack = None

    def tracks_bridged_connections(self):
        """Whether nftables can match conntrack state on bridged traffic
        (probed once with a throw-away table)."""
        if self._conntrack is None:
            probe = ('table bridge nova-probe {\n  chain c {\n'
                     '    ct state established accept\n  }\n}\n'
                     'delete table bridge nova-probe\n')
            self._conntrack = execute('nft', '-f', '-', stdin=probe,
                                      check=False).returncode == 0
            if not self._conntrack:
                LOG.warning('nftables cannot track bridged connections '
                            '(nf_conntrack_bridge): security groups use '
                            'stateless reply rules')
        return self._conntrack

    def apply(self, instance, kind, args):
        with self._lock:
            getattr(self, '_' + kind)(**args)

    @staticmethod
    def _dir(bridge):
        path = os.path.join(CONF.state_path, 'networks', bridge)
        os.makedirs(os.path.join(path, 'hosts'), exist_ok=True)
        return path

    def _ensure_bridge(self, bridge, address, vlan=None, interface=None,
                       mtu=None):
        if not _link_exists(bridge):
            execute('ip', 'link', 'add', 'name', bridge, 'type', 'bridge')
        if vlan is not None and interface:
            vlan_if = 'vlan%d' % vlan
            if not _link_exists(vlan_if):
                execute('ip', 'link', 'add', 'link', interface, 'name',
                        vlan_if, 'type', 'vlan', 'id', str(vlan))
            execute('ip', 'link', 'set', vlan_if, 'master', bridge, 'up')
        elif interface and _link_exists(interface):
            execute('ip', 'link', 'set', interface, 'master', bridge)
        if mtu:
            execute('ip', 'link', 'set', bridge, 'mtu', str(mtu))
        if address is not None:  # None: its network is namespaced
            shown = execute('ip', '-o', 'addr', 'show', 'dev',
                            bridge).stdout
            if (' %s ' % address) not in shown:
                execute('ip', 'addr', 'add', address, 'dev', bridge,
                        *_nodad(address))
                # Only what it added may go (prune_addresses): the
                # bridge may carry the operator's addresses too.
                added = _added(bridge)
                _record_added(bridge, added | {address})
        execute('ip', 'link', 'set', bridge, 'up')
        execute('sysctl', '-q', '-w', 'net.ipv4.ip_forward=1', check=False)
        if address and ':' in address:
            # Only for a bridge routing IPv6: a forwarding host ignores
            # router advertisements, its own included.
            execute('sysctl', '-q', '-w', 'net.ipv6.conf.all.forwarding=1',
                    check=False)

    def _prune_addresses(self, bridge, keep):
        """Remove the addresses ensure_bridge put on the bridge that are
        no longer wanted (their subnet went)."""
        added = _added(bridge)
        for address in sorted(added - set(keep)):
            execute('ip', 'addr', 'del', address, 'dev', bridge, check=False)
        if added - set(keep):
            _record_added(bridge, added & set(keep))

    def _teardown_network(self, bridge, namespace):
        """Stop the network's dnsmasq and metadata proxy, delete its
        namespace (None: the host plan made none; its veth pairs die
        with it) and the gateway addresses of the host plan, and forget
        its state. The bridge stays: guests
        of other networks may share it, and it holds no address."""
        path = os.path.join(CONF.state_path, 'networks', bridge)
        for pid_file in ('dnsmasq.pid', 'haproxy.pid'):
            _stop(os.path.join(path, pid_file))
        if namespace and execute('ip', 'netns', 'pids', namespace,
                                 check=False).returncode == 0:
            execute('ip', 'netns', 'del', namespace)
        for port in (namespaces.gateway_port(bridge),
                     namespaces.uplink_port(bridge)):
            if namespace and _link_exists(port):
                execute('ip', 'link', 'del', port, check=False)
        self._prune_addresses(bridge, ())
        for name in ('dnsmasq.cmd', 'haproxy.cfg', 'leases', 'addresses'):
            try:
                os.unlink(os.path.join(path, name))
            except FileNotFoundError:
                pass

    def _nft(self, script):
        execute('nft', '-f', '-', stdin=script)

    def _ensure_dhcp(self, bridge, cidr, listen, gateway, dns, more=(),
                     namespace=None, v6=()):
        """One dnsmasq per bridge serving each subnet (cidr, and those of
        more: [{'cidr', 'listen', 'gateway'}]) and advertising the IPv6
        ones of v6 ([{'cidr', 'mode', 'dns'}]); restarted when the subnets
        changed since it started. In a namespace it listens on the veth
        named as the bridge."""
        path = self._dir(bridge)
        pid_file = os.path.join(path, 'dnsmasq.pid')
        cmd = list(_in(namespace, *dnsmasq_command(
            bridge, path, cidr, listen, gateway, dns, more, v6)))
        started = os.path.join(path, 'dnsmasq.cmd')
        if _running(pid_file):
            recorded = _read(started)
            # One started before its command was recorded served one
            # IPv4 subnet.
            if recorded == '\n'.join(cmd) or (recorded is None and
                                              not more and not v6):
                return
            _stop(pid_file)
        execute(*cmd)
        with open(started, 'w') as f:
            f.write('\n'.join(cmd))

    def _dhcp_host(self, bridge, instance_uuid, mac, address, hostname,
                   addresses6=()):
        """The MAC's host entry: its IPv4 address (None: none by DHCP)
        and its DHCPv6 ones."""
        path = os.path.join(self._dir(bridge), 'hosts', instance_uuid)
        line = ','.join([mac, hostname or 'host-%s' % instance_uuid] +
                        ([address] if address else []) +
                        ['[%s]' % a for a in addresses6]) + '\n'
        lines = []
        if os.path.exists(path):
            with open(path) as f:
                lines = [x for x in f if not x.startswith(mac + ',')]
        with open(path + '.tmp', 'w') as f:
            f.writelines(lines + [line])
        os.replace(path + '.tmp', path)

    def _dhcp_host_remove(self, bridge, instance_uuid, namespace=None):
        path = os.path.join(self._dir(bridge), 'hosts', instance_uuid)
        if not os.path.exists(path):
            return
        with open(path) as f:
            entries = [line.strip().split(',') for line in f if line.strip()]
        os.unlink(path)
        # dnsmasq forgets a removed host entry only on SIGHUP, and keeps
        # the guest's lease: the address would be refused to the next
        # guest (another MAC) it is given to until the lease expires.
        _signal_dnsmasq(os.path.join(self._dir(bridge), 'dnsmasq.pid'))
        for mac, address in ((e[0], a) for e in entries for a in e[2:]
                             if not a.startswith('[')):
            _release(_in(namespace, 'dhcp_release', bridge, address, mac),
                     '%s (%s) on %s' % (address, mac, bridge))
        # The same for DHCPv6, whose leases are known by the client's
        # DUID and IAID, which only the lease file tells.
        addresses6 = [a.strip('[]') for e in entries for a in e[2:]
                      if a.startswith('[')]
        if addresses6:
            leases = _read(os.path.join(self._dir(bridge), 'leases'))
            for cmd in dhcpv6_leases.release_commands(leases, bridge,
                                                      addresses6):
                _release(_in(namespace, *cmd),
                         '%s on %s' % (cmd[4], bridge))

    def _bind_address(self, address, interface):
        if _link_exists(interface):
            execute('ip', 'addr', 'replace', '%s/32' % address, 'dev',
                    interface)

    def _unbind_address(self, address, interface):
        execute('ip', 'addr', 'del', '%s/32' % address, 'dev', interface,
                check=False)

    def _ensure_namespace(self, bridge, namespace, addresses, host_end,
                          namespace_end, mtu=None, links=()):
        """The network's namespace, joined to its bridge (the veth end
        inside named as the bridge, with the subnets' addresses) and to
        the host (the uplink, default route to the host end, and the
        links of its further routers: more {host_end, namespace_end}
        pairs), with the metadata address on its loopback."""
        if execute('ip', 'netns', 'pids', namespace,
                   check=False).returncode != 0:
            execute('ip', 'netns', 'add', namespace)
        execute('ip', '-n', namespace, 'link', 'set', 'lo', 'up')
        gateway = namespaces.gateway_port(bridge)
        uplink = namespaces.uplink_port(bridge)
        # A veth pair dies with either end: both exist or neither.
        for port, inside in ((gateway, bridge), (uplink, namespaces.UPLINK)):
            if not _link_exists(port):
                execute('ip', 'link', 'add', port, 'type', 'veth', 'peer',
                        'name', inside, 'netns', namespace)
            if mtu:
                execute('ip', 'link', 'set', port, 'mtu', str(mtu))
                execute('ip', '-n', namespace, 'link', 'set', inside, 'mtu',
                        str(mtu))
        execute('ip', 'link', 'set', gateway, 'master', bridge, 'up')
        shown = execute('ip', '-n', namespace, '-o', 'addr', 'show',
                        'dev', bridge).stdout
        for address in addresses:
            if (' %s ' % address) not in shown:
                execute('ip', '-n', namespace, 'addr', 'add', address, 'dev',
                        bridge, *_nodad(address))
        # The namespace's end is the network's alone: any other address
        # is a removed subnet's.
        for address in set(_inet(shown)) - set(addresses):
            execute('ip', '-n', namespace, 'addr', 'del', address, 'dev',
                    bridge, check=False)
        execute('ip', '-n', namespace, 'link', 'set', bridge, 'up')
        execute('ip', 'addr', 'replace', host_end, 'dev', uplink)
        execute('ip', 'link', 'set', uplink, 'up')
        execute('ip', '-n', namespace, 'addr', 'replace', namespace_end,
                'dev', namespaces.UPLINK)
        execute('ip', '-n', namespace, 'link', 'set', namespaces.UPLINK,
                'up')
        self._ensure_links(namespace, uplink, [
            (host_end, namespace_end)] + [
            (each['host_end'], each['namespace_end']) for each in links])
        execute('ip', '-n', namespace, 'route', 'replace', 'default', 'via',
                host_end.split('/')[0], 'dev', namespaces.UPLINK)
        execute('ip', '-n', namespace, 'addr', 'replace',
                '%s/32' % firewall.METADATA_ADDRESS, 'dev', 'lo')
        execute(*_in(namespace, 'sysctl', '-q', '-w',
                     'net.ipv4.ip_forward=1'))
        if any(':' in a for a in addresses):
            execute(*_in(namespace, 'sysctl', '-q', '-w',
                         'net.ipv6.conf.all.forwarding=1'))
        execute('sysctl', '-q', '-w', 'net.ipv4.ip_forward=1', check=False)

    def _ensure_links(self, namespace, uplink, ends):
        """The uplink's addresses: ends [(host end, namespace end)], the
        first already there; a gone router's link goes (its /30 may be
        another network's next)."""
        for host, inside in ends[1:]:
            execute('ip', 'addr', 'replace', host, 'dev', uplink)
            execute('ip', '-n', namespace, 'addr', 'replace', inside,
                    'dev', namespaces.UPLINK)
        shown = execute('ip', '-o', 'addr', 'show', 'dev', uplink).stdout
        for address in set(_inet(shown)) - {h for h, _i in ends}:
            execute('ip', 'addr', 'del', address, 'dev', uplink,
                    check=False)
        shown = execute('ip', '-n', namespace, '-o', 'addr', 'show', 'dev',
                        namespaces.UPLINK).stdout
        for address in set(_inet(shown)) - {i for _h, i in ends}:
            execute('ip', '-n', namespace, 'addr', 'del', address, 'dev',
                    namespaces.UPLINK, check=False)

    def _netns_nft(self, namespace, script):
        execute(*_in(namespace, 'nft', '-f', '-'), stdin=script)

    def _ensure_metadata_proxy(self, bridge, namespace, network_id,
                               upstream, port):
        """The namespace's haproxy on 169.254.169.254:80, restarted when
        its configuration changed (a new secret or metadata address)."""
        path = self._dir(bridge)
        pid_file = os.path.join(path, 'haproxy.pid')
        config_file = os.path.join(path, 'haproxy.cfg')
        config = haproxy_config(network_id, upstream, port,
                                proxy_secret.get())
        if _running(pid_file):
            if _read(config_file) == config:
                return
            _stop(pid_file)
        # Private: it holds the network id's signature.
        fd = os.open(config_file + '.tmp',
                     os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, 'w') as f:
            f.write(config)
        os.replace(config_file + '.tmp', config_file)
        execute(*_in(namespace, 'haproxy', '-D', '-p', pid_file, '-f',
                     config_file))

    def _route_floating(self, bridge, port, addresses, via, device,
                        interface):
        """Route the interface's floating IPs to its network's
        namespace and answer ARP for them on the public interface (a
        proxy neighbour: a local address would keep the host's own
        connections from reaching the namespace); those it had before
        and no longer has go."""
        folder = os.path.join(self._dir(bridge), 'floating')
        os.makedirs(folder, exist_ok=True)
        record = os.path.join(folder, port)
        before = (_read(record) or '').split()
        for address in sorted(set(before) - set(addresses)):
            execute('ip', 'route', 'del', '%s/32' % address, 'dev', device,
                    check=False)
            execute('ip', 'neigh', 'del', 'proxy', address, 'dev',
                    interface, check=False)
        for address in addresses:
            execute('ip', 'route', 'replace', '%s/32' % address, 'via', via,
                    'dev', device)
            if _link_exists(interface):
                execute('ip', 'neigh', 'replace', 'proxy', address, 'dev',
                        interface)
        if addresses:
            with open(record + '.tmp', 'w') as f:
                f.write('\n'.join(addresses) + '\n')
            os.replace(record + '.tmp', record)
        elif before:
            os.unlink(record)


def haproxy_config(network_id, upstream, port, secret):
    """A namespace's metadata proxy: the guest's address and the
    network (signed with the shared secret) replace whatever the guest
    sent in their headers; it can claim no instance id."""
    return '\n'.join([
        'global',
        '    daemon',
        '    maxconn 256',
        'defaults',
        '    mode http',
        '    timeout connect 5s',
        '    timeout client 30s',
        '    timeout server 60s',
        'listen metadata',
        '    bind %s:80' % firewall.METADATA_ADDRESS,
        '    http-request del-header X-Instance-ID -m beg',
        '    http-request del-header X-Tenant-ID',
        '    http-request set-header X-Forwarded-For %[src]',
        '    http-request set-header X-Neutron-Network-ID %s' % network_id,
        '    http-request set-header X-Neutron-Network-ID-Signature %s'
        % lookup.sign(network_id, secret),
        '    server metadata %s:%d' % (upstream, port),
        ''])


def dnsmasq_command(bridge, path, cidr, listen, gateway, dns, more=(),
                    v6=()):
    """The dnsmasq command line of a bridge's subnets: one static DHCP
    range per IPv4 subnet (cidr None: none), each tagged with its own
    router option, and with router advertisements one range per IPv6
    subnet of v6 in its mode (nova.network.ipv6.dnsmasq_mode), tagged
    with its DNS servers when it has some."""
    pid_file = os.path.join(path, 'dnsmasq.pid')
    # --user=root: it rereads its host entries under state_path, which
    # may be private to root, after it started.
    cmd = ['dnsmasq', '--user=root', '--strict-order', '--bind-interfaces',
           '--conf-file=', '--no-hosts', '--no-resolv',
           '--except-interface=lo', '--interface=%s' % bridge]
    if cidr:
        cmd.append('--listen-address=%s' % listen)
    cmd += ['--pid-file=%s' % pid_file,
            '--dhcp-hostsdir=%s' % os.path.join(path, 'hosts'),
            '--dhcp-leasefile=%s' % os.path.join(path, 'leases')]
    subnets = [{'cidr': cidr, 'listen': listen, 'gateway': gateway}] if cidr \
        else []
    subnets += list(more)
    for subnet in subnets[1:]:
        cmd.append('--listen-address=%s' % subnet['listen'])
    size = 0
    for index, subnet in enumerate(subnets):
        net = ipaddress.ip_network(subnet['cidr'])
        size += net.num_addresses
        # A single subnet keeps the untagged form it always had.
        tag = 'set:subnet%d,' % index if more else ''
        cmd.append('--dhcp-range=%s%s,static,%s,%ds' % (
            tag, net.network_address, net.netmask,
            CONF.network.dhcp_lease_time))
    if v6:
        cmd.append('--enable-ra')
    # Tagged only when a range has options of its own (the command line
    # of a link without stays as it was).
    tagged = any(subnet.get('dns') for subnet in v6)
    for index, subnet in enumerate(v6):
        net = ipaddress.ip_network(subnet['cidr'])
        tag = 'set:%s,' % _v6_tag(index) if tagged else ''
        cmd.append('--dhcp-range=%s%s,%s,%d,%ds' % (
            tag, net.network_address, subnet['mode'], net.prefixlen,
            CONF.network.dhcp_lease_time))
        if subnet['mode'] == 'static':
            size += 1024  # the guests' DHCPv6 leases
    if size:
        cmd.append('--dhcp-lease-max=%d' % size)
    for index, subnet in enumerate(subnets):
        if not subnet['gateway']:  # none: the guests get no default route
            continue
        tag = 'tag:subnet%d,' % index if more else ''
        cmd.append('--dhcp-option=%soption:router,%s' % (
            tag, subnet['gateway']))
    for server in dns:
        cmd.append('--server=%s' % server)
    # DHCP (IPv4) carries IPv4 servers only: dnsmasq would not start
    # with another in the option (it forwards to any).
    dns4 = [a for a in dns if ':' not in a]
    if dns4:
        cmd.append('--dhcp-option=option:dns-server,%s' % ','.join(dns4))
    for index, subnet in enumerate(v6):
        if subnet.get('dns'):
            # DHCPv6 answers (stateless and stateful) and the router
            # advertisements' RDNSS of the range's link carry them.
            cmd.append('--dhcp-option=tag:%s,%s' % (
                _v6_tag(index), _dns6(subnet['dns'])))
    if tagged and len(v6) > 1:
        # dnsmasq tags an Information-request with its range only when
        # the link has one: with several, the link's servers, all.
        every = list(dict.fromkeys(a for s in v6 for a in s.get('dns', ())))
        cmd.append('--dhcp-option=%s%s' % (''.join(
            'tag:!%s,' % _v6_tag(i) for i in range(len(v6))), _dns6(every)))
    return cmd


def _dns6(servers):
    return 'option6:dns-server,%s' % ','.join('[%s]' % a for a in servers)


def _v6_tag(index):
    """The dnsmasq tag of the index'th IPv6 range (IPv4 ranges' are
    subnet<index>)."""
    return 'subnet6-%d' % index


def _release(cmd, what):
    """Run a dhcp_release(6) command; a lease it could not release
    only waits for its expiry, so a failure is a warning."""
    try:
        done = execute(*cmd, check=False)
        error = done.returncode and (done.stderr.strip() or
                                     'exit %d' % done.returncode)
    except OSError as exc:  # dnsmasq-utils is not installed
        error = str(exc)
    if error:
        LOG.warning('Could not release the DHCP lease of %s: %s', what,
                    error)


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def _inet(shown):
    """The IPv4 and global IPv6 addresses (with prefix) of
    `ip -o addr show` (not the kernel's link-local ones)."""
    words = shown.split()
    return [words[i + 1] for i, w in enumerate(words[:-2])
            if w == 'inet' or (w == 'inet6' and words[i + 3] == 'global')]


def _nodad(address):
    """`ip addr add`'s flag for an IPv6 gateway address: usable at once
    (dnsmasq binds to it), not tentative for a second."""
    return ('nodad',) if ':' in address else ()


def _added_path(bridge):
    return os.path.join(CONF.state_path, 'networks', bridge, 'addresses')


def _added(bridge):
    return set((_read(_added_path(bridge)) or '').split())


def _record_added(bridge, addresses):
    path = _added_path(bridge)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + '.tmp', 'w') as f:
        f.write(''.join('%s\n' % a for a in sorted(addresses)))
    os.replace(path + '.tmp', path)


def _stop(pid_file):
    """Stop a bridge's daemon and wait (briefly) until it is gone."""
    if not _running(pid_file):
        return  # and after a reboot, the pid may be another process's
    try:
        with open(pid_file) as f:
            pid = int(f.read().strip())
        os.kill(pid, signal.SIGTERM)
    except (OSError, ValueError):
        return
    # Until it has exited, not only stopped looking like the daemon: an
    # exiting process loses its cmdline before it closes its sockets, and
    # a daemon started again in that moment finds its address in use.
    for _ in range(50):
        if _exited(pid):
            return
        time.sleep(0.1)


def _exited(pid):
    """Whether pid is gone or a zombie (its files are closed)."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[1].split()[0] in ('Z', 'X')
    except (OSError, IndexError):
        return True


def _signal_dnsmasq(pid_file):
    """Make a running dnsmasq reread its host entries."""
    try:
        with open(pid_file) as f:
            os.kill(int(f.read().strip()), signal.SIGHUP)
    except (OSError, ValueError):
        pass


def _running(pid_file):
    """Whether the daemon of the pid file runs: a live process that was
    started with that pid file (after a reboot the pid may be reused)."""
    try:
        with open(pid_file) as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            cmdline = f.read()
    except OSError:
        return True  # no /proc to tell: trust the pid
    return os.fsencode(pid_file) in cmdline
