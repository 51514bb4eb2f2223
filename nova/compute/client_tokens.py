"""Client tokens: a retried create makes its servers once.

A client that lost the answer to a create (a timeout, a 503 during an
outage, a dropped connection) sends the same request again with the same
token: the Compute API's Idempotency-Key header, the EC2 API's
ClientToken. Both share one table per project (nova.db.ec2), so a token
names one reservation whichever API made it. The first request claims
the token before it writes anything; a retry then gets the servers the
first one made, a 409 while it is still running, or, when the first one
failed (its claim dropped, or left by a process that died and taken over
after [deadlines] build_pickup_timeout), makes them itself.
"""

import datetime

from oslo_utils import timeutils

import nova.conf
from nova.db import api as db_api
from nova.db import ec2 as tokens_db
from nova import exception
from nova import objects

CONF = nova.conf.CONF

MAX_LENGTH = 64


def create_once(context, token, create):
    """(instances, reservation id, made now) of create(), which returns
    (instances, reservation id), run at most once per project and token.
    """
    if not token:
        return create() + (True,)
    claimed, reservation_id = tokens_db.client_token_claim(
        context, context.project_id, token, stale_before=stale_before())
    if not claimed:
        if reservation_id is None:
            raise exception.ClientTokenInUse(token=token)
        return _made(context, token, reservation_id), reservation_id, False
    try:
        instances, reservation_id = create()
    except Exception:
        tokens_db.client_token_set(context, context.project_id, token, None)
        raise
    tokens_db.client_token_set(context, context.project_id, token,
                               reservation_id)
    return instances, reservation_id, True


def claim(context, token):
    """(claimed, reservation id) of the caller's project's token: claimed
    is False when it is known already, its reservation id None while the
    first request still runs (see create_once)."""
    return tokens_db.client_token_claim(
        context, context.project_id, token, stale_before=stale_before())


def settle(context, token, reservation_id):
    """Record what the claim made (None drops the claim)."""
    tokens_db.client_token_set(context, context.project_id, token,
                               reservation_id)


def dispatched(context, token, reservation_id, record_dispatch):
    """record_dispatch() (the create actions, nova-api's last write) and
    the token's reservation in one transaction: if nova-api dies after
    it, a retry gets the servers the conductors build; before it, their
    rows are deleted by the take-over and the retry makes them anew."""
    if not token:
        return record_dispatch()
    with db_api.writer.using(context):
        record_dispatch()
        tokens_db.client_token_set(context, context.project_id, token,
                                   reservation_id)


def stale_before():
    """Claims without a reservation made before this belong to requests
    that died; a retry takes them over."""
    return timeutils.utcnow() - datetime.timedelta(
        seconds=CONF.deadlines.build_pickup_timeout)


def _made(context, token, reservation_id):
    instances = objects.InstanceList.get_by_filters(
        context, {'reservation_id': reservation_id,
                  'project_id': context.project_id},
        sort_keys=['launch_index'], sort_dirs=['asc'])
    if not instances:
        raise exception.ClientTokenUsed(token=token,
                                        reservation_id=reservation_id)
    return instances
