"""The image service's route table and dispatcher, with Glance's errors.

Handlers are functions (req, **route_args) -> webob.Response. Errors are
webob HTTP exceptions, which render as Glance's do: JSON, HTML or plain
text by the Accept header; nova exceptions map to them by their code.
"""

from oslo_log import log as logging
import webob
import webob.exc

from nova.api.image import image_actions
from nova.api.image import image_data
from nova.api.image import images
from nova.api.image import info
from nova.api.image import members
from nova.api.image import metadefs
from nova.api.image import more_schemas
from nova.api.image import schemas
from nova.api.image import tags
from nova.api import input_check
from nova.api import route_table
from nova import exception
from nova import outages
from nova import policy
from nova.policies import image_api as image_policies

LOG = logging.getLogger(__name__)

ROUTES = [
    ('/v2/images', {'GET': images.index, 'POST': images.create}),
    ('/v2/images/{image_id}', {'GET': images.show, 'PATCH': images.update,
                               'DELETE': images.delete}),
    ('/v2/images/{image_id}/file', {'GET': image_data.download,
                                    'PUT': image_data.upload}),
    ('/v2/images/{image_id}/actions/deactivate', {
        'POST': image_actions.deactivate}),
    ('/v2/images/{image_id}/actions/reactivate', {
        'POST': image_actions.reactivate}),
    ('/v2/images/{image_id}/tasks', {'GET': image_actions.tasks}),
    ('/v2/images/{image_id}/tags/{tag}', {'PUT': tags.add,
                                          'DELETE': tags.remove}),
    ('/v2/images/{image_id}/members', {'GET': members.list_members,
                                       'POST': members.add_member}),
    ('/v2/images/{image_id}/members/{member_id}', {
        'GET': members.show_member, 'PUT': members.answer,
        'DELETE': members.remove_member}),
    ('/v2/info/import', {'GET': info.import_methods}),
    ('/v2/metadefs/resource_types', {'GET': metadefs.list_resource_types}),
    ('/v2/metadefs/namespaces', {'GET': metadefs.list_namespaces,
                                 'POST': metadefs.create_namespace}),
    ('/v2/metadefs/namespaces/{namespace}', {
        'GET': metadefs.show_namespace, 'PUT': metadefs.update_namespace,
        'DELETE': metadefs.delete_namespace}),
    ('/v2/metadefs/namespaces/{namespace}/resource_types', {
        'GET': metadefs.list_associations, 'POST': metadefs.associate}),
    ('/v2/metadefs/namespaces/{namespace}/resource_types/{resource_type}',
     {'DELETE': metadefs.dissociate}),
    ('/v2/metadefs/namespaces/{namespace}/objects', {
        'GET': metadefs.list_objects, 'POST': metadefs.create_object}),
    ('/v2/metadefs/namespaces/{namespace}/objects/{name}', {
        'GET': metadefs.show_object, 'PUT': metadefs.update_object,
        'DELETE': metadefs.delete_object}),
    ('/v2/metadefs/namespaces/{namespace}/properties', {
        'GET': metadefs.list_properties, 'POST': metadefs.create_property}),
    ('/v2/metadefs/namespaces/{namespace}/properties/{name}', {
        'GET': metadefs.show_property, 'PUT': metadefs.update_property,
        'DELETE': metadefs.delete_property}),
    ('/v2/metadefs/namespaces/{namespace}/tags', {
        'GET': metadefs.list_tags, 'POST': metadefs.replace_tags,
        'DELETE': metadefs.delete_tags}),
    ('/v2/metadefs/namespaces/{namespace}/tags/{name}', {
        'GET': metadefs.show_tag, 'POST': metadefs.create_tag,
        'PUT': metadefs.rename_tag, 'DELETE': metadefs.delete_tag}),
    ('/v2/schemas/image', {'GET': schemas.image}),
    ('/v2/schemas/images', {'GET': schemas.images}),
] + [('/v2/schemas/' + path, {'GET': schemas.by_path(path)})
     for path in more_schemas.BY_PATH]


def outage_error(error):
    """503 with Retry-After if error is a database or bus outage, else
    None."""
    message = outages.message(error)
    if message is None:
        return None
    LOG.warning('Answering 503: %s: %s', type(error).__name__, error)
    return webob.exc.HTTPServiceUnavailable(
        explanation=message, headers={'Retry-After': outages.retry_after()})


def http_error(error):
    """The webob HTTP exception answering a nova exception."""
    code = error.code if isinstance(error.code, int) else 500
    if code >= 500 and not error.safe:
        code, message = 500, 'Internal Server Error'
    else:
        message = error.format_message()
    error_class = webob.exc.status_map.get(code, webob.exc.HTTPBadRequest)
    return error_class(explanation=message)


def _error_for(error):
    """A nova exception's status, or a value the database refused as
    4xx; anything else goes on up (Catch answers 500)."""
    if isinstance(error, exception.NovaException):
        return http_error(error)
    refused = input_check.refused_by_database(error)
    if refused is None:
        raise error
    return webob.exc.status_map[refused[0]](explanation=refused[1])


def _authorize(req, path):
    """Glance's rule of the route, against the caller's project (403)."""
    method = 'GET' if req.method == 'HEAD' else req.method
    rule = image_policies.ROUTE_RULES.get((method, path))
    if rule is not None and not policy.check(req.environ['nova.context'],
                                             rule):
        raise webob.exc.HTTPForbidden(
            explanation='You are not authorized to complete %s action.'
            % rule)


class Router:
    """WSGI app dispatching by path and method over ROUTES."""

    def __init__(self, table=ROUTES):
        self.routes = route_table.RouteTable(table)
        self.paths = self.routes.paths

    def __call__(self, environ, start_response):
        req = webob.Request(environ)
        try:
            resp = self.dispatch(req)
        except webob.exc.HTTPException as error:
            resp = error
        except Exception as error:
            resp = outage_error(error)
            if resp is None:
                resp = _error_for(error)
        return resp(environ, start_response)

    def dispatch(self, req):
        found = self.routes.match(req)
        if found is None:
            raise webob.exc.HTTPNotFound()
        methods, args = found
        handler = route_table.for_method(methods, req.method)
        if handler is None:
            raise webob.exc.HTTPMethodNotAllowed(
                headers=[('Allow', ', '.join(sorted(methods)))])
        _authorize(req, req.environ['nova.route'])
        return handler(req, **args)
