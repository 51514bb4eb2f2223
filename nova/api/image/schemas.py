"""The JSON schemas of images that /v2/schemas serves (and create checks).

python-glanceclient reads them to tell core attributes from extra
properties and to validate what it sends; additionalProperties says extra
properties are strings.
"""

import copy

from oslo_serialization import jsonutils
import webob

from nova.api.image import more_schemas
from nova.image import attributes

_UUID = ('^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}'
         '-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$')


# Extra properties are stored in a Text column (64 KiB, 4 bytes a
# character at most); names in a String(255) one.
TEXT_MAX_LENGTH = 16383
MAX_NAME_LENGTH = 255


def _read_only(kind, description):
    return {'type': kind, 'readOnly': True, 'description': description}


IMAGE = {
    'name': 'image',
    'properties': {
        'id': {'type': 'string', 'pattern': _UUID,
               'description': 'An identifier for the image'},
        'name': {'type': ['null', 'string'], 'maxLength': 255,
                 'description': 'Descriptive name for the image'},
        'status': dict(_read_only('string', 'Status of the image'),
                       enum=list(attributes.STATUSES)),
        'visibility': {'type': 'string',
                       'enum': list(attributes.VISIBILITIES),
                       'description': 'Scope of image accessibility'},
        'protected': {'type': 'boolean',
                      'description': 'If true, image will not be '
                                     'deletable.'},
        'os_hidden': {'type': 'boolean',
                      'description': 'If true, image will not appear in '
                                     'default image list response.'},
        'checksum': dict(_read_only(['null', 'string'],
                                    'md5 hash of image contents.'),
                         maxLength=32),
        'os_hash_algo': dict(_read_only(['null', 'string'],
                                        'Algorithm to calculate the '
                                        'os_hash_value'), maxLength=64),
        'os_hash_value': dict(_read_only(['null', 'string'],
                                         'Hexdigest of the image contents '
                                         'using the algorithm specified by '
                                         'the os_hash_algo'), maxLength=128),
        'owner': {'type': ['null', 'string'], 'maxLength': 255,
                  'description': 'Owner of the image'},
        'size': _read_only(['null', 'integer'],
                           'Size of image file in bytes'),
        'virtual_size': _read_only(['null', 'integer'],
                                   'Virtual size of image in bytes'),
        'container_format': {'type': ['null', 'string'],
                             'enum': [None] + list(
                                 attributes.CONTAINER_FORMATS),
                             'description': 'Format of the container'},
        'disk_format': {'type': ['null', 'string'],
                        'enum': [None] + list(attributes.DISK_FORMATS),
                        'description': 'Format of the disk'},
        'created_at': _read_only('string', 'Date and time of image '
                                           'registration'),
        'updated_at': _read_only('string', 'Date and time of the last image '
                                           'modification'),
        'tags': {'type': 'array', 'description': 'List of strings related '
                                                 'to the image',
                 'items': {'type': 'string', 'maxLength': 255}},
        'self': _read_only('string', 'An image self url'),
        'file': _read_only('string', 'An image file url'),
        'schema': _read_only('string', 'An image schema url'),
        'min_ram': {'type': 'integer', 'minimum': 0,
                    'description': 'Amount of ram (in MB) required to boot '
                                   'image.'},
        'min_disk': {'type': 'integer', 'minimum': 0,
                     'description': 'Amount of disk space (in GB) required '
                                    'to boot image.'},
        'kernel_id': {'type': ['null', 'string'], 'pattern': _UUID,
                      'is_base': False,
                      'description': 'ID of image stored in Glance that '
                                     'should be used as the kernel when '
                                     'booting an AMI-style image.'},
        'ramdisk_id': {'type': ['null', 'string'], 'pattern': _UUID,
                       'is_base': False,
                       'description': 'ID of image stored in Glance that '
                                      'should be used as the ramdisk when '
                                      'booting an AMI-style image.'},
        'instance_uuid': {'type': 'string', 'is_base': False,
                          'description': 'Metadata which can be used to '
                                         'record which instance this image '
                                         'is associated with.'},
        'architecture': {'type': 'string', 'is_base': False,
                         'description': 'Operating system architecture'},
        'os_distro': {'type': 'string', 'is_base': False,
                      'description': 'Common name of operating system '
                                     'distribution'},
        'os_version': {'type': 'string', 'is_base': False,
                       'description': 'Operating system version'},
        'description': {'type': 'string', 'is_base': False,
                        'maxLength': TEXT_MAX_LENGTH,
                        'description': 'A human-readable string describing '
                                       'this image.'},
    },
    'additionalProperties': {'type': 'string',
                             'maxLength': TEXT_MAX_LENGTH},
    'links': [
        {'rel': 'self', 'href': '{self}'},
        {'rel': 'enclosure', 'href': '{file}'},
        {'rel': 'describedby', 'href': '{schema}'},
    ],
}

IMAGES = {
    'name': 'images',
    'properties': {
        'images': {'type': 'array', 'items': IMAGE},
        'schema': {'type': 'string'},
        'first': {'type': 'string'},
        'next': {'type': 'string'},
    },
    'links': [
        {'rel': 'first', 'href': '{first}'},
        {'rel': 'next', 'href': '{next}'},
        {'rel': 'describedby', 'href': '{schema}'},
    ],
}


def create_body():
    """IMAGE as a request schema: what POST /v2/images may carry."""
    schema = copy.deepcopy(IMAGE)
    schema['type'] = 'object'
    return schema


def _json(body):
    resp = webob.Response(content_type='application/json', charset='utf-8')
    resp.body = jsonutils.dump_as_bytes(body)
    return resp


def image(req):
    """GET /v2/schemas/image"""
    return _json(IMAGE)


def images(req):
    """GET /v2/schemas/images"""
    return _json(IMAGES)


def by_path(path):
    """The handler of GET /v2/schemas/<path> for a member or metadef
    schema (more_schemas.BY_PATH)."""
    body = more_schemas.BY_PATH[path]

    def show(req):
        return _json(body)
    show.__name__ = path.replace('/', '_') + '_schema'
    show.__doc__ = 'GET /v2/schemas/%s' % path
    return show
