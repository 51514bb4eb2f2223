"""The conductor's side of moves: choosing a destination and handing the
work to the compute hosts (resize, cold and live migration, evacuation,
unshelve). A mixin of ConductorManager; RPC version 1.1."""


class MoveTasksMixin:
    """RPC methods 1.1 of ConductorManager."""
