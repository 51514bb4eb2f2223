"""Queries on remote console tokens (stored as their SHA-256 only)."""

import sqlalchemy as sa

from nova.db import api
from nova.db import models


@api.writer
def token_create(context, values):
    row = models.ConsoleAuthToken(**values)
    context.session.add(row)
    context.session.flush()
    return row


@api.reader
def token_get_valid(context, token_hash, now):
    """The unexpired token with this hash, or None."""
    return context.session.scalars(sa.select(models.ConsoleAuthToken).where(
        models.ConsoleAuthToken.token_hash == token_hash,
        models.ConsoleAuthToken.expires > now)).first()


@api.writer
def token_delete_expired(context, now):
    context.session.execute(sa.delete(models.ConsoleAuthToken).where(
        models.ConsoleAuthToken.expires <= now))


@api.writer
def token_delete_for_instance(context, instance_uuid):
    """Forget every console of an instance (deleted, or moved away)."""
    return context.session.execute(sa.delete(models.ConsoleAuthToken).where(
        models.ConsoleAuthToken.instance_uuid == instance_uuid)).rowcount
