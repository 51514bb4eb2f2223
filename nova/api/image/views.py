"""Images as the Glance v2 API shows them."""

from urllib import parse

# Core attributes shown on every image, null when unset (as Glance does).
_SHOWN = ('name', 'disk_format', 'container_format', 'visibility', 'size',
          'virtual_size', 'status', 'checksum', 'protected', 'min_ram',
          'min_disk', 'owner', 'os_hidden', 'os_hash_algo', 'os_hash_value')


def isotime(value):
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value else None


def image(image):
    """One image: extra properties flattened beside the core attributes."""
    body = {k: v for k, v in image.get('properties', {}).items()}
    body.update({key: image.get(key) for key in _SHOWN})
    body.update({
        'id': image['id'],
        'created_at': isotime(image.get('created_at')),
        'updated_at': isotime(image.get('updated_at')),
        'tags': list(image.get('tags', [])),
        'self': '/v2/images/%s' % image['id'],
        'file': '/v2/images/%s/file' % image['id'],
        'schema': '/v2/schemas/image',
    })
    return body


def collection(images, params, limit):
    """The list body; 'next' when the page is full (there may be more)."""
    params = [(k, v) for k, v in params.items() if k != 'marker']
    url = '/v2/images'
    body = {
        'images': [image(i) for i in images],
        'schema': '/v2/schemas/images',
        'first': url + ('?' + parse.urlencode(params) if params else ''),
    }
    if images and len(images) == limit:
        params.append(('marker', images[-1]['id']))
        body['next'] = url + '?' + parse.urlencode(params)
    return body
