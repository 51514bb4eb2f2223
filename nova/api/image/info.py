"""GET /v2/info/import: the interoperable image import methods the
image service offers. The built-in store takes data only by upload
(PUT .../file), so the list is empty: clients then upload instead of
staging and importing."""

from nova.api.image import images

IMPORT_METHODS = ()


def import_methods(req):
    """GET /v2/info/import"""
    return images.json_response({'import-methods': {
        'description': 'Import methods available.',
        'type': 'array', 'value': list(IMPORT_METHODS)}})
