"""The flavor and quota limits a server create reads are kept a few
seconds per process (nova.recent_answers); a change made through this
process applies to the next read at once."""

import time

import pytest

from nova import context as nova_context
from nova.db import flavors as flavors_db
from nova.db import quotas as quotas_db
from nova import exception
from nova import objects
from nova import quota


def _ctx():
    return nova_context.RequestContext(user_id='alice', project_id='proj-a')


def _create_limits(ctx):
    """The limits a create resolves (the caller's, read once)."""
    with quota.limits_read_once():
        return quota.user_limits(ctx, 'proj-a', 'alice')


def test_limits_set_through_this_process_apply_at_once(db, conf):
    conf.set_override('limits_cache_seconds', 60, group='quota')
    ctx = _ctx()
    assert _create_limits(ctx)['instances'] == 10
    quota.set_limits(ctx, 'proj-a', {'instances': 3})
    assert _create_limits(ctx)['instances'] == 3
    quota.set_limits(ctx, 'proj-a', {'instances': 2}, user_id='alice')
    assert _create_limits(ctx)['instances'] == 2
    quota.set_class_limits(ctx, 'default', {'cores': 5})
    assert _create_limits(ctx)['cores'] == 5
    quota.reset_limits(ctx, 'proj-a')
    assert _create_limits(ctx)['instances'] == 10


def test_limits_set_elsewhere_apply_after_the_ttl(db, conf):
    conf.set_override('limits_cache_seconds', 1, group='quota')
    ctx = _ctx()
    assert _create_limits(ctx)['instances'] == 10
    # Another process's write: the rows change, this process is not told.
    quotas_db.quota_set.__wrapped__(ctx, 'proj-a', {'instances': 4})
    assert _create_limits(ctx)['instances'] == 10
    time.sleep(1.1)
    assert _create_limits(ctx)['instances'] == 4


def test_flavor_changes_through_this_process_apply_at_once(db, conf):
    conf.set_override('flavor_cache_seconds', 60, group='api')
    ctx = nova_context.get_admin_context()
    flavor = objects.Flavor(context=ctx, name='f', flavorid='f1',
                            memory_mb=64, vcpus=1, root_gb=1,
                            ephemeral_gb=0, swap=0)
    flavor.create()
    recent_one = objects.Flavor.get_recent_by_flavor_id
    assert recent_one(ctx, 'f1').extra_specs == {}
    flavor.update_extra_specs({'hw:cpu_policy': 'dedicated'})
    assert recent_one(ctx, 'f1').extra_specs == {
        'hw:cpu_policy': 'dedicated'}
    flavor.disabled = True
    flavor.save()
    assert recent_one(ctx, 'f1').disabled
    # Elsewhere: kept until the TTL.
    flavors_db.flavor_update.__wrapped__(ctx, 'f1', {'disabled': False})
    assert recent_one(ctx, 'f1').disabled
    flavor.destroy()
    with pytest.raises(exception.FlavorNotFound):
        recent_one(ctx, 'f1')
