"""POST /os-server-external-events: other services (networking, block
storage) tell the compute hosts about their servers.

Each event is answered on its own (code 200, or 404 for an unknown
server, 422 for one without a host yet); the whole answer is 200 when
every event was accepted, 207 when some were not, 404 when none was.
"""

from nova.api.openstack.compute.schemas import server_external_events \
    as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi
from nova import exception
from nova import objects
from nova import policy


def _instance(context, uuid, seen):
    if uuid not in seen:
        try:
            seen[uuid] = servers._compute().get(context, uuid,
                                                expected_attrs=())
        except exception.InstanceNotFound:
            seen[uuid] = None
    return seen[uuid]


@wsgi.api(errors=(400, 403, 404), body=schema.create, max_version='2.50')
def create(req, body):
    return _create(req, body)


@wsgi.api(errors=(400, 403, 404), body=schema.create_v251,
          min_version='2.51')
def create_v251(req, body):
    """2.51: volume-extended too."""
    return _create(req, body)


def _create(req, body):
    context = req.context
    policy.authorize(context, 'os_compute_api:os-server-external-events:'
                              'create', {})
    # Services (the service role) report events of any project's servers:
    # once the rule allows the caller, the lookups see every project.
    context = context.elevated()
    answers, accepted, instances = [], [], {}
    for requested in body['events']:
        answer = dict(requested)
        answer.setdefault('status', 'completed')
        instance = _instance(context, requested['server_uuid'], instances)
        if instance is None:
            answer.update(status='failed', code=404)
        elif not instance.host:
            answer.update(status='failed', code=422)
        else:
            answer['code'] = 200
            accepted.append(objects.InstanceExternalEvent(
                instance_uuid=instance.uuid, name=answer['name'],
                status=answer['status'], tag=answer.get('tag')))
        answers.append(answer)
    if not accepted:
        raise wsgi.Fault(404, 'No instances found for any event')
    servers._compute().external_instance_event(
        context, {u: i for u, i in instances.items() if i}, accepted)
    status = 200 if len(accepted) == len(answers) else 207
    return wsgi.Response({'events': answers}, status=status)


ROUTES = [
    ('/os-server-external-events', {'POST': [create, create_v251]}),
]
