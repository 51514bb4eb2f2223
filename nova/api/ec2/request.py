"""Parses EC2 query requests: flat dotted parameters into nested args.

"InstanceId.1=i-1&Filter.1.Name=x&Filter.1.Value.1=y" becomes
{'InstanceId': ['i-1'], 'Filter': [{'Name': 'x', 'Value': ['y']}]}:
numbered members are lists, ordered by their number.
Every name and value is checked first (check_params): clean UTF-8, no NUL,
and no longer than its column, so nothing reaches the database or the XML
writer that either would refuse.
"""

from nova.api.ec2 import faults
from nova.api import input_check

# Parameters of the protocol, not of the action.
PROTOCOL_PARAMS = frozenset((
    'Action', 'Version', 'AWSAccessKeyId', 'Signature', 'SignatureMethod',
    'SignatureVersion', 'Timestamp', 'Expires', 'SecurityToken'))


# Values stored in name-sized columns (GroupName, KeyName, Description,
# tag keys and values...) are at most this long; the parameters below are
# stored in Text columns. Protocol parameters are never stored.
MAX_VALUE_LENGTH = 255
_LONG_PARAMS = {'UserData': 65535, 'PublicKeyMaterial': 65535}
MAX_NAME_LENGTH = 255


def check_params(params):
    """Refuse (InvalidParameterValue) a name or value no action accepts."""
    for name, value in params.items():
        for text, what in ((name, 'A parameter name'),
                           (value, 'The value of %s' % name[:64])):
            try:
                input_check.check_text(text, what)
            except input_check.BadInput as error:
                raise faults.invalid(str(error))
        if len(name) > MAX_NAME_LENGTH:
            raise faults.invalid('A parameter name is longer than %d '
                                 'characters.' % MAX_NAME_LENGTH)
        if name in PROTOCOL_PARAMS or name.startswith('X-Amz-'):
            continue
        limit = _LONG_PARAMS.get(name.split('.', 1)[0], MAX_VALUE_LENGTH)
        if len(value) > limit:
            raise faults.invalid('The value of %s is longer than %d '
                                 'characters.' % (name, limit))


def params_of(req):
    """Query and form parameters of a GET or POST, as one flat dict."""
    try:
        params = dict(req.GET.items())
        if req.method == 'POST':
            params.update(req.POST.items())
    except UnicodeDecodeError:
        raise faults.invalid('The request parameters are not valid UTF-8.')
    params = {name: value if isinstance(value, str) else str(value)
              for name, value in params.items()}
    check_params(params)
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
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise _conflict(name)
            node = child
        if isinstance(node.get(parts[-1]), dict):
            raise _conflict(name)
        node[parts[-1]] = value
    return _listify(root)


def _conflict(name):
    return faults.invalid('Parameter %s is given both as a value and as a '
                          'structure.' % name.split('.')[0])


# Parameters whose members are structures (Tag.N.Key); the members of
# every other list are plain values (InstanceId.N).
_STRUCTURED = frozenset(('Filter', 'Tag', 'BlockDeviceMapping',
                         'IpPermissions', 'IpRanges', 'Groups', 'Add',
                         'Remove'))


def struct(args, name):
    """args[name] as a structure ({} when absent); malformed otherwise."""
    value = args.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise faults.invalid('%s must be given as %s.<Member>=value.'
                             % (name, name))
    return value


def as_list(args, name):
    """args[name] as a list (a single value becomes a list of one)."""
    value = args.get(name)
    if value is None:
        return []
    if isinstance(value, dict):
        value = [value[k] for k in sorted(value, key=str)]
    elif not isinstance(value, list):
        value = [value]
    kind = dict if name in _STRUCTURED else str
    if not all(isinstance(item, kind) for item in value):
        raise faults.invalid('%s must be given as %s' % (
            name, '%s.N.<Member>=value' % name if kind is dict
            else '%s.N=value' % name))
    return value


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
