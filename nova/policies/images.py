"""Policies of the images and image metadata proxy APIs.

Reads are open to every caller (the image service decides what each one
sees); changes need the image's owner project or an administrator, the
target's project_id being the image's owner.
"""

from oslo_policy import policy

from nova.policies import base


def _rule(name, check, description, method, path):
    return policy.DocumentedRuleDefault(
        'os_compute_api:' + name, check, description,
        [{'method': method, 'path': path}])


rules = [
    _rule('images:index', base.ANY, 'List images', 'GET', '/images'),
    _rule('images:detail', base.ANY, 'List images with details', 'GET',
          '/images/detail'),
    _rule('images:show', base.ANY, 'Show an image', 'GET',
          '/images/{image_id}'),
    _rule('images:delete', base.PROJECT_MEMBER_OR_ADMIN, 'Delete an image',
          'DELETE', '/images/{image_id}'),
    _rule('image-metadata:index', base.ANY, 'List an image\'s metadata',
          'GET', '/images/{image_id}/metadata'),
    _rule('image-metadata:show', base.ANY, 'Show an image metadata item',
          'GET', '/images/{image_id}/metadata/{key}'),
    _rule('image-metadata:create', base.PROJECT_MEMBER_OR_ADMIN,
          'Add or change image metadata items', 'POST',
          '/images/{image_id}/metadata'),
    _rule('image-metadata:update_all', base.PROJECT_MEMBER_OR_ADMIN,
          'Replace all of an image\'s metadata', 'PUT',
          '/images/{image_id}/metadata'),
    _rule('image-metadata:update', base.PROJECT_MEMBER_OR_ADMIN,
          'Create or change one image metadata item', 'PUT',
          '/images/{image_id}/metadata/{key}'),
    _rule('image-metadata:delete', base.PROJECT_MEMBER_OR_ADMIN,
          'Delete an image metadata item', 'DELETE',
          '/images/{image_id}/metadata/{key}'),
]


def list_rules():
    return rules
