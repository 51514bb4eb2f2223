"""Lists every option for oslo-config-generator (the sample config)."""

import collections

from oslo_messaging import opts as messaging_opts

from nova.conf import api
from nova.conf import compute
from nova.conf import console
from nova.conf import consoleauth
from nova.conf import database
from nova.conf import deadlines
from nova.conf import ec2_metadata
from nova.conf import fake_driver
from nova.conf import glance
from nova.conf import libvirt
from nova.conf import metrics
from nova.conf import middleware
from nova.conf import network
from nova.conf import neutron
from nova.conf import notifications
from nova.conf import paths
from nova.conf import quota
from nova.conf import scheduler
from nova.conf import serial_console
from nova.conf import service
from nova.conf import service_user
from nova.conf import upgrade_levels
from nova.conf import volume
from nova.conf import vnc
from nova.conf import wsgi


def list_opts():
    grouped = collections.defaultdict(list)
    for module in (api, compute, console, consoleauth, database, deadlines,
                   ec2_metadata, fake_driver, glance, libvirt, metrics,
                   middleware, network, neutron, notifications, paths,
                   quota, scheduler, serial_console, service, service_user,
                   upgrade_levels, vnc, volume, wsgi):
        for group, opts in module.list_opts().items():
            grouped[getattr(group, 'name', group)].extend(opts)
    for group, opts in messaging_opts.list_opts():
        if group is None:
            grouped['DEFAULT'].extend(opts)
    return sorted(grouped.items())
