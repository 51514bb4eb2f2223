"""Image updates as JSON patches (Glance's openstack-images-v2.x types).

Each operation names one attribute (/name, /min_ram, /tags) or extra
property (/os_distro): add sets it, replace sets an existing one, remove
drops an extra property. Read-only and reserved attributes answer 403,
replacing or removing a missing property 409, as Glance does.
"""

import jsonschema
from oslo_serialization import jsonutils
import webob.exc

from nova.api.image import schemas
from nova.image import attributes

MEDIA_TYPES = ('application/openstack-images-v2.1-json-patch',
               'application/openstack-images-v2.0-json-patch')
OPS = ('add', 'replace', 'remove')


def _attribute(path):
    """The attribute a JSON pointer like /name (one level only) names."""
    if not isinstance(path, str) or not path.startswith('/') or \
            '/' in path[1:] or len(path) < 2:
        raise webob.exc.HTTPBadRequest(
            explanation='Invalid JSON pointer for this resource: \'%s\''
            % path)
    return path[1:].replace('~1', '/').replace('~0', '~')


def operations(req):
    """[(op, attribute, value)] from the request; 415 for other types."""
    if req.content_type not in MEDIA_TYPES:
        raise webob.exc.HTTPUnsupportedMediaType(
            explanation='Use the media type %s' % MEDIA_TYPES[0],
            headers=[('Accept-Patch', ', '.join(MEDIA_TYPES))])
    try:
        body = jsonutils.loads(req.body)
    except ValueError:
        raise webob.exc.HTTPBadRequest(explanation='Malformed JSON in '
                                                   'request body.')
    if not isinstance(body, list):
        raise webob.exc.HTTPBadRequest(explanation='Expected a list of '
                                                   'operations.')
    result = []
    for item in body:
        if not isinstance(item, dict):
            raise webob.exc.HTTPBadRequest(explanation='Operations must be '
                                                       'JSON objects.')
        if 'op' in item:  # v2.1: {"op": "add", "path": "/x", "value": ..}
            op, path = item['op'], item.get('path')
        else:  # v2.0: {"add": "/x", "value": ..}
            found = [o for o in OPS if o in item]
            op, path = (found[0], item[found[0]]) if len(found) == 1 \
                else (None, None)
        if op not in OPS:
            raise webob.exc.HTTPBadRequest(
                explanation='Operation objects must contain exactly one '
                            'of "add", "remove", or "replace".')
        if op != 'remove' and 'value' not in item:
            raise webob.exc.HTTPBadRequest(
                explanation='Operation "%s" requires a member named '
                            '"value".' % op)
        result.append((op, _attribute(path), item.get('value')))
    return result


def _check_value(name, value):
    schema = schemas.IMAGE['properties'].get(name, {'type': 'string'})
    try:
        jsonschema.validate(value, schema)
    except jsonschema.ValidationError as error:
        raise webob.exc.HTTPBadRequest(
            explanation='Invalid value for %s: %s' % (name, error.message))


def apply(image, ops):
    """The store update (an image_meta for purge_props=True) of ops."""
    changes = {'properties': dict(image['properties'])}
    properties = changes['properties']
    for op, name, value in ops:
        if name in attributes.READ_ONLY or (name in attributes.API_ONLY and
                                            name != 'tags'):
            raise webob.exc.HTTPForbidden(
                explanation='Attribute \'%s\' is read-only.' % name)
        if name in attributes.RESERVED or \
                name.startswith(attributes.RESERVED_PREFIX):
            raise webob.exc.HTTPForbidden(
                explanation='Attribute \'%s\' is reserved.' % name)
        if name in attributes.WRITABLE or name == 'tags':
            if op == 'remove':
                raise webob.exc.HTTPForbidden(
                    explanation='Attribute \'%s\' is a core attribute and '
                                'cannot be removed.' % name)
            _check_value(name, value)
            changes[name] = value
        elif op == 'add':
            _check_value(name, value)
            properties[name] = value
        elif name not in properties:
            raise webob.exc.HTTPConflict(
                explanation='Property %s does not exist.' % name)
        elif op == 'replace':
            _check_value(name, value)
            properties[name] = value
        else:
            del properties[name]
    return changes
