"""Parses EC2 query requests: flat dotted parameters into nested args.

"InstanceId.1=i-1&Filter.1.Name=x&Filter.1.Value.1=y" becomes
{'InstanceId': ['i-1'], 'Filter': [{'Name': 'x', 'Value': ['y']}]}:
numbered members are lists, ordered by their number.
"""

# Parameters of the protocol, not of the action.
PROTOCOL_PARAMS = frozenset((
    'Action', 'Version', 'AWSAccessKeyId', 'Signature', 'SignatureMethod',
    'SignatureVersion', 'Timestamp', 'Expires', 'SecurityToken'))


def params_of(req):
    """Query and form parameters of a GET or POST, as one flat dict."""
    params = dict(req.GET.items())
    if req.method == 'POST':
        params.update(req.POST.items())
    return params


def _listify(node):
    if not isinstance(node, dict):
        return node
    node = {key: _listify(value) for key, value in node.items()}
    if node and all(isinstance(key, int) for key in node):
        return [node[key] for key in sorted(node)]
    return node


def nest(params):
    """The action's arguments: params without the protocol ones, nested."""
    root = {}
    for name, value in params.items():
        if name in PROTOCOL_PARAMS or name.startswith('X-Amz-'):
            continue
        node = root
        parts = [int(p) if p.isdigit() else p for p in name.split('.')]
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[parts[-1]] = value
    return _listify(root)


def as_list(args, name):
    """args[name] as a list (a single value becomes a list of one)."""
    value = args.get(name)
    if value is None:
        return []
    if isinstance(value, dict):
        return [value[k] for k in sorted(value, key=str)]
    return value if isinstance(value, list) else [value]


def filters(args):
    """{name: [values]} of Filter.N.Name / Filter.N.Value.M."""
    result = {}
    for item in as_list(args, 'Filter'):
        if isinstance(item, dict) and item.get('Name'):
            result.setdefault(item['Name'], []).extend(
                as_list(item, 'Value'))
    return result


def boolean(value, default=False):
    if value is None:
        return default
    return str(value).lower() in ('true', '1', 'yes')
