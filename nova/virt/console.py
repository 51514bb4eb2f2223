"""Where a guest's remote console listens, as a driver reports it."""

import dataclasses


@dataclasses.dataclass
class ConsoleInfo:
    """A console endpoint on the compute host, for the console proxy."""

    host: str
    port: int
    internal_access_path: str = None
