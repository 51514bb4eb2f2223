"""Request schemas of the fixed IPs API (os-fixed-ips)."""

# POST /os-fixed-ips/{address}/action: {"reserve": null} or
# {"unreserve": null}.
action = {
    'type': 'object',
    'properties': {
        'reserve': {'type': ['null', 'object']},
        'unreserve': {'type': ['null', 'object']},
    },
    'minProperties': 1,
    'maxProperties': 1,
    'additionalProperties': False,
}

show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
