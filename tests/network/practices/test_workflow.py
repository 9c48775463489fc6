"""The moderation state machine: every action from every status for every kind of user.

Kinds of user: an editor (author, coordinator of the IGS, editor of the municipality), a
moderator (steunpunt staff) and someone who may only read (a schepen of another municipality,
an anonymous visitor): ``may_edit`` and ``may_moderate`` as the permission rules give them.
"""

import pytest

from samenspel.network.practices import workflow as wf
from samenspel.network.practices.workflow import DRAFT, PUBLISHED, REVIEW, WorkflowError

READER = {"may_edit": False, "may_moderate": False}
EDITOR = {"may_edit": True, "may_moderate": False}
MODERATOR = {"may_edit": True, "may_moderate": True}

#: (action, from, who) → the status after it, or None when refused. Written out by hand from
#: the table in the module's docstring: 5 actions × 3 statuses × 3 users = 45 cases.
EXPECTED = {
    ("submit", DRAFT): {"reader": None, "editor": REVIEW, "moderator": REVIEW},
    ("withdraw", REVIEW): {"reader": None, "editor": DRAFT, "moderator": DRAFT},
    ("publish", REVIEW): {"reader": None, "editor": None, "moderator": PUBLISHED},
    ("send_back", REVIEW): {"reader": None, "editor": None, "moderator": DRAFT},
    ("unpublish", PUBLISHED): {"reader": None, "editor": None, "moderator": DRAFT},
}
USERS = {"reader": READER, "editor": EDITOR, "moderator": MODERATOR}
CASES = [
    (action, status, who)
    for action in wf.TRANSITIONS
    for status in (DRAFT, REVIEW, PUBLISHED)
    for who in USERS
]


@pytest.mark.parametrize("action,status,who", CASES)
def test_every_action_from_every_status_for_every_user(action, status, who):
    expected = EXPECTED.get((action, status), {}).get(who)
    note = "Graag de partners bij naam noemen."
    if expected is None:
        with pytest.raises(WorkflowError):
            wf.apply(action, status, note=note, **USERS[who])
    else:
        assert wf.apply(action, status, note=note, **USERS[who]) == expected


def test_a_reader_or_an_editor_cannot_publish_and_is_told_who_can():
    for who in (READER, EDITOR):
        with pytest.raises(WorkflowError) as exc:
            wf.apply("publish", REVIEW, **who)
        assert exc.value.forbidden
        assert "Enkel het steunpunt" in str(exc.value)


def test_sending_back_needs_a_note():
    with pytest.raises(WorkflowError, match="opmerking") as exc:
        wf.apply("send_back", REVIEW, note="   ", **MODERATOR)
    assert not exc.value.forbidden
    assert wf.apply("send_back", REVIEW, note="Te vaag.", **MODERATOR) == DRAFT
    with pytest.raises(WorkflowError, match="1.000"):
        wf.apply("unpublish", PUBLISHED, note="x" * 1001, **MODERATOR)


def test_the_note_limit_in_the_message_is_the_limit_applied(monkeypatch):
    # NOTE_MAX is the one place of the rule: with a limit of 1.500 a note of 1.200 passes and
    # one of 1.501 is refused with "hoogstens 1.500" (Belgian thousands separator)
    monkeypatch.setattr(wf, "NOTE_MAX", 1500)
    assert wf.apply("unpublish", PUBLISHED, note="x" * 1200, **MODERATOR) == DRAFT
    with pytest.raises(WorkflowError, match=r"\(1\.501 tekens\): hoogstens 1\.500\."):
        wf.apply("unpublish", PUBLISHED, note="x" * 1501, **MODERATOR)


def test_a_draft_cannot_be_published_directly_and_the_message_says_why():
    with pytest.raises(WorkflowError, match="concept.*ter nazicht") as exc:
        wf.apply("publish", DRAFT, **MODERATOR)
    assert not exc.value.forbidden


def test_unknown_action():
    with pytest.raises(WorkflowError, match="Onbekende actie"):
        wf.apply("verwijder-alles", DRAFT, **MODERATOR)


def test_buttons_offered_per_user():
    assert [t.action for t in wf.available(DRAFT, **EDITOR)] == ["submit"]
    assert [t.action for t in wf.available(REVIEW, **EDITOR)] == ["withdraw"]
    assert [t.action for t in wf.available(REVIEW, **MODERATOR)] == [
        "withdraw",
        "publish",
        "send_back",
    ]
    assert wf.available(PUBLISHED, **EDITOR) == []
    assert [t.action for t in wf.available(PUBLISHED, **MODERATOR)] == ["unpublish"]
    assert wf.available(DRAFT, **READER) == []


def test_editing_a_published_practice_sends_it_back_to_review_unless_a_moderator_edits():
    assert wf.status_after_edit(PUBLISHED, may_moderate=False) == REVIEW
    assert wf.status_after_edit(PUBLISHED, may_moderate=True) == PUBLISHED
    assert wf.status_after_edit(DRAFT, may_moderate=False) == DRAFT
    assert wf.status_after_edit(REVIEW, may_moderate=False) == REVIEW
