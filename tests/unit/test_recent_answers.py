"""nova.recent_answers: a reader's answer kept per key for a few seconds,
a copy to each caller, forgotten (all or some keys) when it changes."""

import threading
import time
import types

from nova import recent_answers


def test_answers_are_kept_copied_and_expire():
    asked = []

    def reader():
        asked.append(1)
        return {'specs': {'a': '1'}}

    kept = recent_answers.RecentAnswers(lambda: 0.2)
    first = kept.get('k', reader)
    first['specs']['a'] = 'changed'
    # The caller's copy is its own.
    assert kept.get('k', reader) == {'specs': {'a': '1'}}
    assert len(asked) == 1
    kept.get('other', reader)
    assert len(asked) == 2
    time.sleep(0.25)
    kept.get('k', reader)
    assert len(asked) == 3


def test_off_at_0_and_errors_are_not_kept():
    asked = []
    kept = recent_answers.RecentAnswers(lambda: 0)
    kept.get('k', lambda: asked.append(1))
    kept.get('k', lambda: asked.append(1))
    assert len(asked) == 2

    def missing():
        asked.append(1)
        raise KeyError('k')

    kept = recent_answers.RecentAnswers(lambda: 10)
    for _ in range(2):
        try:
            kept.get('k', missing)
        except KeyError:
            pass
    assert len(asked) == 4


def test_a_read_across_a_change_is_not_kept():
    """A read that began before a change (it may have seen the old row)
    answers its caller but is not kept for the next."""
    kept = recent_answers.RecentAnswers(lambda: 10)
    reading, changed = threading.Event(), threading.Event()

    def old_row():
        reading.set()
        changed.wait(5)
        return 'old'

    answers = []
    reader = threading.Thread(target=lambda: answers.append(
        kept.get('k', old_row)))
    reader.start()
    assert reading.wait(5)
    kept.changed()
    changed.set()
    reader.join(5)
    assert answers == ['old']
    assert kept.get('k', lambda: 'new') == 'new'


def test_changed_forgets_the_keys_it_names():
    asked = []
    kept = recent_answers.RecentAnswers(lambda: 10)
    for key in (('img', 'a'), ('img', 'b'), ('other', 'a')):
        kept.get(key, lambda: asked.append(1))
    kept.changed(lambda key: key[0] == 'img')
    for key in (('img', 'a'), ('img', 'b'), ('other', 'a')):
        kept.get(key, lambda: asked.append(1))
    # The two img answers were read again, the other one was kept.
    assert len(asked) == 5
    kept.changed()
    kept.get(('other', 'a'), lambda: asked.append(1))
    assert len(asked) == 6


def test_a_writer_forgets_after_it_returns_or_raises():
    kept = recent_answers.RecentAnswers(lambda: 10)
    rows = {'k': 'old'}

    @recent_answers.changes(kept)
    def write(value, fail=False):
        rows['k'] = value
        if fail:
            raise ValueError(value)

    assert kept.get('k', lambda: rows['k']) == 'old'
    write('new')
    assert kept.get('k', lambda: rows['k']) == 'new'
    try:
        write('newer', fail=True)
    except ValueError:
        pass
    # A writer that raised may still have changed what was read.
    assert kept.get('k', lambda: rows['k']) == 'newer'


def test_forget_all_forgets_every_one():
    first = recent_answers.RecentAnswers(lambda: 10)
    second = recent_answers.RecentAnswers(lambda: 10)
    first.get('k', lambda: 1)
    second.get('k', lambda: 1)
    recent_answers.forget_all()
    assert first.get('k', lambda: 2) == 2
    assert second.get('k', lambda: 2) == 2


def test_a_full_cache_drops_what_expired_and_stays_within_its_size(
        monkeypatch):
    now = [100.0]
    monkeypatch.setattr(recent_answers, 'time',
                        types.SimpleNamespace(monotonic=lambda: now[0]))
    kept = recent_answers.RecentAnswers(lambda: 5, size=3)
    kept.get('a', lambda: 'a')
    now[0] += 10
    kept.get('b', lambda: 'b')
    kept.get('c', lambda: 'c')
    # Full: 'a' expired and goes, 'b' and 'c' stay.
    kept.get('d', lambda: 'd')
    assert sorted(kept._answers) == ['b', 'c', 'd']
    # Full of fresh answers: it starts again rather than grow.
    kept.get('e', lambda: 'e')
    assert sorted(kept._answers) == ['e']
