"""The compute service's actions on a guest where it runs: rescue,
unrescue, rebuild, set_admin_password, snapshot and backup, console
output, network info resets, soft delete and restore.

A mixin of ComputeManager (it uses self.driver, self.host and
self._workers); RPC version 1.2.
"""


class GuestActionsMixin:
    """RPC methods 1.2 of ComputeManager."""
