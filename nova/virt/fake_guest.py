"""The fake driver's GuestInterface: rescue, rebuild, snapshot, password,
console output, network info (a mixin of fake.FakeDriver, which holds the
guests in self._guests under self._lock)."""


class FakeGuestMixin:
    pass
