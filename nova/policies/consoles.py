"""Policies of a server's remote consoles."""

from oslo_policy import policy

from nova.policies import base

rules = [
    policy.DocumentedRuleDefault(
        'os_compute_api:os-remote-consoles', base.PROJECT_MEMBER_OR_ADMIN,
        'Get a remote console of a server (VNC, SPICE, RDP, serial, MKS)',
        [{'method': 'POST', 'path': '/servers/{server_id}/remote-consoles'},
         {'method': 'POST', 'path': '/servers/{server_id}/action '
                                    '(os-getVNCConsole, os-getSPICEConsole, '
                                    'os-getRDPConsole, os-getSerialConsole)'}
         ]),
    policy.DocumentedRuleDefault(
        'os_compute_api:os-console-auth-tokens', base.ADMIN,
        'Show where the remote console of a token connects',
        [{'method': 'GET', 'path': '/os-console-auth-tokens/{console_token}'}
         ]),
]


def list_rules():
    return rules
