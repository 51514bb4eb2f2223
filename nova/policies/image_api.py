"""Policies of the Image (Glance v2) API served here: Glance's rule names
(add_image, get_image, ...) and its persona defaults.

As in the Neutron API, the rules gate by role in the caller's project;
which images the caller sees (its project's, public, shared, community)
or owns is the image service's business (404 for what it may not see).
"""

from nova.policies import base

READER = base.PROJECT_READER_OR_ADMIN
MEMBER = base.PROJECT_MEMBER_OR_ADMIN
_IMAGES = '/v2/images'
_IMAGE = '/v2/images/{image_id}'

rules = [
    base.rule('get_images', READER, 'List images', [('GET', _IMAGES)]),
    base.rule('get_image', READER, 'Show an image (and its tasks)',
              [('GET', _IMAGE), ('GET', _IMAGE + '/tasks')]),
    base.rule('add_image', MEMBER, 'Create an image', [('POST', _IMAGES)]),
    base.rule('modify_image', MEMBER, 'Update an image or its tags',
              [('PATCH', _IMAGE), ('PUT', _IMAGE + '/tags/{tag}'),
               ('DELETE', _IMAGE + '/tags/{tag}')]),
    base.rule('delete_image', MEMBER, 'Delete an image',
              [('DELETE', _IMAGE)]),
    base.rule('download_image', READER, 'Download an image\'s data',
              [('GET', _IMAGE + '/file')]),
    base.rule('upload_image', MEMBER, 'Upload an image\'s data',
              [('PUT', _IMAGE + '/file')]),
    base.rule('deactivate', MEMBER, 'Deactivate an image',
              [('POST', _IMAGE + '/actions/deactivate')]),
    base.rule('reactivate', MEMBER, 'Reactivate an image',
              [('POST', _IMAGE + '/actions/reactivate')]),
    base.rule('get_members', READER, 'List the members of an image',
              [('GET', _IMAGE + '/members')]),
    base.rule('get_member', READER, 'Show a member of an image',
              [('GET', _IMAGE + '/members/{member_id}')]),
    base.rule('add_member', MEMBER, 'Share an image with a project',
              [('POST', _IMAGE + '/members')]),
    base.rule('modify_member', MEMBER, 'Accept or reject a shared image',
              [('PUT', _IMAGE + '/members/{member_id}')]),
    base.rule('delete_member', MEMBER, 'Stop sharing an image with a '
              'project', [('DELETE', _IMAGE + '/members/{member_id}')]),
]

# The metadata definitions catalog: everyone with a role in the project
# reads (what is visible to it), only administrators write (as Glance).
_NS = '/v2/metadefs/namespaces'
_ONE = _NS + '/{namespace}'
_METADEFS = [
    ('get_metadef_namespaces', READER, 'List metadef namespaces',
     [('GET', _NS)]),
    ('get_metadef_namespace', READER, 'Show a metadef namespace',
     [('GET', _ONE)]),
    ('add_metadef_namespace', base.ADMIN, 'Create a metadef namespace',
     [('POST', _NS)]),
    ('modify_metadef_namespace', base.ADMIN, 'Update a metadef namespace',
     [('PUT', _ONE)]),
    ('delete_metadef_namespace', base.ADMIN, 'Delete a metadef namespace',
     [('DELETE', _ONE)]),
    ('list_metadef_resource_types', READER, 'List metadef resource types',
     [('GET', '/v2/metadefs/resource_types')]),
    ('get_metadef_resource_type', READER, 'List the resource type '
     'associations of a namespace', [('GET', _ONE + '/resource_types')]),
    ('add_metadef_resource_type_association', base.ADMIN, 'Associate a '
     'resource type with a namespace', [('POST', _ONE + '/resource_types')]),
    ('remove_metadef_resource_type_association', base.ADMIN, 'Remove a '
     'resource type association',
     [('DELETE', _ONE + '/resource_types/{resource_type}')]),
    ('get_metadef_objects', READER, 'List the objects of a namespace',
     [('GET', _ONE + '/objects')]),
    ('get_metadef_object', READER, 'Show a metadef object',
     [('GET', _ONE + '/objects/{name}')]),
    ('add_metadef_object', base.ADMIN, 'Create a metadef object',
     [('POST', _ONE + '/objects')]),
    ('modify_metadef_object', base.ADMIN, 'Update a metadef object',
     [('PUT', _ONE + '/objects/{name}')]),
    ('delete_metadef_object', base.ADMIN, 'Delete a metadef object',
     [('DELETE', _ONE + '/objects/{name}')]),
    ('get_metadef_properties', READER, 'List the properties of a '
     'namespace', [('GET', _ONE + '/properties')]),
    ('get_metadef_property', READER, 'Show a metadef property',
     [('GET', _ONE + '/properties/{name}')]),
    ('add_metadef_property', base.ADMIN, 'Create a metadef property',
     [('POST', _ONE + '/properties')]),
    ('modify_metadef_property', base.ADMIN, 'Update a metadef property',
     [('PUT', _ONE + '/properties/{name}')]),
    ('remove_metadef_property', base.ADMIN, 'Delete a metadef property',
     [('DELETE', _ONE + '/properties/{name}')]),
    ('get_metadef_tags', READER, 'List the tags of a namespace',
     [('GET', _ONE + '/tags')]),
    ('get_metadef_tag', READER, 'Show a metadef tag',
     [('GET', _ONE + '/tags/{name}')]),
    ('add_metadef_tags', base.ADMIN, 'Replace the tags of a namespace',
     [('POST', _ONE + '/tags')]),
    ('add_metadef_tag', base.ADMIN, 'Create a metadef tag',
     [('POST', _ONE + '/tags/{name}')]),
    ('modify_metadef_tag', base.ADMIN, 'Rename a metadef tag',
     [('PUT', _ONE + '/tags/{name}')]),
    ('delete_metadef_tag', base.ADMIN, 'Delete a metadef tag',
     [('DELETE', _ONE + '/tags/{name}')]),
    ('delete_metadef_tags', base.ADMIN, 'Delete the tags of a namespace',
     [('DELETE', _ONE + '/tags')]),
]
rules += [base.rule(name, default, description, operations)
          for name, default, description, operations in _METADEFS]

# Route template and method -> rule; routes missing here need no rule
# (the schemas, as in Glance).
ROUTE_RULES = {(method, path): rule.name for rule in rules
               for method, path in ((op['method'], op['path'])
                                    for op in rule.operations)}


def list_rules():
    return rules
