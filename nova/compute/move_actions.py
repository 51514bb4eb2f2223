"""The compute service's side of moves between hosts: resize and cold
migration (with confirm and revert), live migration, evacuation, shelve,
shelve offload and unshelve.

A mixin of ComputeManager (it uses self.driver, self.host, self.tracker
and self._workers); RPC version 1.3.
"""


class MoveActionsMixin:
    """RPC methods 1.3 of ComputeManager."""
