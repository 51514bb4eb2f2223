"""Queries on the request specs kept with instances."""

import sqlalchemy as sa

from nova.db import api
from nova.db import models as main_models
from nova.db import request_spec_models as models
from nova.db import uuid_lists


def transaction(context):
    """One writer transaction: writers called inside it join it."""
    return api.writer.using(context)


@api.writer
def request_spec_create(context, instance_uuid, spec):
    # Core, not ORM: the row is not read back.
    context.session.execute(_INSERT_SPEC, {'instance_uuid': instance_uuid,
                                           'spec': spec})


# Every server create's: built once (see nova.db.instances).
_INSERT_SPEC = sa.insert(models.RequestSpec.__table__)


@api.reader
def request_spec_get(context, instance_uuid):
    """The stored document of the instance, None without one."""
    return context.session.scalar(sa.select(models.RequestSpec.spec).where(
        models.RequestSpec.instance_uuid == instance_uuid))


# How a stored document (jsonutils.dumps of the spec's primitive) shows
# its scheduler hints, and how it shows none.
_HINTS_KEY = '"scheduler_hints": '
_NO_HINTS = _HINTS_KEY + '{}'


@api.reader
def request_spec_hints_many(context, instance_uuids):
    """{instance uuid: stored document} of those whose document may
    show scheduler hints: a list of servers at 2.100 reads (and parses)
    only the documents of those made with hints, and no row for the
    others. Inside a JSON string a quote is escaped, so the key can only
    occur as a key; when it occurs once, with {}, the spec's hints are
    {} or absent (also {}). Any other document is read whole."""
    if not instance_uuids:
        return {}
    spec = models.RequestSpec.spec
    # MariaDB compares text by its collation, character by character
    # (case-insensitive): scanning 1,000 documents so cost several times
    # reading them. The keys are ASCII and quoted: bytes compare alike.
    text = (sa.cast(spec, sa.LargeBinary)
            if context.session.get_bind().dialect.name == 'mysql' else spec)
    found = (sa.func.length(spec) - sa.func.length(
        sa.func.replace(text, sa.literal(_HINTS_KEY), '')))
    no_hints = sa.and_(found == len(_HINTS_KEY),
                       sa.func.instr(text, sa.literal(_NO_HINTS)) > 0
                       if text is not spec else
                       spec.contains(_NO_HINTS, autoescape=True))
    rows = context.session.execute(sa.select(
        models.RequestSpec.instance_uuid, spec).where(
        uuid_lists.among(models.RequestSpec.instance_uuid,
                         instance_uuids),
        spec.is_not(None), sa.not_(no_hints)))
    return {uuid: document for uuid, document in rows}


@api.writer
def request_spec_update(context, instance_uuid, spec):
    context.session.execute(sa.update(models.RequestSpec).where(
        models.RequestSpec.instance_uuid == instance_uuid).values(spec=spec))


def request_spec_delete(context, instance_uuid):
    """Inside the instance's destroy (its session)."""
    context.session.execute(sa.delete(models.RequestSpec).where(
        models.RequestSpec.instance_uuid == instance_uuid))


def _without_spec():
    # Live instances with no request spec: made before specs were kept.
    spec = models.RequestSpec
    instance = main_models.Instance
    return sa.select(instance.uuid).where(
        instance.deleted == 0,
        ~sa.exists().where(spec.instance_uuid == instance.uuid))


@api.reader
def instance_uuids_without_spec(context, limit):
    """Up to limit uuids of live instances that have no request spec."""
    return list(context.session.scalars(
        _without_spec().order_by(main_models.Instance.id).limit(limit)))


@api.reader
def count_instances_without_spec(context):
    return context.session.scalar(
        sa.select(sa.func.count()).select_from(_without_spec().subquery()))
