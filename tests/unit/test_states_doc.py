"""The user document of the state machine is the table in code."""

import os

from nova.compute import states_doc

DOC = os.path.join(os.path.dirname(__file__), '..', '..', 'doc', 'source',
                   'user', 'server-states.rst')


def test_document_is_generated_from_the_table():
    with open(DOC) as f:
        assert f.read() == states_doc.render(), (
            'regenerate: python -m nova.compute.states_doc > '
            'doc/source/user/server-states.rst')


def test_every_action_and_task_state_appears():
    text = states_doc.render()
    for action in states_doc.states.TRANSITIONS:
        assert '\n%s ' % action in text, action
    for task_state in states_doc.states.DEADLINES:
        assert '\n%s ' % task_state in text, task_state
