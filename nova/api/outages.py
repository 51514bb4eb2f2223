"""Outages of the database or the message bus, answered as 503.

A request that fails because MariaDB/PostgreSQL or RabbitMQ cannot be
reached is not the caller's fault and not a bug: the Compute API answers
503 with Retry-After ([api] outage_retry_after) so clients back off and
try again, instead of the 500 that tells them to file a bug. What the
request had written is undone by the code that wrote it (see
nova.compute.api), or, when the database itself is gone, by the
conductor's take-over of dropped builds (nova.conductor.build_recovery).
"""

from oslo_db import exception as db_exc
import oslo_messaging as messaging
from sqlalchemy import exc as sa_exc

import nova.conf
from nova import exception

CONF = nova.conf.CONF

_DATABASE = (db_exc.DBConnectionError, db_exc.DBDeadlock,
             sa_exc.TimeoutError)
_MESSAGING = (messaging.MessageDeliveryFailure, messaging.MessagingTimeout)


def _disconnected(error):
    """A DBError whose cause is a lost or refused connection."""
    inner = getattr(error, 'inner_exception', None)
    return (isinstance(error, db_exc.DBError) and
            isinstance(inner, sa_exc.DBAPIError) and
            (inner.connection_invalidated or
             isinstance(inner, (sa_exc.OperationalError,
                                sa_exc.InterfaceError))))


def message(error):
    """What to tell the caller if error is an outage, else None."""
    if isinstance(error, exception.ServiceOutage):
        return error.format_message()
    if isinstance(error, _DATABASE) or _disconnected(error):
        return ('The database is unavailable; nothing was changed. Retry '
                'the request later.')
    if isinstance(error, _MESSAGING):
        return ('The message bus is unavailable or a service did not '
                'answer in time. Retry the request later.')
    return None


def retry_after():
    return str(CONF.api.outage_retry_after)
