"""Outages of the database or the message bus, answered as 503.

A request that fails because MariaDB/PostgreSQL or RabbitMQ cannot be
reached is not the caller's fault and not a bug: every API (Compute,
EC2, image, metadata, Neutron) answers it in its own error format as
503 with Retry-After ([api] outage_retry_after) so clients back off and
try again, instead of the 500 that tells them to file a bug. What the
request had written is undone by the code that wrote it (see
nova.compute.api), or, when the database itself is gone, by the
conductor's take-over of dropped builds (nova.conductor.build_recovery).
"""

import sys

import kombu.exceptions
from oslo_db import exception as db_exc
import oslo_messaging as messaging

import nova.conf
from nova import exception

CONF = nova.conf.CONF

_DATABASE = (db_exc.DBConnectionError, db_exc.DBDeadlock)
# The bus could not be reached (oslo.messaging gave up after its retries,
# or let kombu's connection error through), or no service answered.
BUS_DOWN = (messaging.MessageDeliveryFailure, messaging.MessagingTimeout,
            kombu.exceptions.OperationalError)
# Of those, the ones that say the message never left: nothing will act
# on it (a timeout may come after the message was delivered).
UNSENT = (messaging.MessageDeliveryFailure,
          kombu.exceptions.OperationalError)


# PEP 249's names for a connection lost, refused or unusable; drivers
# raise them unwrapped from a pool's checkin or a rollback.
_DRIVER_ERRORS = ('OperationalError', 'InterfaceError')
_DRIVERS = ('pymysql', 'psycopg2', 'sqlite3')


def _driver_outage(error):
    return any(cls.__name__ in _DRIVER_ERRORS and
               cls.__module__.split('.')[0] in _DRIVERS
               for cls in type(error).__mro__)


def _pool_timeout(error):
    """SQLAlchemy's pool had no connection to give in time."""
    sa_exc = sys.modules.get('sqlalchemy.exc')
    return sa_exc is not None and isinstance(error, sa_exc.TimeoutError)


def _disconnected(error):
    """A connection lost or refused, wrapped by oslo.db or SQLAlchemy or
    straight from the driver."""
    if isinstance(error, db_exc.DBError):
        error = getattr(error, 'inner_exception', None)
    # SQLAlchemy's errors come only from a process that loaded it: the
    # daemons without a database (nova-compute) do not.
    sa_exc = sys.modules.get('sqlalchemy.exc')
    if sa_exc is not None:
        if isinstance(error, sa_exc.DisconnectionError):
            return True
        if isinstance(error, sa_exc.DBAPIError):
            return (error.connection_invalidated or
                    isinstance(error, (sa_exc.OperationalError,
                                       sa_exc.InterfaceError)))
    return error is not None and _driver_outage(error)


def message(error):
    """What to tell the caller if error is an outage, else None."""
    if isinstance(error, exception.ServiceOutage):
        return error.format_message()
    if (isinstance(error, _DATABASE) or _pool_timeout(error) or
            _disconnected(error)):
        return ('The database is unavailable; nothing was changed. Retry '
                'the request later.')
    if isinstance(error, BUS_DOWN):
        return ('The message bus is unavailable or a service did not '
                'answer in time. Retry the request later.')
    return None


# Outages on the conductor's side reach nova-compute as RemoteError.
_REMOTE_NAMES = frozenset(['DBConnectionError', 'DBDeadlock',
                           'OperationalError', 'InterfaceError',
                           'MessagingTimeout', 'MessageDeliveryFailure'])


def is_outage(error):
    """Whether error comes from the database or the bus being away, here
    or in the service that answered."""
    if message(error) is not None:
        return True
    return (isinstance(error, messaging.RemoteError) and
            error.exc_type in _REMOTE_NAMES)


def retry_after():
    return str(CONF.api.outage_retry_after)
