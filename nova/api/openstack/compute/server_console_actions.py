"""Console actions: os-getVNCConsole, os-getSPICEConsole,
os-getSerialConsole, os-getRDPConsole (before 2.6; the remote-consoles
API replaces them), dispatched by server_actions."""

ACTIONS = {}
