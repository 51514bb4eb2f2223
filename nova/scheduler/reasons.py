"""Why a request found no host: a summary anyone may read and details
for administrators (which hosts each filter removed, lost claims)."""

# Host names listed per filter in the details; the rest are counted.
MAX_NAMES = 20


def _names(hosts):
    shown = ', '.join(hosts[:MAX_NAMES])
    if len(hosts) > MAX_NAMES:
        shown += ' and %d more' % (len(hosts) - MAX_NAMES)
    return shown


class Pass:
    """The search of a host for one instance of the request."""

    def __init__(self, placed):
        self.placed = placed  # instances of the request placed before
        self.removed = []  # [(filter name, [hosts])] in filter order
        self.lost_claims = []  # hosts whose room went to another request


class Report:
    """What the passes of one request met; only the last one, which found
    no host, scanned every host, so it alone is told."""

    def __init__(self, spec, considered):
        self.spec = spec
        self.considered = considered
        self.passes = []

    def new_pass(self, placed):
        self.passes.append(Pass(placed))
        return self.passes[-1]

    def summary(self):
        """Counts only: no host names, safe for the server's owner."""
        spec, flavor = self.spec, self.spec.flavor
        failed = self.passes[-1]
        parts = ['There are not enough hosts available for %d instance(s) '
                 'of flavor %s (%d vCPU, %d MiB RAM, %d GiB disk): %d '
                 'host(s) considered' % (
                     spec.num_instances, flavor.name, flavor.vcpus,
                     flavor.memory_mb, flavor.root_gb + flavor.ephemeral_gb,
                     self.considered)]
        if spec.ignore_hosts:
            parts.append('%d already tried' % len(spec.ignore_hosts))
        after = (' after %d instance(s) placed' % failed.placed
                 if failed.placed else '')
        for name, hosts in failed.removed:
            parts.append('%s removed %d%s' % (name, len(hosts), after))
        if failed.lost_claims:
            parts.append('%d claim(s) lost to concurrent requests'
                         % len(failed.lost_claims))
        if failed.removed:
            parts.append('the last host(s) were removed by %s'
                         % failed.removed[-1][0])
        return '; '.join(parts) + '.'

    def details(self):
        """Host names per filter, for administrators."""
        failed = self.passes[-1]
        lines = ['Hosts considered: %d' % self.considered]
        if self.spec.ignore_hosts:
            lines.append('Already tried (skipped): %s'
                         % _names(list(self.spec.ignore_hosts)))
        label = ('For instance %d of %d' % (failed.placed + 1,
                                            self.spec.num_instances)
                 if failed.placed else 'For every instance')
        for name, hosts in failed.removed:
            lines.append('%s: %s removed %s' % (label, name, _names(hosts)))
        if failed.lost_claims:
            lines.append('Claims lost to concurrent requests on: %s'
                         % _names(failed.lost_claims))
        return '\n'.join(lines)
