"""Request schemas of the floating IPs API (os-floating-ips)."""

# A null pool (or none) takes [network] default_floating_pool.
create = {
    'type': ['object', 'null'],
    'properties': {
        'pool': {'type': ['string', 'null'], 'maxLength': 255},
    },
    'additionalProperties': False,
}

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query
