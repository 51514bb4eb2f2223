"""Actions on the guest where it runs: rescue, unrescue, rebuild,
changePassword, createImage, createBackup, os-getConsoleOutput,
os-resetState, injectNetworkInfo, resetNetwork, restore, forceDelete
(dispatched by server_actions)."""

ACTIONS = {}
