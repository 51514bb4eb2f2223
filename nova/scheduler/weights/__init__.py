"""Host weighers: rank the hosts that passed the filters."""

import importlib


class BaseHostWeigher:
    """Subclasses give a raw weight; weigh() normalizes and multiplies."""

    def weight_multiplier(self):
        return 1.0

    def raw_weight(self, host_state, spec):
        raise NotImplementedError()


_WEIGHER_MODULES = {'RAMWeigher': 'ram'}


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
    totals = [0.0] * len(hosts)
    for weigher in weighers:
        raw = [weigher.raw_weight(h, spec) for h in hosts]
        low, high = (min(raw), max(raw)) if raw else (0, 0)
        span = high - low
        for i, value in enumerate(raw):
            normalized = (value - low) / span if span else 0.0
            totals[i] += weigher.weight_multiplier() * normalized
    order = sorted(range(len(hosts)), key=lambda i: -totals[i])
    return [hosts[i] for i in order]
