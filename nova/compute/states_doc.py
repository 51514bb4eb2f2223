"""The state machine as reStructuredText, written from nova.compute.states.

    .venv/bin/python -m nova.compute.states_doc \
        > doc/source/user/server-states.rst

A unit test checks the committed document equals this output, so the
document users read is the table the API enforces.
"""

from nova.compute import states

_INTRO = """\
=============================
Server states and their rules
=============================

Generated from ``nova/compute/states.py`` by
``python -m nova.compute.states_doc``; do not edit by hand.

Which actions a server accepts depends on its ``vm_state`` (shown by the
API as ``OS-EXT-STS:vm_state`` and, summarized, as ``status``) and its
``task_state`` (``OS-EXT-STS:task_state``: what it is doing now). An
action refused in the current state answers ``409 Conflict`` naming that
state. A locked server refuses the actions of non-admins with ``409``.
"""


def _states(value):
    if value is states.ANY:
        return 'any'
    return ', '.join(sorted('none' if s is None else s for s in value))


def _table(header, rows):
    widths = [max(len(str(cell)) for cell in column)
              for column in zip(header, *rows)]
    rule = '  '.join('=' * w for w in widths)
    lines = [rule, '  '.join(h.ljust(w) for h, w in zip(header, widths)),
             rule]
    lines += ['  '.join(str(c).ljust(w) for c, w in zip(row, widths))
              .rstrip() for row in rows]
    lines.append(rule)
    return '\n'.join(lines)


def render():
    actions = [(key, t.name, _states(t.allowed_vm_states),
                _states(t.allowed_task_states), t.task_state or '-',
                t.vm_state or 'unchanged')
               for key, t in sorted(states.TRANSITIONS.items())]
    deadlines = [(task, d.option, 'ERROR with a fault'
                  if d.outcome == states.FAIL else
                  'back to its stable state, with a fault')
                 for task, d in sorted(states.DEADLINES.items())]
    return '\n'.join([
        _INTRO,
        'Actions',
        '=======',
        '',
        _table(('action', 'API name', 'allowed vm_states',
                'allowed task_states', 'task_state while running',
                'vm_state on success'), actions),
        '',
        'Deadlines',
        '=========',
        '',
        'Each task_state may last as long as its option of the '
        '``[deadlines]``\ngroup says (0 turns it off). A periodic task of '
        'the conductor ends\nthe tasks that ran past theirs:',
        '',
        _table(('task_state', '[deadlines] option', 'at expiry'),
               deadlines),
        '',
    ])


if __name__ == '__main__':
    print(render(), end='')
