"""Attributes of a security group in create and update requests."""

from nova.api.network import body

SCHEMA = {
    'name': body.Attr(body.string(255), default=''),
    'description': body.Attr(body.string(255), default=''),
    'stateful': body.Attr(body.one_of(True), default=True, update=False),
    'project_id': body.Attr(body.project, default=None, update=False),
    'tenant_id': body.Attr(body.project, default=None, update=False),
}
