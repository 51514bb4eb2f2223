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

# Route template and method -> rule; routes missing here need no rule
# (the schemas, as in Glance).
ROUTE_RULES = {(method, path): rule.name for rule in rules
               for method, path in ((op['method'], op['path'])
                                    for op in rule.operations)}


def list_rules():
    return rules
