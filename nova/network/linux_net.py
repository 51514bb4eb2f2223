"""Linux plumbing of the built-in networking (root on the compute host).

A Linux bridge per network carrying the gateway address (on a VLAN
interface when the network has a VLAN), one dnsmasq per bridge serving
DHCP only to the allocated addresses (one hosts file per instance in a
--dhcp-hostsdir, which dnsmasq rereads by itself), nftables tables for
NAT, the metadata route and security groups (nova.network.firewall),
floating IPs bound to the public interface.
"""

import ipaddress
import os
import signal
import subprocess
import threading
import time

from oslo_log import log as logging

import nova.conf
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


def _link_exists(name):
    return execute('ip', 'link', 'show', name, check=False).returncode == 0


class LinuxNetPlumbing(plumbing.Plumbing):

    def __init__(self):
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
        shown = execute('ip', '-o', 'addr', 'show', 'dev', bridge).stdout
        if (' %s ' % address) not in shown:
            execute('ip', 'addr', 'add', address, 'dev', bridge)
        execute('ip', 'link', 'set', bridge, 'up')
        execute('sysctl', '-q', '-w', 'net.ipv4.ip_forward=1', check=False)

    def _nft(self, script):
        execute('nft', '-f', '-', stdin=script)

    def _ensure_dhcp(self, bridge, cidr, listen, gateway, dns, more=()):
        """One dnsmasq per bridge serving each subnet (cidr, and those of
        more: [{'cidr', 'listen', 'gateway'}]); restarted when the
        subnets changed since it started."""
        path = self._dir(bridge)
        pid_file = os.path.join(path, 'dnsmasq.pid')
        cmd = dnsmasq_command(bridge, path, cidr, listen, gateway, dns,
                              more)
        started = os.path.join(path, 'dnsmasq.cmd')
        if _running(pid_file):
            recorded = _read(started)
            # One started before its command was recorded served one
            # subnet.
            if recorded == '\n'.join(cmd) or (recorded is None and
                                              not more):
                return
            _stop(pid_file)
        execute(*cmd)
        with open(started, 'w') as f:
            f.write('\n'.join(cmd))

    def _dhcp_host(self, bridge, instance_uuid, mac, address, hostname):
        path = os.path.join(self._dir(bridge), 'hosts', instance_uuid)
        line = '%s,%s,%s\n' % (mac, hostname or 'host-%s' % instance_uuid,
                               address)
        lines = []
        if os.path.exists(path):
            with open(path) as f:
                lines = [x for x in f if not x.startswith(mac + ',')]
        with open(path + '.tmp', 'w') as f:
            f.writelines(lines + [line])
        os.replace(path + '.tmp', path)

    def _dhcp_host_remove(self, bridge, instance_uuid):
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
        for entry in entries:
            mac, address = entry[0], entry[-1]
            try:
                done = execute('dhcp_release', bridge, address, mac,
                               check=False)
                error = done.returncode and (done.stderr.strip() or
                                             'exit %d' % done.returncode)
            except OSError as exc:  # dnsmasq-utils is not installed
                error = str(exc)
            if error:
                LOG.warning('Could not release the DHCP lease of %s (%s) '
                            'on %s: %s', address, mac, bridge, error)

    def _bind_address(self, address, interface):
        if _link_exists(interface):
            execute('ip', 'addr', 'replace', '%s/32' % address, 'dev',
                    interface)

    def _unbind_address(self, address, interface):
        execute('ip', 'addr', 'del', '%s/32' % address, 'dev', interface,
                check=False)


def dnsmasq_command(bridge, path, cidr, listen, gateway, dns, more=()):
    """The dnsmasq command line of a bridge's subnets: one static DHCP
    range per subnet, each tagged with its own router option."""
    pid_file = os.path.join(path, 'dnsmasq.pid')
    # --user=root: it rereads its host entries under state_path, which
    # may be private to root, after it started.
    cmd = ['dnsmasq', '--user=root', '--strict-order', '--bind-interfaces',
           '--conf-file=', '--no-hosts', '--no-resolv',
           '--except-interface=lo', '--interface=%s' % bridge,
           '--listen-address=%s' % listen,
           '--pid-file=%s' % pid_file,
           '--dhcp-hostsdir=%s' % os.path.join(path, 'hosts'),
           '--dhcp-leasefile=%s' % os.path.join(path, 'leases')]
    subnets = [{'cidr': cidr, 'listen': listen, 'gateway': gateway}]
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
    cmd.append('--dhcp-lease-max=%d' % size)
    for index, subnet in enumerate(subnets):
        if not subnet['gateway']:  # none: the guests get no default route
            continue
        tag = 'tag:subnet%d,' % index if more else ''
        cmd.append('--dhcp-option=%soption:router,%s' % (
            tag, subnet['gateway']))
    for server in dns:
        cmd.append('--server=%s' % server)
    if dns:
        cmd.append('--dhcp-option=option:dns-server,%s' % ','.join(dns))
    return cmd


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def _stop(pid_file):
    """Stop a bridge's dnsmasq and wait (briefly) until it is gone."""
    try:
        with open(pid_file) as f:
            pid = int(f.read().strip())
        os.kill(pid, signal.SIGTERM)
    except (OSError, ValueError):
        return
    for _ in range(50):
        if not _running(pid_file):
            return
        time.sleep(0.1)


def _signal_dnsmasq(pid_file):
    """Make a running dnsmasq reread its host entries."""
    try:
        with open(pid_file) as f:
            os.kill(int(f.read().strip()), signal.SIGHUP)
    except (OSError, ValueError):
        pass


def _running(pid_file):
    try:
        with open(pid_file) as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True
