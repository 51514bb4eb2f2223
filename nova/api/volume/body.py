"""Request bodies and query parameters of the Block Storage API, checked
as Cinder's schemas check them (a 400 badRequest otherwise)."""

import json

from nova.api.volume import faults

_TRUE = ('true', '1', 'yes', 'on', 't', 'y')
_FALSE = ('false', '0', 'no', 'off', 'f', 'n')


def _invalid(field, value, why):
    return faults.bad_request('Invalid input for field/attribute %s. '
                              'Value: %s. %s' % (field, value, why))


def read(req, key):
    """The object under key of req's JSON body."""
    try:
        data = json.loads(req.body or b'null')
    except ValueError:
        raise faults.bad_request('Malformed request body')
    if not isinstance(data, dict) or not isinstance(data.get(key), dict):
        raise faults.bad_request(
            "Missing required element '%s' in request body." % key)
    return data[key]


def boolean(value, field):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _invalid(field, value, "%r is not a valid boolean." % value)


def _string(values, field, limit=255):
    value = values.get(field)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise _invalid(field, value, 'It must be a string of at most %d '
                                     'characters.' % limit)
    return value


def _size(value):
    if isinstance(value, bool):
        raise _invalid('size', value, '%r is not an integer.' % value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int):
        raise _invalid('size', value, '%r is not valid under any of the '
                                      'given schemas' % value)
    if value < 1:
        raise _invalid('size', value, '%r is less than the minimum of 1'
                       % value)
    return value


def _metadata(values):
    metadata = values.get('metadata')
    if metadata is None:
        return None
    if not isinstance(metadata, dict) or not all(
            isinstance(k, str) and 0 < len(k) <= 255 and
            isinstance(v, str) and len(v) <= 255
            for k, v in metadata.items()):
        raise _invalid('metadata', metadata, 'Metadata must be an object '
                       'of strings of at most 255 characters.')
    return metadata


def create_volume(values):
    """The keyword arguments of nova.volume.api's create."""
    source = values.get('snapshot_id') or values.get('source_volid')
    if values.get('size') is None and not source:
        raise faults.bad_request("Invalid input for field/attribute size. "
                                 "Value: None. None is not of type "
                                 "'integer', 'string'")
    image = values.get('imageRef') or values.get('image_id')
    return {
        'size': _size(values['size']) if values.get('size') is not None
        else None,
        'name': _string(values, 'name') if 'name' in values
        else _string(values, 'display_name'),
        'description': _string(values, 'description') or
        _string(values, 'display_description'),
        'volume_type': _string(values, 'volume_type'),
        'metadata': _metadata(values),
        'availability_zone': _string(values, 'availability_zone'),
        'image_id': image if image is None else str(image),
        'snapshot_id': _string(values, 'snapshot_id'),
        'source_volid': _string(values, 'source_volid'),
        'multiattach': boolean(values.get('multiattach', False),
                               'multiattach'),
    }


_UPDATABLE = {'name': 'name', 'display_name': 'name',
              'description': 'description',
              'display_description': 'description', 'metadata': 'metadata'}


def update_volume(values):
    """The keyword arguments of nova.volume.api's update."""
    unknown = sorted(set(values) - set(_UPDATABLE))
    if unknown:
        raise faults.bad_request(
            'Additional properties are not allowed (%s %s unexpected)' % (
                ', '.join(repr(k) for k in unknown),
                'was' if len(unknown) == 1 else 'were'))
    changes = {}
    for key, target in _UPDATABLE.items():
        if key not in values:
            continue
        if target == 'metadata':
            changes['metadata'] = _metadata(values) or {}
        else:
            changes[target] = _string(values, key)
    return changes


def paginate(items, params):
    """items after the one named marker, at most limit of them."""
    marker = params.get('marker')
    if marker is not None:
        ids = [item['id'] for item in items]
        if marker not in ids:
            raise faults.bad_request('Marker %s could not be found.'
                                     % marker)
        items = items[ids.index(marker) + 1:]
    limit = params.get('limit')
    if limit is not None:
        try:
            limit = int(limit)
        except ValueError:
            limit = -1
        if limit < 0:
            raise faults.bad_request('limit param must be an integer')
        items = items[:limit]
    return items
