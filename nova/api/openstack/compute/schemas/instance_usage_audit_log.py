"""Request schemas of /os-instance_usage_audit_log."""

query = {'type': 'object', 'properties': {}, 'additionalProperties': True}
