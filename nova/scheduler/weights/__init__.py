"""Host weighers: rank the hosts that passed the filters."""

import heapq
import importlib


class BaseHostWeigher:
    """Subclasses give a raw weight; weigh() normalizes and multiplies."""

    def weight_multiplier(self):
        return 1.0

    def raw_weight(self, host_state, spec):
        raise NotImplementedError()

    def raw_weights(self, hosts, spec):
        """Raw weights of all hosts; override when a weigher can do it
        faster than one call per host (the scheduler weighs thousands)."""
        return [self.raw_weight(h, spec) for h in hosts]


_WEIGHER_MODULES = {
    'RAMWeigher': 'ram',
    'CPUWeigher': 'resources',
    'DiskWeigher': 'resources',
    'IoOpsWeigher': 'io_ops',
    'MetricsWeigher': 'metrics',
    'ServerGroupSoftAffinityWeigher': 'affinity',
    'ServerGroupSoftAntiAffinityWeigher': 'affinity',
}


def load_weighers(names):
    weighers = []
    for name in names:
        module = _WEIGHER_MODULES.get(name)
        if module is None:
            raise ValueError('Unknown scheduler weigher %s' % name)
        mod = importlib.import_module('nova.scheduler.weights.' + module)
        weighers.append(getattr(mod, name)())
    return weighers


def weigh(weighers, hosts, spec):
    """Hosts best first: sum of each weigher's normalized weight."""
    return list(iter_weighed(weighers, hosts, spec))


def iter_weighed(weighers, hosts, spec):
    """Like weigh(), lazily: a heap pops the best hosts one by one, so
    taking the first few of thousands costs no full sort."""
    totals = _totals(weighers, hosts, spec)
    heap = [(-total, i) for i, total in enumerate(totals)]
    heapq.heapify(heap)
    while heap:
        yield hosts[heapq.heappop(heap)[1]]


def _totals(weighers, hosts, spec):
    totals = [0.0] * len(hosts)
    for weigher in weighers:
        multiplier = weigher.weight_multiplier()
        if not multiplier or not hosts:
            continue
        raw = weigher.raw_weights(hosts, spec)
        low, high = min(raw), max(raw)
        if high == low:
            continue  # every host normalizes to 0
        scale = multiplier / (high - low)
        totals = [t + (v - low) * scale for t, v in zip(totals, raw)]
    return totals
