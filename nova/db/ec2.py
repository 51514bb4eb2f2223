"""Queries of the EC2 API: id mappings and locally stored credentials."""

from oslo_db import exception as db_exc
from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from nova.db import api
from nova.db import ec2_models as models


def _ids_of(session, uuids):
    rows = session.execute(sa.select(
        models.EC2IdMapping.uuid, models.EC2IdMapping.id).where(
        models.EC2IdMapping.uuid.in_(list(uuids))))
    return {uuid: number for uuid, number in rows}


@api.reader
def ids_get(context, uuids):
    """{uuid: number} of the uuids that already have an EC2 number."""
    return _ids_of(context.session, set(uuids)) if uuids else {}


@api.writer
def ids_ensure(context, uuids):
    """{uuid: number} of every uuid, giving new ones the next numbers.

    A concurrent request may insert the same uuid first: the unique
    constraint makes one of them lose, and the loser reads the winner's.
    """
    uuids = set(uuids)
    found = _ids_of(context.session, uuids)
    for uuid in uuids - set(found):
        try:
            with context.session.begin_nested():
                row = models.EC2IdMapping(uuid=uuid)
                context.session.add(row)
            found[uuid] = row.id
        except (sa_exc.IntegrityError, db_exc.DBDuplicateEntry):
            found.update(_ids_of(context.session, [uuid]))
    return found


@api.reader
def uuid_get(context, number):
    """The uuid of an EC2 number, or None."""
    return context.session.scalar(sa.select(models.EC2IdMapping.uuid).where(
        models.EC2IdMapping.id == number))


@api.writer
def credential_create(context, values):
    row = models.EC2Credential(**values)
    context.session.add(row)
    context.session.flush()
    return row


@api.reader
def credential_get(context, access):
    return context.session.scalars(sa.select(models.EC2Credential).where(
        models.EC2Credential.access == access)).first()


@api.writer
def credential_set_secret(context, access, secret):
    context.session.execute(sa.update(models.EC2Credential).where(
        models.EC2Credential.access == access).values(secret=secret))


@api.reader
def credential_get_all(context, user_id=None):
    query = sa.select(models.EC2Credential).order_by(models.EC2Credential.id)
    if user_id is not None:
        query = query.where(models.EC2Credential.user_id == user_id)
    return context.session.scalars(query).all()


@api.writer
def credential_delete(context, access):
    """Whether a credential was deleted."""
    result = context.session.execute(sa.delete(models.EC2Credential).where(
        models.EC2Credential.access == access))
    return result.rowcount > 0


@api.reader
def volume_mappings(context, instance_uuids):
    """{instance uuid: [volume block device mapping rows]} in one query."""
    from nova.db import volume_models
    bdm = volume_models.BlockDeviceMapping
    result = {uuid: [] for uuid in instance_uuids}
    if not instance_uuids:
        return result
    for row in context.session.scalars(sa.select(bdm).where(
            bdm.deleted == 0, bdm.destination_type == 'volume',
            bdm.volume_id.isnot(None),
            bdm.instance_uuid.in_(list(instance_uuids))).order_by(bdm.id)):
        result[row.instance_uuid].append(row)
    return result


@api.writer
def client_token_claim(context, project_id, client_token,
                       stale_before=None):
    """(claimed, reservation id): claimed is False when the token is
    known already; its reservation id is None while still being made.

    A claim without a reservation made before stale_before belongs to a
    request that died (its process stopped, or the database went away
    before it could drop the claim): it is taken over.
    """
    try:
        with context.session.begin_nested():
            context.session.add(models.EC2ClientToken(
                project_id=project_id, client_token=client_token))
        return True, None
    except (sa_exc.IntegrityError, db_exc.DBDuplicateEntry):
        pass
    table = models.EC2ClientToken
    where = sa.and_(table.project_id == project_id,
                    table.client_token == client_token)
    if stale_before is not None:
        taken = context.session.execute(
            sa.update(table).where(where, table.reservation_id.is_(None),
                                   table.created_at < stale_before)
            .values(created_at=timeutils.utcnow())
            .execution_options(synchronize_session=False))
        if taken.rowcount == 1:
            return True, None
    row = context.session.scalars(sa.select(table).where(where)).first()
    return False, row.reservation_id if row else None


@api.writer
def client_token_set(context, project_id, client_token, reservation_id):
    """Record the reservation of a claimed token (None: drop the claim)."""
    query = models.EC2ClientToken.__table__
    where = sa.and_(query.c.project_id == project_id,
                    query.c.client_token == client_token)
    if reservation_id is None:
        context.session.execute(sa.delete(query).where(where))
    else:
        context.session.execute(sa.update(query).where(where).values(
            reservation_id=reservation_id))
