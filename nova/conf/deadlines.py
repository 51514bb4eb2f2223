"""Options of task deadlines: how long a server may stay in a task state.

nova.compute.states.DEADLINES maps every task_state to one of these
options and to what happens when it runs out; the conductor's sweeper
(nova.conductor.deadlines) applies them.
"""

from oslo_config import cfg

deadlines_group = cfg.OptGroup(
    'deadlines', title='Task deadlines',
    help='How long a server may stay in each transitional task_state '
         'before a conductor ends the task (ERROR with a fault for builds '
         'and moves, back to the stable state otherwise). 0 disables a '
         'deadline.')


def _seconds(name, default, what):
    return cfg.IntOpt(
        name, default=default, min=0,
        help='Seconds %s may last, measured from the server\'s last '
             'update, before it is ended as timed out. 0 means never.'
             % what)


deadline_opts = [
    cfg.IntOpt('check_interval', default=60, min=1,
               help='Seconds between two checks for servers whose task '
                    'ran past its deadline (a periodic task of every '
                    'nova-conductor; several conductors may run it).'),
    cfg.IntOpt('build_pickup_timeout', default=120, min=1,
               help='Seconds a build may wait in task_state scheduling '
                    'without its row moving before a conductor takes it '
                    'over: a build a conductor had begun (its conductor or '
                    'scheduler stopped) is scheduled again; one no '
                    'conductor ever received (nova-api stopped, or failed '
                    'to undo it during an outage, before answering) is '
                    'deleted, as its request was never accepted; one '
                    'placed on a host that never started it goes to '
                    'ERROR. Keep it above rpc_response_timeout, the '
                    'longest a conductor waits for the scheduler. Related: '
                    'check_interval, instance_build_timeout.'),
    _seconds('instance_build_timeout', 3600,
             'a build (scheduling, networking, block device mapping, '
             'spawning)'),
    _seconds('reboot_timeout', 600, 'a soft or hard reboot'),
    _seconds('power_action_timeout', 600,
             'stop, start, pause, unpause, suspend or resume'),
    _seconds('guest_action_timeout', 1200,
             'rescue, unrescue or a password change'),
    _seconds('rebuild_timeout', 3600, 'a rebuild or an evacuation'),
    _seconds('snapshot_timeout', 3600,
             'a snapshot or backup (all image_* task states)'),
    _seconds('resize_timeout', 3600,
             'a resize or cold migration step (resize_* task states), '
             'including confirm and revert'),
    _seconds('live_migration_timeout', 3600, 'a live migration'),
    _seconds('delete_timeout', 600,
             'a delete, soft delete or restore'),
    _seconds('shelve_timeout', 3600,
             'a shelve, shelve offload or unshelve'),
]


def register_opts(conf):
    conf.register_group(deadlines_group)
    conf.register_opts(deadline_opts, group=deadlines_group)


def list_opts():
    return {deadlines_group: deadline_opts}
