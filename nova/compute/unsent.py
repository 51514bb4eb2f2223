"""Actions whose message the bus refused: given back, answered 503.

An action on a server claims its task_state (and may change other
fields, create a snapshot image or move a migration record) and then
sends one message to the conductor or a compute host. When the bus
refuses that message (nova.outages.UNSENT), nothing will ever run the
task: the server gets back what it had, what the action made for it
goes, and the caller gets a 503 to retry, instead of a task only the
deadline sweeper would end. A message that may have left (a timeout)
is not given back: the task may be running.
"""

import contextlib
import functools

from oslo_log import log as logging

from nova import exception
from nova import outages

LOG = logging.getLogger(__name__)

# Kept as the database has them whatever the action changed.
_NOT_GIVEN_BACK = frozenset(['updated_at', 'created_at', 'id', 'flavor',
                             'fault'])


def task_given_back(method):
    """Decorates an action method(self, context, instance, ...)."""
    return _given_back(method, ())


def task_given_back_with(*lazy_fields):
    """task_given_back for an action that also changes lazy-loaded
    fields (rebuild: system_metadata): loaded first, to be given back."""
    return lambda method: _given_back(method, lazy_fields)


def _given_back(method, lazy_fields):
    @functools.wraps(method)
    def wrapper(self, context, instance, *args, **kwargs):
        for name in lazy_fields:
            getattr(instance, name)
        before = instance.obj_clone()
        try:
            return method(self, context, instance, *args, **kwargs)
        except outages.UNSENT as error:
            give_back(instance, before)
            raise exception.ServiceOutage(what='The message bus') from error
        except exception.ServiceTooOld:
            # Refused above an [upgrade_levels] cap: nothing was sent.
            give_back(instance, before)
            raise
    return wrapper


def give_back(instance, before):
    """The fields the action changed (task_state first of all) as they
    were before, if the task is still the one the action claimed."""
    claimed = instance.task_state
    changed = [name for name in instance.fields
               if name not in _NOT_GIVEN_BACK and
               before.obj_attr_is_set(name) and
               instance.obj_attr_is_set(name) and
               getattr(before, name) != getattr(instance, name)]
    if not changed:
        return
    for name in changed:
        setattr(instance, name, getattr(before, name))
    try:
        instance.save(expected_task_state=[claimed])
    except Exception as undo_error:
        # Changed meanwhile, or the database went too: the deadline
        # sweeper ends the task then.
        LOG.warning('Could not give instance %s back its %s: %s',
                    instance.uuid, ', '.join(changed), undo_error)


@contextlib.contextmanager
def undone_if_unsent(undo, what):
    """Around a send: undo() when the bus refuses it (then re-raised),
    for what the action made besides the server's fields."""
    try:
        yield
    except outages.UNSENT:
        try:
            undo()
        except Exception as undo_error:
            LOG.warning('Could not undo %s after the bus refused its '
                        'message: %s', what, undo_error)
        raise


def image_deleted(images, context, image_id):
    """Around the send of an action that made image_id (snapshot,
    backup, shelve): the image goes when the bus refuses it."""
    return undone_if_unsent(lambda: images.delete(context, image_id),
                            'image %s' % image_id)


def migration_given_back(migration, status):
    """Around the send of confirm or revert: the migration gets back
    status when the bus refuses it."""
    def undo():
        migration.status = status
        migration.save()
    return undone_if_unsent(undo, 'migration %s' % migration.id)
