"""Options of the notifications the services send to the message bus."""

from oslo_config import cfg

notifications_group = cfg.OptGroup(
    'notifications', title='Notifications',
    help='What the services announce on the notification bus (the '
         'transport, driver and legacy topics are in '
         '[oslo_messaging_notifications]; driver = noop or no driver at '
         'all sends nothing).')

notifications_opts = [
    cfg.StrOpt('notify_on_state_change',
               choices=[(None, 'no instance.update on state changes'),
                        ('vm_state', 'instance.update when the vm_state '
                                     'changes'),
                        ('vm_and_task_state', 'instance.update when the '
                                              'vm_state or the task_state '
                                              'changes')],
               help='Send instance.update (and the legacy '
                    'compute.instance.update) when an instance changes '
                    'state. Unset: never.'),
    cfg.StrOpt('default_level', default='INFO',
               choices=('DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'),
               help='Priority of the notifications that have no priority of '
                    'their own (errors are always sent as ERROR).'),
    cfg.StrOpt('notification_format', default='both',
               choices=[('both', 'the legacy unversioned and the '
                                 'versioned notifications'),
                        ('versioned', 'only the versioned notifications'),
                        ('unversioned', 'only the legacy notifications')],
               help='Which format of notification the services send. '
                    'Versioned ones go to versioned_notifications_topics, '
                    'legacy ones to [oslo_messaging_notifications] topics.'),
    cfg.ListOpt('versioned_notifications_topics',
                default=['versioned_notifications'],
                help='Topics the versioned notifications are sent to; each '
                     'topic gets every notification, so a consumer may '
                     'have a topic of its own.'),
]


def register_opts(conf):
    conf.register_group(notifications_group)
    conf.register_opts(notifications_opts, group=notifications_group)


def list_opts():
    return {notifications_group: notifications_opts}
