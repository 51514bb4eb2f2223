"""Actions that move a server between hosts: resize, confirmResize,
revertResize, migrate, os-migrateLive, evacuate, shelve, shelveOffload,
unshelve (dispatched by server_actions)."""

ACTIONS = {}
