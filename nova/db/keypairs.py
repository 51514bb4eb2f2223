"""Queries on users' key pairs."""

from oslo_db import exception as db_exc
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from nova.db import api
from nova.db import models
from nova import exception


@api.writer
def key_pair_create(context, values):
    row = models.KeyPair(**values)
    try:
        with context.session.begin_nested():
            context.session.add(row)
    except (sa_exc.IntegrityError, db_exc.DBDuplicateEntry):
        raise exception.KeyPairExists(key_name=values['name'])
    return row


def _query(user_id):
    return sa.select(models.KeyPair).where(models.KeyPair.user_id == user_id,
                                           models.KeyPair.deleted == 0)


@api.reader
def key_pair_get(context, user_id, name):
    row = context.session.scalars(
        _query(user_id).where(models.KeyPair.name == name)).first()
    return api.not_found_unless(row, exception.KeypairNotFound,
                                name=name, user_id=user_id)


@api.reader
def key_pair_get_all_by_user(context, user_id, limit=None, marker=None):
    query = _query(user_id).order_by(models.KeyPair.name)
    if marker is not None:
        query = query.where(models.KeyPair.name > marker)
    if limit is not None:
        query = query.limit(limit)
    return context.session.scalars(query).all()


@api.reader
def key_pair_count_by_user(context, user_id):
    return context.session.scalar(
        sa.select(sa.func.count(models.KeyPair.id)).where(
            models.KeyPair.user_id == user_id, models.KeyPair.deleted == 0))


@api.writer
def key_pair_destroy(context, user_id, name):
    row = key_pair_get(context, user_id, name)
    api.soft_delete(context.session, row)
